import { Badge, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Link, Navigate } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Section, type MoneyJson } from '../customers/shared.tsx';

/**
 * Home: what needs attention, from one request (GET /v1/home): reservations expiring within 30
 * days, low utilization, open support requests by due time, and the customers closest to their
 * refund cap. A customer user lands on its own tenant's reservations instead.
 */
interface HomeJson {
  expiring: {
    withinDays: number;
    totalCount: number;
    items: Array<{ id: string; location: string; sku: { name: string }; customerId: string; customerName: string; properties: { displayName: string; expiryDate: string; quantity: number; reservedResourceType: string } }>;
  };
  lowUtilization: {
    thresholdPct: number;
    lookBackDays: number;
    total: number;
    items: Array<{ reservationId: string; reservationOrderId: string; customerId: string; customerName: string; displayName: string; skuName: string; location: string; quantity: number; utilizationPct: number }>;
  };
  supportRequests: {
    totalCount: number;
    items: Array<{ id: string; number: string; title: string; status: string; severity: string; customerId: string; customerName: string; dueAt: string; overdue: boolean }>;
  };
  allowances: Array<{ customerId: string; customerName: string; consumedPct: number; limit: MoneyJson; consumed: MoneyJson; remaining: MoneyJson }>;
}

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  count: { color: tokens.colorNeutralForeground2 },
  bar: { minWidth: '120px' },
  nowrap: { whiteSpace: 'nowrap' },
});

function idsOf(id: string) {
  const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(id);
  return { orderId: m?.[1] ?? '', reservationId: m?.[2] ?? '' };
}

export default function HomePage() {
  const { me } = useSession();
  if (me.tenantType === 'customer' && me.customerId) return <Navigate to={`/customers/${me.customerId}/reservations`} replace />;
  return <PartnerHome />;
}

function PartnerHome() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const { me } = useSession();
  const home = useApi<HomeJson>('/v1/home');
  const partnerName = me.partner?.name;
  const header = <PageHeader title={t('partner.home.title')} subtitle={partnerName ? t('partner.home.subtitleFor', { name: partnerName }) : t('partner.home.subtitle')} />;
  if (home.error) return <>{header}<ErrorState error={home.error} onRetry={home.reload} /></>;
  if (!home.data) return <>{header}<Loading /></>;
  const d = home.data;
  const count = (n: number) => <Text className={s.count}>{t('partner.home.count', { count: fmt.number(n) })}</Text>;

  return (
    <>
      {header}
      <div className={s.grid}>
        <Section title={t('partner.home.expiring', { days: d.expiring.withinDays })} id="home-expiring" actions={count(d.expiring.totalCount)}>
          {d.expiring.items.length === 0 ? <EmptyState title={t('partner.home.expiringEmpty')} /> : (
            <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="home-expiring">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.res.col.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.res.col.expiry')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.expiring.items.map((r) => {
                  const ids = idsOf(r.id);
                  return (
                    <TableRow key={r.id}>
                      <TableCell><Link to={`/reservations/${ids.orderId}/${ids.reservationId}/overview`}>{r.properties.displayName}</Link></TableCell>
                      <TableCell className={s.nowrap}>{r.customerName}</TableCell>
                      <TableCell className={s.nowrap}>{fmt.date(r.properties.expiryDate)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Section>
        <Section title={t('partner.home.lowUtilization')} id="home-low" actions={count(d.lowUtilization.total)}>
          <Text as="p">{t('partner.home.lowUtilizationRule', { pct: fmt.percent(d.lowUtilization.thresholdPct), days: d.lowUtilization.lookBackDays })}</Text>
          {d.lowUtilization.items.length === 0 ? <EmptyState title={t('partner.home.lowEmpty')} /> : (
            <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="home-low">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.res.col.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.utilization')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.lowUtilization.items.map((r) => (
                  <TableRow key={r.reservationId}>
                    <TableCell><Link to={`/reservations/${r.reservationOrderId}/${r.reservationId}/overview`}>{r.displayName}</Link></TableCell>
                    <TableCell className={s.nowrap}>{r.customerName}</TableCell>
                    <TableCell className={s.nowrap}>{fmt.percent(r.utilizationPct)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
        <Section title={t('partner.home.support')} id="home-support" actions={count(d.supportRequests.totalCount)}>
          {d.supportRequests.items.length === 0 ? <EmptyState title={t('partner.home.supportEmpty')} /> : (
            <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="home-support">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.home.request')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.due')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.supportRequests.items.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell><Link to={me.tenantType === 'provider' ? `/desk/${r.id}` : `/support-requests/${r.id}`}>{r.number}</Link> {r.title}</TableCell>
                    <TableCell>{r.customerName}</TableCell>
                    <TableCell>
                      {fmt.dateTime(r.dueAt)}{' '}
                      {r.overdue ? <Badge appearance="filled" color="danger">{t('partner.home.overdue')}</Badge> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
        <Section title={t('partner.home.allowances')} id="home-allowance">
          {d.allowances.length === 0 ? <EmptyState title={t('partner.home.allowanceEmpty')} body={t('partner.home.allowanceEmptyBody')} /> : (
            <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="home-allowance">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.allowance.consumed')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.allowance.remaining')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {d.allowances.map((a) => (
                  <TableRow key={a.customerId}>
                    <TableCell><Link to={`/customers/${a.customerId}/allowance`}>{a.customerName}</Link></TableCell>
                    <TableCell>
                      <div className={s.bar}>
                        <Text>{fmt.money(a.consumed.amountMinor, a.consumed.currencyCode)} ({fmt.percent(a.consumedPct)})</Text>
                        <ProgressBar value={Math.min(1, a.consumedPct / 100)} color={a.consumedPct > 80 ? 'warning' : 'brand'}
                          aria-label={t('partner.allowance.usedShare', { pct: fmt.percent(a.consumedPct) })} />
                      </div>
                    </TableCell>
                    <TableCell>{fmt.money(a.remaining.amountMinor, a.remaining.currencyCode)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Section>
      </div>
    </>
  );
}
