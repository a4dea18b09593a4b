import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, Table, TableBody,
  TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { Commands, Pager, withParam, type Collection, type CustomerJson } from '../customers/shared.tsx';

/**
 * Audit log: every recorded change, newest first, filtered by customer, action, actor and dates
 * (the filters live in the URL); Export CSV downloads the same filtered entries.
 */
interface AuditEntry {
  id: number; sequence: number | null; recordedAt: string; actorId: string | null; actorName: string; onBehalfOf: string | null;
  action: string; targetType: string; targetId: string; customerId: string | null; before: unknown; after: unknown; hash: string | null;
}
const PAGE = 50;

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  filter: { minWidth: '170px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
  pre: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', maxHeight: '50vh', overflow: 'auto', backgroundColor: tokens.colorNeutralBackground3, padding: tokens.spacingHorizontalM },
  body: { minHeight: '240px' },
});

/** A YYYY-MM-DD day as the instant it starts (from) or the start of the next day (to, exclusive). */
const dayStart = (d: string, next = false) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const at = new Date(`${d}T00:00:00Z`);
  if (next) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
};

export default function AuditLogPage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const customerId = params.get('customerId') ?? '';
  const action = params.get('action') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const [actionText, setActionText] = useState(action);
  useEffect(() => setActionText(action), [action]);
  const [detail, setDetail] = useState<AuditEntry | null>(null);
  const customers = useApi<Collection<CustomerJson>>('/v1/customers?size=500');
  const names = useMemo(() => new Map((customers.data?.items ?? []).map((c) => [c.id, c.companyProfile.companyName])), [customers.data]);
  const filters = { customerId, action, from: dayStart(from), to: dayStart(to, true) };
  const list = useApi<Collection<AuditEntry>>(`/v1/auditLogs${query({ ...filters, size: PAGE, offset })}`);
  const items = list.data?.items ?? [];
  const set = (name: string, value: string) => setParams(withParam(params, name, value), { replace: true });
  const targetWord = (type: string) => {
    const w = t(`partner.audit.target.${type}`);
    return w.startsWith('⟦') ? type : w;
  };

  return (
    <>
      <PageHeader title={t('partner.audit.title')} breadcrumb={[{ label: t('partner.audit.title') }]} subtitle={t('partner.audit.subtitle')} />
      <Commands>
        <Button as="a" href={`/v1/auditLogs/export.csv${query(filters)}`} download="audit-log.csv" icon={<ArrowDownloadRegular />} data-testid="export-csv">
          {t('partner.audit.export')}
        </Button>
      </Commands>
      <div className={s.filters} role="search" aria-label={t('partner.audit.filters')}>
        <Field label={t('partner.home.customer')} className={s.filter}>
          <Select value={customerId} onChange={(_, d) => set('customerId', d.value)}>
            <option value="">{t('partner.filter.all')}</option>
            {(customers.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.companyProfile.companyName}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.audit.action')} className={s.filter}>
          <Input value={actionText} placeholder="reservation.return" onChange={(_, d) => setActionText(d.value)}
            onBlur={() => set('action', actionText.trim())} onKeyDown={(e) => { if (e.key === 'Enter') set('action', actionText.trim()); }} />
        </Field>
        <Field label={t('partner.audit.from')} className={s.filter}>
          <Input type="date" value={from} onChange={(_, d) => set('from', d.value)} />
        </Field>
        <Field label={t('partner.audit.to')} className={s.filter}>
          <Input type="date" value={to} onChange={(_, d) => set('to', d.value)} />
        </Field>
      </div>
      <div className={s.body}>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && items.length === 0 ? <EmptyState title={t('partner.audit.empty')} body={t('partner.audit.emptyBody')} /> : null}
        {items.length ? (
          <>
            <Table style={{ tableLayout: 'auto' }} className={s.table} size="small" aria-label={t('partner.audit.title')} aria-busy={list.loading}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.audit.when')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.audit.actor')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.audit.action')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.audit.target')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.audit.details')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{fmt.dateTime(e.recordedAt)}</TableCell>
                    <TableCell>{e.actorId ? e.actorName : t('partner.audit.system')}</TableCell>
                    <TableCell><span className={s.code}>{e.action}</span></TableCell>
                    <TableCell>{targetWord(e.targetType)} <span className={s.code}>{e.targetId}</span></TableCell>
                    <TableCell>{e.customerId ? <Link to={`/customers/${e.customerId}/overview`}>{names.get(e.customerId) ?? e.customerId}</Link> : '—'}</TableCell>
                    <TableCell>
                      <Button size="small" onClick={() => setDetail(e)} aria-label={t('partner.audit.detailsFor', { n: e.sequence ?? e.id })}>{t('partner.audit.details')}</Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager offset={offset} count={items.length} total={list.data?.totalCount ?? 0} pageSize={PAGE} label={t('partner.audit.title')}
              onOffset={(o) => setParams(withParam(params, 'offset', o ? String(o) : ''))} />
          </>
        ) : null}
      </div>
      {/* Rendered only when open: a closed Dialog still leaves Tabster's focus sentinels on the page. */}
      {detail ? (
      <Dialog open onOpenChange={(_, d) => { if (!d.open) setDetail(null); }}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{detail ? t('partner.audit.detailsFor', { n: detail.sequence ?? detail.id }) : ''}</DialogTitle>
            <DialogContent>
              {detail ? (
                <>
                  <h3>{t('partner.audit.before')}</h3>
                  <pre className={s.pre}>{JSON.stringify(detail.before, null, 2)}</pre>
                  <h3>{t('partner.audit.after')}</h3>
                  <pre className={s.pre}>{JSON.stringify(detail.after, null, 2)}</pre>
                  <p className={s.code}>{t('partner.audit.hash')}: {detail.hash ?? '—'}</p>
                </>
              ) : null}
            </DialogContent>
            <DialogActions><Button appearance="primary" onClick={() => setDetail(null)}>{t('partner.close')}</Button></DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      ) : null}
    </>
  );
}
