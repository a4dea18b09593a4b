import { Navigate, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { PageHeader, type Crumb } from '../../components/PageHeader.tsx';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import AllowanceTab from './AllowanceTab.tsx';
import OverviewTab from './OverviewTab.tsx';
import PurchaseTab from './PurchaseTab.tsx';
import ReservationsTab from './ReservationsTab.tsx';
import SubscriptionsTab from './SubscriptionsTab.tsx';
import { PageTabs, type CustomerJson } from './shared.tsx';

/** The customer's details page (고객의 세부 정보 페이지): one tab per URL, so a reload or a language switch keeps it. */
export const CUSTOMER_TABS = ['overview', 'reservations', 'subscriptions', 'allowance', 'purchase'] as const;
type CustomerTab = (typeof CUSTOMER_TABS)[number];

export default function CustomerPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me } = useSession();
  const { customerId = '', tab } = useParams();
  const customer = useApi<CustomerJson>(`/v1/customers/${encodeURIComponent(customerId)}`);
  if (!tab) return <Navigate to={`/customers/${customerId}/overview`} replace />;
  if (!CUSTOMER_TABS.includes(tab as CustomerTab)) return <Navigate to={`/customers/${customerId}/overview`} replace />;
  const current = tab as CustomerTab;
  const name = customer.data?.companyProfile.companyName ?? '';
  const breadcrumb: Crumb[] = me.tenantType === 'customer'
    ? [{ label: name || t('partner.customer.title') }]
    : [{ label: t('partner.customers.title'), to: '/customers' }, { label: name || t('partner.customer.title') }];

  return (
    <>
      <PageHeader title={name || t('partner.customer.title')} subtitle={t('partner.customer.subtitle')} breadcrumb={breadcrumb} />
      <PageTabs tabs={CUSTOMER_TABS.map((x) => ({ value: x, label: t(`partner.customer.tab.${x}`) }))} selected={current}
        label={t('partner.customer.tabs')} onSelect={(x) => navigate(`/customers/${customerId}/${x}`)} />
      {customer.error ? <ErrorState error={customer.error} onRetry={customer.reload} /> : null}
      {customer.loading && !customer.data ? <Loading /> : null}
      {customer.data ? (
        <div role="tabpanel" aria-label={t(`partner.customer.tab.${current}`)}>
          {current === 'overview' ? <OverviewTab customer={customer.data} onChanged={customer.reload} /> : null}
          {current === 'reservations' ? <ReservationsTab customer={customer.data} /> : null}
          {current === 'subscriptions' ? <SubscriptionsTab customer={customer.data} /> : null}
          {current === 'allowance' ? <AllowanceTab customer={customer.data} /> : null}
          {current === 'purchase' ? <PurchaseTab customer={customer.data} /> : null}
        </div>
      ) : null}
    </>
  );
}
