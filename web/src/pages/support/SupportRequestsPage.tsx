import {
  Button, Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import type { Collection } from '../money/types.ts';
import { DueTime, SeverityBadge, StatusBadge } from './Badges.tsx';
import { SEVERITIES, SUPPORT_STATUSES, type SupportRequestView } from './support-types.ts';

/**
 * Support requests: the partner's requests (the provider desk's, for engineers) with filters by
 * status, severity and customer, soonest due first, paged; the filters live in the URL so a
 * language switch or a reload keeps them.
 */
const PAGE = 25;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  filter: { minWidth: '180px' },
  overdue: { backgroundColor: tokens.colorPaletteRedBackground1 },
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginTop: tokens.spacingVerticalM },
  table: { tableLayout: 'auto' },
});

interface CustomerRow { id: string; companyProfile?: { companyName?: string }; companyName?: string }

export default function SupportRequestsPage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const severity = params.get('severity') ?? '';
  const customerId = params.get('customerId') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const list = useApi<Collection<SupportRequestView>>(`/v1/supportRequests${query({ status, severity, customerId, size: PAGE, offset })}`);
  const customers = useApi<Collection<CustomerRow>>(me.tenantType === 'partner' ? '/v1/customers?size=500' : null);
  const names = useMemo(() => new Map((customers.data?.items ?? []).map((c) => [c.id, c.companyProfile?.companyName ?? c.companyName ?? c.id])), [customers.data]);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('offset');
    setParams(next, { replace: true });
  };
  const setOffset = (o: number) => {
    const next = new URLSearchParams(params);
    if (o) next.set('offset', String(o));
    else next.delete('offset');
    setParams(next);
  };

  const items = list.data?.items ?? [];
  const total = list.data?.totalCount ?? 0;

  return (
    <>
      <PageHeader title={t('support.list.title')} breadcrumb={[{ label: t('support.list.title') }]} subtitle={t('support.list.subtitle')} />
      <div className={s.filters} role="search" aria-label={t('support.list.filters')}>
        <Field label={t('support.field.status')} className={s.filter}>
          <Select value={status} onChange={(_, d) => setFilter('status', d.value)}>
            <option value="">{t('support.filter.all')}</option>
            {SUPPORT_STATUSES.map((x) => <option key={x} value={x}>{t(`support.status.${x}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('support.field.severity')} className={s.filter}>
          <Select value={severity} onChange={(_, d) => setFilter('severity', d.value)}>
            <option value="">{t('support.filter.all')}</option>
            {SEVERITIES.map((x) => <option key={x} value={x}>{t(`support.severity.${x}`)}</option>)}
          </Select>
        </Field>
        {me.tenantType === 'partner' ? (
          <Field label={t('support.field.customer')} className={s.filter}>
            <Select value={customerId} onChange={(_, d) => setFilter('customerId', d.value)}>
              <option value="">{t('support.filter.allCustomers')}</option>
              {(customers.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{names.get(c.id)}</option>)}
            </Select>
          </Field>
        ) : null}
      </div>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState title={t('support.list.emptyTitle')} body={status || severity || customerId ? t('support.list.emptyFiltered') : t('support.list.emptyBody')} />
      ) : null}
      {items.length ? (
        <>
          <Table className={s.table} aria-label={t('support.list.title')} aria-busy={list.loading}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('support.col.number')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.title')}</TableHeaderCell>
                {me.tenantType === 'partner' ? <TableHeaderCell>{t('support.col.customer')}</TableHeaderCell> : null}
                <TableHeaderCell>{t('support.col.status')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.severity')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.due')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.created')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.id} className={r.overdue ? s.overdue : undefined} data-request-id={r.id}>
                  <TableCell><Link to={`/support-requests/${r.id}`}>{r.number}</Link></TableCell>
                  <TableCell>{r.title}</TableCell>
                  {me.tenantType === 'partner' ? <TableCell>{names.get(r.customerId) ?? r.customerId}</TableCell> : null}
                  <TableCell><StatusBadge status={r.status} /></TableCell>
                  <TableCell><SeverityBadge severity={r.severity} /></TableCell>
                  <TableCell><DueTime dueAt={r.dueAt} overdue={r.overdue} /></TableCell>
                  <TableCell>{fmt.dateTime(r.createdAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className={s.pager}>
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('support.page.previous')}</Button>
            <Text>{t('support.page.range', { from: offset + 1, to: offset + items.length, total })}</Text>
            <Button disabled={offset + items.length >= total} onClick={() => setOffset(offset + PAGE)}>{t('support.page.next')}</Button>
          </div>
        </>
      ) : null}
    </>
  );
}
