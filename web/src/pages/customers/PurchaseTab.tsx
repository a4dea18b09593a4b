import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar, MessageBarBody,
  MessageBarTitle, Select, SpinButton, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { ActionButton } from '../../components/ActionButton.tsx';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { usePartnerReason } from './OverviewTab.tsx';
import { Facts, RESOURCE_TYPES, Section, majorToMinor, useWords, type Collection, type CustomerJson, type Decision } from './shared.tsx';

/**
 * Buy reservation: pick from the catalog (type → region → SKU → term → billing plan), quantity,
 * billing subscription and scope; calculate the price (Azure calculatePrice); then buy after a
 * confirmation, with one Idempotency-Key per confirmation so a retried click never buys twice.
 * Offered only where the purchase service would accept it (GET …/purchaseOptions); otherwise the
 * reason is shown.
 */
interface PurchaseOptions {
  purchase: Decision;
  subscriptions: Array<{ id: string; displayName: string; state: string; purchase: Decision }>;
}
interface CatalogItem {
  id: string;
  reservedResourceType: string;
  skuName: string;
  title?: string;
  location: string;
  terms: string[];
  /** The billing plans offered per term. */
  billingPlans: Record<string, string[]>;
}
interface PriceJson {
  properties: {
    billingCurrencyTotal: { currencyCode: string; amount: number };
    reservationOrderId: string;
    skuDescription: string;
    paymentSchedule?: Array<{ dueDate: string; pricingCurrencyTotal?: { currencyCode: string; amount: number } }>;
  };
}
interface OrderJson {
  lineItems: Array<{ resourceIds: { reservationOrderId: string; reservationIds: string[] } }>;
  totalPrice: { currencyCode: string; amount: number };
}

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginTop: tokens.spacingVerticalM },
  price: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export default function PurchaseTab({ customer }: { customer: CustomerJson }) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const words = useWords();
  const reasonText = usePartnerReason();
  const options = useApi<PurchaseOptions>(`/v1/customers/${customer.id}/purchaseOptions`);
  const [type, setType] = useState<string>('VirtualMachines');
  const catalog = useApi<Collection<CatalogItem>>(`/v1/catalog/items${query({ reservedResourceType: type, size: 1000 })}`);
  const [location, setLocation] = useState('');
  const [offerId, setOfferId] = useState('');
  const [term, setTerm] = useState('');
  const [plan, setPlan] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [subscriptionId, setSubscriptionId] = useState('');
  const [scope, setScope] = useState<'shared' | 'single'>('shared');
  const [name, setName] = useState('');
  const [price, setPrice] = useState<PriceJson | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirmKey, setConfirmKey] = useState<string | null>(null);
  const [order, setOrder] = useState<OrderJson | null>(null);

  const items = catalog.data?.items ?? [];
  const locations = useMemo(() => [...new Set(items.map((i) => i.location))].sort(), [items]);
  const skus = items.filter((i) => i.location === location);
  const item = skus.find((i) => i.id === offerId);
  const plans = item ? (item.billingPlans[term] ?? []) : [];
  const allowedSubs = (options.data?.subscriptions ?? []).filter((x) => x.purchase.allowed);

  // Each choice narrows the next; a choice that no longer exists falls back to the first offered.
  useEffect(() => { if (!locations.includes(location)) setLocation(locations[0] ?? ''); }, [locations, location]);
  useEffect(() => { if (!skus.some((i) => i.id === offerId)) setOfferId(skus[0]?.id ?? ''); }, [skus, offerId]);
  useEffect(() => { if (item && !item.terms.includes(term)) setTerm(item.terms[0] ?? ''); }, [item, term]);
  useEffect(() => { if (item && !plans.includes(plan)) setPlan(plans[0] ?? ''); }, [item, plans, plan]);
  useEffect(() => { if (!allowedSubs.some((x) => x.id === subscriptionId)) setSubscriptionId(allowedSubs[0]?.id ?? ''); }, [allowedSubs, subscriptionId]);
  // A changed choice makes the last price stale.
  useEffect(() => { setPrice(null); setOrder(null); }, [offerId, term, plan, quantity, subscriptionId, scope, name]);

  if (options.error) return <ErrorState error={options.error} onRetry={options.reload} />;
  if (!options.data) return <Loading />;
  const decision = options.data.purchase;
  const translated: Decision = decision.allowed ? decision : { allowed: false, reason: reasonText(decision.reason) };

  const calculate = async () => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        sku: { name: item.skuName }, location: item.location,
        properties: {
          reservedResourceType: item.reservedResourceType, billingScopeId: `/subscriptions/${subscriptionId}`, term, billingPlan: plan, quantity,
          displayName: name || undefined, appliedScopeType: scope === 'single' ? 'Single' : 'Shared',
          appliedScopes: scope === 'single' ? [`/subscriptions/${subscriptionId}`] : undefined,
        },
      };
      setPrice(await api<PriceJson>('POST', '/providers/Microsoft.Capacity/calculatePrice?api-version=2022-11-01', body));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const buy = async () => {
    if (!item || !confirmKey) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api<OrderJson>('POST', `/v1/customers/${customer.id}/orders`, {
        lineItems: [{ offerId: item.id, quantity, termDuration: term, billingPlan: plan, friendlyName: name || undefined, provisioningContext: { subscriptionId, scope } }],
      }, { idempotencyKey: confirmKey });
      setOrder(result);
      setConfirmKey(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
      setConfirmKey(null);
    } finally {
      setBusy(false);
    }
  };
  const total = price?.properties.billingCurrencyTotal;
  const totalText = total ? fmt.money(majorToMinor(total.amount, total.currencyCode), total.currencyCode) : '';
  const first = order?.lineItems[0]?.resourceIds;

  return (
    <Section title={t('partner.buy.title')} id="buy-title">
      {!decision.allowed ? (
        <MessageBar intent="warning" data-testid="buy-not-allowed">
          <MessageBarBody><MessageBarTitle>{t('partner.buy.notAllowed')}</MessageBarTitle>{reasonText(decision.reason)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.grid}>
        <Field label={t('partner.res.col.type')}>
          <Select value={type} onChange={(_, d) => setType(d.value)} disabled={!decision.allowed}>
            {RESOURCE_TYPES.map((x) => <option key={x} value={x}>{words.type(x)}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.region')}>
          <Select value={location} onChange={(_, d) => setLocation(d.value)} disabled={!decision.allowed || locations.length === 0}>
            {locations.map((x) => <option key={x} value={x}>{x}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.sku')}>
          <Select value={offerId} onChange={(_, d) => setOfferId(d.value)} disabled={!decision.allowed || skus.length === 0}>
            {skus.map((x) => <option key={x.id} value={x.id}>{x.skuName}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.term')}>
          <Select value={term} onChange={(_, d) => setTerm(d.value)} disabled={!decision.allowed || !item}>
            {(item?.terms ?? []).map((x) => <option key={x} value={x}>{words.term(x)}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.plan')}>
          <Select value={plan} onChange={(_, d) => setPlan(d.value)} disabled={!decision.allowed || !item}>
            {plans.map((x) => <option key={x} value={x}>{words.plan(x)}</option>)}
          </Select>
        </Field>
        <Field label={t('partner.res.col.quantity')}>
          <SpinButton value={quantity} min={1} max={10000} disabled={!decision.allowed}
            onChange={(_, d) => { const v = d.value ?? Number.parseInt(d.displayValue ?? '', 10); if (Number.isInteger(v) && v >= 1) setQuantity(v); }} />
        </Field>
        <Field label={t('partner.buy.subscription')}>
          <Select value={subscriptionId} onChange={(_, d) => setSubscriptionId(d.value)} disabled={!decision.allowed}>
            {options.data.subscriptions.map((x) => (
              <option key={x.id} value={x.id} disabled={!x.purchase.allowed}>
                {x.purchase.allowed ? x.displayName : `${x.displayName} — ${reasonText(x.purchase.reason)}`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('partner.res.col.scope')}>
          <Select value={scope} onChange={(_, d) => setScope(d.value as 'shared' | 'single')} disabled={!decision.allowed}>
            <option value="shared">{words.scope('Shared')}</option>
            <option value="single">{words.scope('Single')}</option>
          </Select>
        </Field>
        <Field label={t('partner.buy.name')} hint={t('partner.buy.nameHint')}>
          <Input value={name} maxLength={64} onChange={(_, d) => setName(d.value)} disabled={!decision.allowed} />
        </Field>
      </div>
      {catalog.error ? <ErrorState error={catalog.error} onRetry={catalog.reload} /> : null}
      <div className={s.actions}>
        <ActionButton decision={translated} appearance={price ? 'secondary' : 'primary'} onClick={() => void calculate()} data-testid="calculate">
          {t('partner.buy.calculate')}
        </ActionButton>
        <ActionButton decision={price ? translated : { allowed: false, reason: decision.allowed ? t('partner.buy.calculateFirst') : translated.reason }}
          appearance="primary" onClick={() => setConfirmKey(crypto.randomUUID())} data-testid="buy">
          {t('partner.buy.buy')}
        </ActionButton>
        {busy ? <Loading label={t('partner.buy.working')} /> : null}
      </div>
      {price && total ? (
        <div aria-live="polite">
          <Facts items={[
            [t('partner.buy.item'), price.properties.skuDescription],
            [t('partner.buy.total'), <span key="p" className={s.price} data-testid="price-total">{totalText}</span>],
          ]} />
        </div>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {order && first ? (
        <MessageBar intent="success" data-testid="bought">
          <MessageBarBody>
            <MessageBarTitle>{t('partner.buy.done')}</MessageBarTitle>
            {first.reservationIds.map((rid) => (
              <Link key={rid} to={`/reservations/${first.reservationOrderId}/${rid}/overview`}>{t('partner.buy.open')}</Link>
            ))}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {/* Rendered only when open: a closed Dialog still leaves Tabster's focus sentinels on the page. */}
      {confirmKey !== null ? (
      <Dialog open onOpenChange={(_, d) => { if (!d.open) setConfirmKey(null); }}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('partner.buy.confirmTitle')}</DialogTitle>
            <DialogContent>
              <Facts items={[
                [t('partner.customers.col.name'), customer.companyProfile.companyName],
                [t('partner.buy.item'), price?.properties.skuDescription ?? ''],
                [t('partner.res.col.quantity'), fmt.number(quantity)],
                [t('partner.res.col.term'), words.term(term)],
                [t('partner.res.col.plan'), words.plan(plan)],
                [t('partner.buy.total'), totalText],
              ]} />
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setConfirmKey(null)}>{t('partner.cancel')}</Button>
              <Button appearance="primary" onClick={() => void buy()} disabled={busy} data-testid="confirm-buy">{t('partner.buy.confirm')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      ) : null}
    </Section>
  );
}
