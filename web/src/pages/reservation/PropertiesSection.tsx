import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { idsOfResource, useReservationWords } from './reservation-words.ts';
import { reservationPath, type ReservationJson } from './types.ts';

const useStyles = makeStyles({
  h2: { margin: `0 0 ${tokens.spacingVerticalM}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  list: {
    display: 'grid', gridTemplateColumns: 'minmax(150px, 220px) minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: 0, margin: 0,
    '& dt': { color: tokens.colorNeutralForeground2, padding: `${tokens.spacingVerticalS} 0`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
    '& dd': { margin: 0, padding: `${tokens.spacingVerticalXS} 0`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, minHeight: '32px', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, overflowWrap: 'anywhere' },
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** Properties / 속성: every property, the two IDs with Copy to clipboard / 클립보드에 복사. */
export default function PropertiesSection({ reservation: r }: { reservation: ReservationJson }) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const words = useReservationWords();
  const p = r.properties;
  const none = t('reservation.props.none');
  const link = (id: string | null | undefined) => {
    const ids = id ? idsOfResource(id) : undefined;
    return ids ? <Link key={id} to={reservationPath(ids.orderId, ids.reservationId, 'properties')} className={s.mono}>{ids.reservationId}</Link> : none;
  };
  const links = (ids: readonly string[] | undefined) => (ids && ids.length ? <span>{ids.map((id, i) => <span key={id}>{i ? ', ' : ''}{link(id)}</span>)}</span> : none);
  const lineage = p.lineage;

  const rows: Array<[string, string, ReactNode]> = [
    ['reservationId', t('reservation.props.reservationId'), <><span className={s.mono} data-value="reservationId">{p.reservationId}</span><CopyButton value={p.reservationId} label={t('reservation.props.copyReservationId')} /></>],
    ['reservationOrderId', t('reservation.props.reservationOrderId'), <><span className={s.mono} data-value="reservationOrderId">{p.reservationOrderId}</span><CopyButton value={p.reservationOrderId} label={t('reservation.props.copyOrderId')} /></>],
    ['resourceId', t('reservation.props.resourceId'), <span className={s.mono}>{p.reservationResourceId}</span>],
    ['orderResourceId', t('reservation.props.orderResourceId'), <span className={s.mono}>{p.reservationOrderResourceId}</span>],
    ['displayName', t('reservation.props.displayName'), p.displayName],
    ['status', t('reservation.props.status'), words.state(r)],
    ['type', t('reservation.props.type'), p.reservedResourceType],
    ['sku', t('reservation.props.sku'), r.sku.name],
    ['region', t('reservation.props.region'), r.location],
    ['quantity', t('reservation.props.quantity'), fmt.number(p.quantity)],
    ['term', t('reservation.props.term'), words.term(p.term)],
    ['billingPlan', t('reservation.props.billingPlan'), words.plan(p.billingPlan)],
    ['billingSubscription', t('reservation.props.billingSubscription'), <span className={s.mono}>{p.billingSubscriptionId}</span>],
    ['scope', t('reservation.props.scope'), words.scope(r)],
    ['purchaseDate', t('reservation.props.purchaseDate'), fmt.dateTime(p.purchaseDateTime)],
    ['effectiveDate', t('reservation.props.effectiveDate'), p.effectiveDateTime ? fmt.dateTime(p.effectiveDateTime) : none],
    ['benefitStart', t('reservation.props.benefitStart'), p.benefitStartTime ? fmt.dateTime(p.benefitStartTime) : none],
    ['expiry', t('reservation.props.expiry'), fmt.dateTime(p.expiryDateTime)],
    ['lastUpdated', t('reservation.props.lastUpdated'), p.lastUpdatedDateTime ? fmt.dateTime(p.lastUpdatedDateTime) : none],
    ['renew', t('reservation.props.renew'), words.renew(p.userFriendlyRenewState)],
    ['instanceFlexibility', t('reservation.props.instanceFlexibility'), p.instanceFlexibility ? t(`reservation.flex.${p.instanceFlexibility}`) : none],
    ['archived', t('reservation.props.archived'), t(p.archived ? 'reservation.yes' : 'reservation.no')],
    ['splitSource', t('reservation.props.splitSource'), link(lineage?.splitSource)],
    ['splitDestinations', t('reservation.props.splitDestinations'), links(lineage?.splitDestinations)],
    ['mergeSources', t('reservation.props.mergeSources'), links(lineage?.mergeSources)],
    ['mergeDestination', t('reservation.props.mergeDestination'), link(lineage?.mergeDestination)],
    ['renewSource', t('reservation.props.renewSource'), link(lineage?.renewSource)],
    ['renewDestination', t('reservation.props.renewDestination'), link(lineage?.renewDestination)],
  ];
  return (
    <section aria-labelledby="props-title">
      <h2 id="props-title" className={s.h2}>{t('reservation.props.title')}</h2>
      <dl className={s.list}>
        {rows.map(([key, label, value]) => (
          <div key={key} style={{ display: 'contents' }} data-field={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
