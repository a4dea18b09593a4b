import {
  Button, Checkbox, Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import type { Collection } from '../money/types.ts';
import { DueTime, SeverityBadge, StatusBadge } from '../support/Badges.tsx';
import { isProviderDesk } from '../support/permissions.ts';
import { SEVERITIES, SUPPORT_STATUSES, type SupportRequestView } from '../support/support-types.ts';

/**
 * The provider's support desk (Microsoft 지원's role): every partner's requests by status and
 * severity, soonest due first (the API's order), overdue ones highlighted and labelled. Open work
 * (Open, In progress) is the default view; the filters live in the URL.
 */
const PAGE = 25;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  filter: { minWidth: '180px' },
  overdue: { backgroundColor: tokens.colorPaletteRedBackground1 },
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginTop: tokens.spacingVerticalM },
  counts: { display: 'flex', gap: tokens.spacingHorizontalXL, marginBottom: tokens.spacingVerticalM },
});

function Count({ label, path }: { label: string; path: string }) {
  const r = useApi<Collection<unknown>>(path);
  const fmt = useFormat();
  return <Text>{label}: <strong>{r.data ? fmt.number(r.data.totalCount) : '…'}</strong></Text>;
}

export default function DeskQueuePage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'Open';
  const severity = params.get('severity') ?? '';
  const overdue = params.get('overdue') === 'true';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const desk = isProviderDesk(me);
  const list = useApi<Collection<SupportRequestView>>(desk ? `/v1/supportRequests${query({ status: status === 'all' ? '' : status, severity, overdue: overdue ? 'true' : undefined, size: PAGE, offset })}` : null);

  if (!desk) {
    return (
      <>
        <PageHeader title={t('desk.title')} breadcrumb={[{ label: t('desk.title') }]} />
        <EmptyState title={t('desk.notForYou')} body={t('support.reason.deskOnly')} />
      </>
    );
  }

  const set = (name: string, value: string) => {
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
      <PageHeader title={t('desk.title')} breadcrumb={[{ label: t('desk.title') }]} subtitle={t('desk.subtitle')} />
      <div className={s.counts} aria-label={t('desk.summary')} role="group">
        <Count label={t('support.status.Open')} path="/v1/supportRequests?status=Open&size=1" />
        <Count label={t('support.status.InProgress')} path="/v1/supportRequests?status=InProgress&size=1" />
        <Count label={t('support.status.WaitingForPartner')} path="/v1/supportRequests?status=WaitingForPartner&size=1" />
        <Count label={t('support.overdue')} path="/v1/supportRequests?overdue=true&size=1" />
      </div>
      <div className={s.filters} role="search" aria-label={t('support.list.filters')}>
        <Field label={t('support.field.status')} className={s.filter}>
          <Select value={status} onChange={(_, d) => set('status', d.value)}>
            <option value="all">{t('support.filter.all')}</option>
            {SUPPORT_STATUSES.map((x) => <option key={x} value={x}>{t(`support.status.${x}`)}</option>)}
          </Select>
        </Field>
        <Field label={t('support.field.severity')} className={s.filter}>
          <Select value={severity} onChange={(_, d) => set('severity', d.value)}>
            <option value="">{t('support.filter.all')}</option>
            {SEVERITIES.map((x) => <option key={x} value={x}>{t(`support.severity.${x}`)}</option>)}
          </Select>
        </Field>
        <Checkbox checked={overdue} onChange={(_, d) => set('overdue', d.checked ? 'true' : '')} label={t('desk.overdueOnly')} />
      </div>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && items.length === 0 ? <EmptyState title={t('desk.emptyTitle')} body={t('desk.emptyBody')} /> : null}
      {items.length ? (
        <>
          <Table aria-label={t('desk.queue')} aria-busy={list.loading}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('support.col.due')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.severity')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.status')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.number')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.title')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.category')}</TableHeaderCell>
                <TableHeaderCell>{t('support.col.created')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.id} className={r.overdue ? s.overdue : undefined} data-request-id={r.id}>
                  <TableCell><DueTime dueAt={r.dueAt} overdue={r.overdue} /></TableCell>
                  <TableCell><SeverityBadge severity={r.severity} /></TableCell>
                  <TableCell><StatusBadge status={r.status} /></TableCell>
                  <TableCell><Link to={`/desk/${r.id}`}>{r.number}</Link></TableCell>
                  <TableCell>{r.title}</TableCell>
                  <TableCell>{t(`support.category.${r.category}`)}</TableCell>
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
