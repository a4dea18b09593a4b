import { Field, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { Pager, Section, withParam, type Collection, type CustomerJson, type MoneyJson, PageTabs } from '../customers/shared.tsx';

/**
 * Billing: the partner's credit ledger (balance per currency and entries) and its statements per
 * month and currency with their lines (purchases, refunds, both sides of each exchange).
 */
const TABS = ['credits', 'statements'] as const;
const PAGE = 25;

interface CreditsJson extends Collection<{ id: string; createdAt: string; kind: string; amount: MoneyJson; customerId: string | null; transactionId: string }> {
  balances: MoneyJson[];
}
interface Statement {
  period: string;
  currency: string;
  total: MoneyJson;
  lines: Array<{ id: string; createdAt: string; kind: string; amount: MoneyJson; customerId: string; reservationOrderId: string | null; reservationId: string | null }>;
}

const useStyles = makeStyles({
  balances: { display: 'flex', gap: tokens.spacingHorizontalXXL, flexWrap: 'wrap' },
  balance: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
  filter: { maxWidth: '240px', marginBottom: tokens.spacingVerticalL },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function useCustomerNames() {
  const customers = useApi<Collection<CustomerJson>>('/v1/customers?size=500');
  return useMemo(() => new Map((customers.data?.items ?? []).map((c) => [c.id, c.companyProfile.companyName])), [customers.data]);
}

export default function BillingPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (!tab || !TABS.includes(tab as (typeof TABS)[number])) return <Navigate to="/billing/credits" replace />;
  return (
    <>
      <PageHeader title={t('partner.billing.title')} breadcrumb={[{ label: t('partner.billing.title') }]} subtitle={t('partner.billing.subtitle')} />
      <PageTabs tabs={TABS.map((x) => ({ value: x, label: t(`partner.billing.tab.${x}`) }))} selected={tab} label={t('partner.billing.title')}
        onSelect={(x) => navigate(`/billing/${x}`)} />
      <div role="tabpanel" aria-label={t(`partner.billing.tab.${tab}`)}>
        {tab === 'credits' ? <Credits /> : <Statements />}
      </div>
    </>
  );
}

function kindWord(t: (k: string) => string, kind: string) {
  const w = t(`partner.billing.kind.${kind}`);
  return w.startsWith('⟦') ? kind : w;
}

function Credits() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const names = useCustomerNames();
  const [params, setParams] = useSearchParams();
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const credits = useApi<CreditsJson>(`/v1/credits${query({ size: PAGE, offset })}`);
  if (credits.error) return <ErrorState error={credits.error} onRetry={credits.reload} />;
  if (!credits.data) return <Loading />;
  const { balances, items, totalCount } = credits.data;
  return (
    <>
      <Section title={t('partner.billing.balance')} id="credit-balance">
        {balances.length === 0 ? <Text>{t('partner.billing.noBalance')}</Text> : (
          <div className={s.balances}>
            {balances.map((b) => <span key={b.currencyCode} className={s.balance} data-testid="credit-balance">{fmt.money(b.amountMinor, b.currencyCode)}</span>)}
          </div>
        )}
      </Section>
      <Section title={t('partner.billing.entries')} id="credit-entries">
        {items.length === 0 ? <EmptyState title={t('partner.billing.noCredits')} body={t('partner.billing.noCreditsBody')} /> : (
          <>
            <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="credit-entries">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.billing.col.date')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.billing.col.kind')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.billing.col.transaction')}</TableHeaderCell>
                  <TableHeaderCell className={s.amount}>{t('partner.billing.col.amount')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>{fmt.dateTime(e.createdAt)}</TableCell>
                    <TableCell>{kindWord(t, e.kind)}</TableCell>
                    <TableCell>{e.customerId ? <Link to={`/customers/${e.customerId}/overview`}>{names.get(e.customerId) ?? e.customerId}</Link> : '—'}</TableCell>
                    <TableCell><span className={s.id}>{e.transactionId}</span></TableCell>
                    <TableCell className={s.amount}>{fmt.money(e.amount.amountMinor, e.amount.currencyCode)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager offset={offset} count={items.length} total={totalCount} pageSize={PAGE} label={t('partner.billing.entries')}
              onOffset={(o) => setParams(withParam(params, 'offset', o ? String(o) : ''))} />
          </>
        )}
      </Section>
    </>
  );
}

/** The last twelve months as YYYY-MM, newest first (UTC, as statements are). */
function recentPeriods(): string[] {
  const now = new Date();
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

function Statements() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const names = useCustomerNames();
  const [params, setParams] = useSearchParams();
  const periods = useMemo(recentPeriods, []);
  const period = params.get('period') ?? periods[0]!;
  const statements = useApi<Collection<Statement>>(`/v1/invoices${query({ period })}`);
  return (
    <>
      <Field label={t('partner.billing.period')} className={s.filter}>
        <Select value={period} onChange={(_, d) => setParams(withParam(params, 'period', d.value), { replace: true })}>
          {periods.map((p) => <option key={p} value={p}>{p}</option>)}
        </Select>
      </Field>
      {statements.error ? <ErrorState error={statements.error} onRetry={statements.reload} /> : null}
      {!statements.data && !statements.error ? <Loading /> : null}
      {statements.data && statements.data.items.length === 0 ? <EmptyState title={t('partner.billing.noStatements')} body={t('partner.billing.noStatementsBody', { period })} /> : null}
      {(statements.data?.items ?? []).map((st) => (
        <Section key={`${st.period}-${st.currency}`} id={`st-${st.period}-${st.currency}`}
          title={t('partner.billing.statementTitle', { period: st.period, currency: st.currency })}
          actions={<Text weight="semibold" data-testid="statement-total">{t('partner.billing.total')}: {fmt.money(st.total.amountMinor, st.total.currencyCode)}</Text>}>
          <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby={`st-${st.period}-${st.currency}`}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('partner.billing.col.date')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.billing.col.kind')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.home.customer')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.res.col.id')}</TableHeaderCell>
                <TableHeaderCell className={s.amount}>{t('partner.billing.col.amount')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {st.lines.map((l) => (
                <TableRow key={l.id}>
                  <TableCell>{fmt.dateTime(l.createdAt)}</TableCell>
                  <TableCell>{kindWord(t, l.kind)}</TableCell>
                  <TableCell>{names.get(l.customerId) ?? l.customerId}</TableCell>
                  <TableCell>
                    {l.reservationOrderId && l.reservationId
                      ? <Link to={`/reservations/${l.reservationOrderId}/${l.reservationId}/overview`} className={s.id}>{l.reservationId}</Link>
                      : '—'}
                  </TableCell>
                  <TableCell className={s.amount}>{fmt.money(l.amount.amountMinor, l.amount.currencyCode)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Section>
      ))}
    </>
  );
}
