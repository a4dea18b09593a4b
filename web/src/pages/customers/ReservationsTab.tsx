import {
  Button, Caption1, Field, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, SearchBox, Select, Table, TableBody, TableCell,
  TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { usePartnerReason } from './OverviewTab.tsx';
import { Pager, RESOURCE_TYPES, withParam, useWords, type Collection, type CustomerJson, type Decision } from './shared.tsx';

/**
 * Azure reservations / Azure 예약: the customer's reservations with server-side filters (state,
 * type, expiring, name) and sorting, paged. Each row's Actions / 작업 menu: Manage / 관리 opens
 * the reservation details page; Return and Exchange are offered only as the API allows them and
 * otherwise shown disabled with the reason.
 */
interface ReservationRow {
  id: string;
  name: string;
  location: string;
  sku: { name: string };
  properties: {
    displayName: string;
    reservedResourceType: string;
    quantity: number;
    term: string;
    billingPlan: string;
    userFriendlyAppliedScopeType: string;
    displayProvisioningState: string;
    provisioningState: string;
    archived?: boolean;
    expiryDate?: string;
    expiryDateTime?: string;
    utilization?: { aggregates: Array<{ grain: number; value: number }> };
  };
  allowedActions?: Record<string, Decision>;
}

const PAGE = 25;
const STATES = ['Succeeded', 'Expiring', 'Expired', 'Pending', 'Processing', 'Cancelled', 'Failed', 'Warning', 'NoBenefit'] as const;
/** Sortable columns and the /v1 orderBy property each sorts by. */
const SORTS: Record<string, string> = {
  name: 'properties/displayName', type: 'properties/reservedResourceType', sku: 'sku/name', region: 'location',
  quantity: 'properties/quantity', status: 'properties/provisioningState', expiry: 'properties/expiryDateTime',
};

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', alignItems: 'end', marginBottom: tokens.spacingVerticalL },
  filter: { minWidth: '170px' },
  scroller: { overflowX: 'auto', backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium },
  // One line per cell (the ID wraps in its own column), the scroller takes the width at 1024 px.
  table: { '& td, & th': { whiteSpace: 'nowrap' } },
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all', display: 'inline-block', width: '150px', whiteSpace: 'normal' },
  reason: { display: 'block', color: tokens.colorNeutralForeground3, whiteSpace: 'normal', maxWidth: '300px' },
  body: { minHeight: '240px' },
});

/** "/providers/…/reservationOrders/{o}/reservations/{r}" → the two GUIDs. */
function idsOf(id: string): { orderId: string; reservationId: string } {
  const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(id);
  return { orderId: m?.[1] ?? '', reservationId: m?.[2] ?? '' };
}

