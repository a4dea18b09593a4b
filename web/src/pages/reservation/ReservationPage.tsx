import { Badge, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  DocumentBulletListRegular, HeadsetRegular, InfoRegular, PersonKeyRegular, SettingsRegular,
} from '@fluentui/react-icons';
import { lazy, Suspense, type ReactElement } from 'react';
import { NavLink, useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { PageHeader, type Crumb } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { CommandBar } from './CommandBar.tsx';
import { useReservationWords } from './reservation-words.ts';
import { MENU_SECTIONS, isSection, reservationPath, type ReservationCustomerJson, type ReservationJson, type Section } from './types.ts';

/**
 * The reservation details page: the portal-style left menu (Overview, Access control (IAM),
 * Configuration, Properties, New support request — glossary order and words) beside the chosen
 * section. Return and Exchange are command-bar actions whose sections render MONEY-SUPPORT's
 * components; every section is loaded lazily.
 */
const OverviewSection = lazy(() => import('./OverviewSection.tsx'));
const IamSection = lazy(() => import('./IamSection.tsx'));
const ConfigurationSection = lazy(() => import('./ConfigurationSection.tsx'));
const PropertiesSection = lazy(() => import('./PropertiesSection.tsx'));
const ReturnPage = lazy(() => import('../money/ReturnPage.tsx'));
const ExchangePage = lazy(() => import('../money/ExchangePage.tsx'));
const NewSupportRequest = lazy(() => import('../support/NewSupportRequest.tsx'));

const ICONS: Record<(typeof MENU_SECTIONS)[number], ReactElement> = {
  overview: <InfoRegular />,
  iam: <PersonKeyRegular />,
  configuration: <SettingsRegular />,
  properties: <DocumentBulletListRegular />,
  support: <HeadsetRegular />,
};

const useStyles = makeStyles({
  commands: {
    display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, minHeight: '40px',
    marginTop: `calc(-1 * ${tokens.spacingVerticalS})`, marginBottom: tokens.spacingVerticalL,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalXS,
  },
  layout: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'flex-start' },
  menu: {
    width: '212px', flexShrink: 0, backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`, paddingBlock: tokens.spacingVerticalXS, position: 'sticky', top: 0,
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  link: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minHeight: '36px',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalM}`, color: tokens.colorNeutralForeground1, textDecoration: 'none',
    borderLeft: '3px solid transparent', fontSize: tokens.fontSizeBase300,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    '& svg': { fontSize: '18px', flexShrink: 0, color: tokens.colorBrandForeground1 },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, borderLeft: `3px solid ${tokens.colorBrandStroke1}`, fontWeight: tokens.fontWeightSemibold },
  content: {
    flexGrow: 1, minWidth: 0, backgroundColor: tokens.colorNeutralBackground1, borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`, padding: tokens.spacingHorizontalXL, minHeight: '480px',
  },
});

export default function ReservationPage() {
  const t = useT();
  const s = useStyles();
  const words = useReservationWords();
  const { me } = useSession();
  const { orderId = '', reservationId = '', section = 'overview' } = useParams();
  const base = `/v1/reservations/${orderId}/${reservationId}`;
  const res = useApi<ReservationJson>(base);
  const customer = useApi<ReservationCustomerJson>(res.data ? `${base}/customer` : null);
  const r = res.data;

  // Partner users come from the customer's Azure reservations tab; a customer's own users have no customer pages.
  const partnerView = me.tenantType !== 'customer';
  const crumbs: Crumb[] = partnerView ? [{ label: t('reservation.crumb.customers'), to: '/customers' }] : [];
  if (customer.data) {
    crumbs.push({ label: customer.data.companyName, to: partnerView ? `/customers/${customer.data.customerId}` : undefined });
    crumbs.push({ label: t('reservation.crumb.reservations'), to: partnerView ? `/customers/${customer.data.customerId}/reservations` : undefined });
  }
  const title = r?.properties.displayName ?? t('reservation.crumb.reservation');
  crumbs.push({ label: title });

  const known = isSection(section);
  const current: Section = known ? section : 'overview';

  return (
    <div aria-busy={res.loading}>
      <PageHeader
        title={title}
        breadcrumb={crumbs}
        subtitle={r ? `${t('reservation.page.label')} · ${r.sku.name} · ${r.location}` : t('reservation.page.label')}
        badges={r ? <Badge appearance="tint" color={r.properties.displayProvisioningState === 'Succeeded' ? 'success' : r.properties.displayProvisioningState === 'Expiring' ? 'warning' : 'informative'}>{words.state(r)}</Badge> : null}
      />
      {/* The command bar keeps its height while loading and on every section, so nothing below moves. */}
      <div className={s.commands} role="group" aria-label={t('shell.commandBar.label')}>
        {r ? <CommandBar reservation={r} onChanged={res.reload} /> : null}
      </div>
      <div className={s.layout}>
        <nav className={s.menu} aria-label={t('reservation.page.menu')}>
          <ul className={s.list}>
            {MENU_SECTIONS.map((m) => (
              <li key={m}>
                <NavLink
                  to={reservationPath(orderId, reservationId, m)}
                  className={({ isActive }) => mergeClasses(s.link, isActive && s.active)}
                  data-section={m}
                >
                  {ICONS[m]}
                  <span>{t(`reservation.menu.${m}`)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <section className={s.content} aria-label={t(current === 'return' || current === 'exchange' ? `reservation.section.${current}` : `reservation.menu.${current}`)}>
          {!known ? <ErrorState error={new Error(t('reservation.page.unknownSection', { section }))} /> : null}
          {res.error ? (
            <ErrorState error={res.error} title={res.error.status === 404 ? t('reservation.page.notFound') : undefined} onRetry={res.reload} />
          ) : !r ? (
            <Loading />
          ) : known ? (
            <Suspense fallback={<Loading />}>
              {current === 'overview' ? <OverviewSection reservation={r} /> : null}
              {current === 'iam' ? <IamSection reservation={r} /> : null}
              {current === 'configuration' ? <ConfigurationSection reservation={r} onSaved={res.reload} /> : null}
              {current === 'properties' ? <PropertiesSection reservation={r} /> : null}
              {current === 'support' ? <NewSupportRequest orderId={orderId} reservationId={reservationId} reservation={r} /> : null}
              {current === 'return' ? <ReturnPage orderId={orderId} reservationId={reservationId} reservation={r} /> : null}
              {current === 'exchange' ? <ExchangePage orderId={orderId} reservationId={reservationId} reservation={r} /> : null}
            </Suspense>
          ) : null}
        </section>
      </div>
    </div>
  );
}
