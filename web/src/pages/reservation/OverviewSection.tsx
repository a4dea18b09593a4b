import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowTrendingDownRegular, ArrowTrendingRegular, ArrowRightRegular } from '@fluentui/react-icons';
import { useApi } from '../../api/use-api.ts';
import { ErrorState } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { Collection, DailyUtilizationJson, ReservationJson, ScopeChoice } from './types.ts';
import { UtilizationChart } from './UtilizationChart.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  h2: { margin: `0 0 ${tokens.spacingVerticalS}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  grid: {
    display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalS, margin: 0,
    '& dt': { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
    '& dd': { margin: 0, fontSize: tokens.fontSizeBase300, overflowWrap: 'anywhere' },
  },
  pair: { display: 'flex', flexDirection: 'column', gap: '2px', minHeight: '40px' },
  figures: { display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalM },
  figure: {
    display: 'flex', flexDirection: 'column', gap: '2px', padding: tokens.spacingHorizontalM, minHeight: '64px',
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium,
  },
  figureValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  chartBox: { minHeight: '230px' },
  trend: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/** Overview / 개요: status, expiry, scope, quantity, term, billing plan, renew, and the utilization data. */
export default function OverviewSection({ reservation: r }: { reservation: ReservationJson }) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const words = useReservationWords();
  const base = `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}`;
  const util = useApi<DailyUtilizationJson>(`${base}/utilization?days=30`);
  const scopes = useApi<Collection<ScopeChoice>>(r.properties.userFriendlyAppliedScopeType === 'Shared' ? null : `${base}/availableScopes`);
  const p = r.properties;
  const daysLeft = Math.ceil((new Date(p.expiryDateTime).getTime() - Date.now()) / 86_400_000);
  const summary = util.data?.summary ?? p.utilization ?? null;
  const figure = (grain: 1 | 7 | 30) => {
    const a = summary?.aggregates.find((x) => x.grain === grain);
    return a ? fmt.percent(a.value) : t('reservation.util.none');
  };
  const trendIcon = summary?.trend === 'UP' ? <ArrowTrendingRegular aria-hidden /> : summary?.trend === 'DOWN' ? <ArrowTrendingDownRegular aria-hidden /> : <ArrowRightRegular aria-hidden />;

  const rows: Array<[string, string, string]> = [
    ['status', t('reservation.overview.status'), words.state(r)],
    ['expiry', t('reservation.overview.expiry'), daysLeft > 0 && p.displayProvisioningState !== 'Expired'
      ? `${fmt.date(p.expiryDate)} (${t('reservation.overview.expiresIn', { days: fmt.number(daysLeft) })})` : fmt.date(p.expiryDate)],
    ['scope', t('reservation.overview.scope'), words.scope(r, scopes.data?.items)],
    ['quantity', t('reservation.overview.quantity'), fmt.number(p.quantity)],
    ['term', t('reservation.overview.term'), words.term(p.term)],
    ['billingPlan', t('reservation.overview.billingPlan'), words.plan(p.billingPlan)],
    ['renew', t('reservation.overview.renew'), words.renew(p.userFriendlyRenewState)],
    ['type', t('reservation.overview.type'), p.reservedResourceType],
    ['sku', t('reservation.overview.sku'), r.sku.name],
    ['region', t('reservation.overview.region'), r.location],
  ];

  return (
    <div className={s.root}>
      <section aria-labelledby="overview-essentials">
        <h2 id="overview-essentials" className={s.h2}>{t('reservation.overview.essentials')}</h2>
        <dl className={s.grid}>
          {rows.map(([key, label, value]) => (
            <div key={key} className={s.pair} data-field={key}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="overview-utilization" data-region="utilization">
        <h2 id="overview-utilization" className={s.h2}>{t('reservation.util.title')}</h2>
        <div className={s.figures}>
          {([1, 7, 30] as const).map((g) => (
            <div key={g} className={s.figure} data-grain={g}>
              <Text size={200}>{t(`reservation.util.day${g}`)}</Text>
              <span className={s.figureValue}>{figure(g)}</span>
            </div>
          ))}
          <div className={s.figure} data-grain="trend">
            <Text size={200}>{t('reservation.util.trend')}</Text>
            <span className={`${s.figureValue} ${s.trend}`}>{summary ? <>{trendIcon}{t(`reservation.util.trend.${summary.trend}`)}</> : t('reservation.util.none')}</span>
          </div>
        </div>
        <div className={s.chartBox}>
          {util.error ? <ErrorState error={util.error} onRetry={util.reload} /> : null}
          {util.data ? (
            util.data.days.some((d) => d.avgPct !== null)
              ? <UtilizationChart data={util.data} />
              : <Text>{t('reservation.util.empty')}</Text>
          ) : null}
        </div>
      </section>
    </div>
  );
}