export default function ReservationsTab({ customer }: { customer: CustomerJson }) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const words = useWords();
  const reasonText = usePartnerReason();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? '';
  const type = params.get('type') ?? '';
  const expiring = params.get('expiring') ?? '';
  const search = params.get('search') ?? '';
  const sort = params.get('sort') ?? '';
  const dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  useEffect(() => {
    if (text === search) return;
    const timer = setTimeout(() => setParams(withParam(params, 'search', text.trim()), { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, search, params, setParams]);

  const orderBy = SORTS[sort] ? `${SORTS[sort]} ${dir}` : undefined;
  const list = useApi<Collection<ReservationRow>>(
    `/v1/customers/${customer.id}/reservations${query({ state, type, expiringWithinDays: expiring, search, orderBy, size: PAGE, offset })}`,
  );
  const items = list.data?.items ?? [];
  const filtered = Boolean(state || type || expiring || search);
  const setFilter = (name: string, value: string) => setParams(withParam(params, name, value), { replace: true });
  const sortBy = (column: string) => {
    let next = withParam(params, 'sort', column);
    next = withParam(next, 'dir', sort === column && dir === 'asc' ? 'desc' : 'asc');
    setParams(next, { replace: true });
  };
  const header = (column: string | null, key: string) => {
    if (!column) return <TableHeaderCell>{t(key)}</TableHeaderCell>;
    const active = sort === column;
    return (
      <TableHeaderCell sortable sortDirection={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined} onClick={() => sortBy(column)}
        data-sort={column}>
        {t(key)}
      </TableHeaderCell>
    );
  };

  return (
    <>
      <div className={s.filters} role="search" aria-label={t('partner.res.filters')}>
        <Field label={t('partner.res.search')} className={s.filter}>
          <SearchBox value={text} onChange={(_, d) => setText(d.value)} />
        </Field>
        <Field label={t('partner.res.col.status')} className={s.filter}>
          <Select value={state} onChange={(_, d) => setFilter('state', d.value)} data-testid="filter-state">
            <option value="">{t('partner.filter.all')}</option>
            {STATES.map((x) => <option key={x} value={x}>{words.state(x)}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.type')} className={s.filter}>
          <Select value={type} onChange={(_, d) => setFilter('type', d.value)} data-testid="filter-type">
            <option value="">{t('partner.filter.all')}</option>
            {RESOURCE_TYPES.map((x) => <option key={x} value={x}>{words.type(x)}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.expiring')} className={s.filter}>
          <Select value={expiring} onChange={(_, d) => setFilter('expiring', d.value)}>
            <option value="">{t('partner.filter.any')}</option>
            {['30', '60', '90', '180'].map((d) => <option key={d} value={d}>{t('partner.res.withinDays', { days: d })}</option>)}
          </Select>
        </Field>
      </div>
      <div className={s.body}>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState title={t('partner.res.emptyTitle')} body={filtered ? t('partner.res.emptyFiltered') : t('partner.res.emptyBody')} />
        ) : null}
        {items.length ? (
          <>
            <div className={s.scroller}>
              <Table style={{ tableLayout: 'auto' }} className={s.table} aria-label={t('partner.customer.tab.reservations')} aria-busy={list.loading} size="small">
                <TableHeader>
                  <TableRow>
                    {header('name', 'partner.res.col.name')}
                    {header(null, 'partner.res.col.id')}
                    {header('type', 'partner.res.col.type')}
                    {header('sku', 'partner.res.col.sku')}
                    {header('region', 'partner.res.col.region')}
                    {header('quantity', 'partner.res.col.quantity')}
                    {header(null, 'partner.res.col.term')}
                    {header(null, 'partner.res.col.plan')}
                    {header(null, 'partner.res.col.scope')}
                    {header('status', 'partner.res.col.status')}
                    {header('expiry', 'partner.res.col.expiry')}
                    {header(null, 'partner.res.col.utilization')}
                    {header(null, 'partner.res.col.actions')}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {items.map((r) => {
                    const { orderId, reservationId } = idsOf(r.id);
                    const base = `/reservations/${orderId}/${reservationId}`;
                    const util7 = r.properties.utilization?.aggregates.find((a) => a.grain === 7);
                    const actions: Array<{ key: string; label: string; to: string; decision: Decision }> = [
                      { key: 'manage', label: t('partner.res.manage'), to: `${base}/overview`, decision: r.allowedActions?.read ?? { allowed: true } },
                      { key: 'return', label: t('partner.res.return'), to: `${base}/return`, decision: r.allowedActions?.return ?? { allowed: false } },
                      { key: 'exchange', label: t('partner.res.exchange'), to: `${base}/exchange`, decision: r.allowedActions?.exchange ?? { allowed: false } },
                    ];
                    return (
                      <TableRow key={r.id} data-reservation-id={reservationId}>
                        <TableCell><Link to={`${base}/overview`}>{r.properties.displayName}</Link></TableCell>
                        <TableCell><span className={s.id}>{reservationId}</span></TableCell>
                        <TableCell>{words.type(r.properties.reservedResourceType)}</TableCell>
                        <TableCell>{r.sku.name}</TableCell>
                        <TableCell>{r.location}</TableCell>
                        <TableCell>{fmt.number(r.properties.quantity)}</TableCell>
                        <TableCell>{words.term(r.properties.term)}</TableCell>
                        <TableCell>{words.plan(r.properties.billingPlan)}</TableCell>
                        <TableCell>{words.scope(r.properties.userFriendlyAppliedScopeType)}</TableCell>
                        <TableCell>{r.properties.archived ? t('reservation.state.archived') : words.state(r.properties.displayProvisioningState)}</TableCell>
                        <TableCell>{r.properties.expiryDate ? fmt.date(r.properties.expiryDate) : '—'}</TableCell>
                        <TableCell>{util7 ? fmt.percent(util7.value) : <span aria-label={t('partner.res.noData')}>—</span>}</TableCell>
                        <TableCell>
                          <Menu positioning="below-end">
                            <MenuTrigger disableButtonEnhancement>
                              <Button size="small" appearance="subtle" icon={<MoreHorizontalRegular />} data-testid="row-actions"
                                aria-label={t('partner.res.actionsFor', { name: r.properties.displayName })}>
                                {t('partner.res.col.actions')}
                              </Button>
                            </MenuTrigger>
                            <MenuPopover>
                              <MenuList>
                                {actions.map((a) => (
                                  <MenuItem key={a.key} disabled={!a.decision.allowed} data-action={a.key}
                                    data-disabled-reason={a.decision.allowed ? undefined : reasonText(a.decision.reason)}
                                    onClick={() => navigate(a.to)}>
                                    {a.label}
                                    {!a.decision.allowed && a.decision.reason ? <Caption1 className={s.reason}>{reasonText(a.decision.reason)}</Caption1> : null}
                                  </MenuItem>
                                ))}
                              </MenuList>
                            </MenuPopover>
                          </Menu>
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
            <Pager offset={offset} count={items.length} total={list.data?.totalCount ?? 0} pageSize={PAGE} label={t('partner.res.pages')}
              onOffset={(o) => setParams(withParam(params, 'offset', o ? String(o) : ''))} />
          </>
        ) : null}
      </div>
    </>
  );
}
