import type { ReservedResourceType, Term } from '../../domain/catalog.ts';
import { addDays, parseUtcDate, utcDate } from '../../domain/dates.ts';
import { forbidden, notFound } from '../../domain/errors.ts';
import { isCurrency, money, type CurrencyCode, type Money } from '../../domain/money.ts';
import { decidePurchaseAdvice, tenantScopeOf, type Actor } from '../../domain/policy.ts';
import { recommendPurchase } from '../../domain/purchase-advisor.ts';
import type { Customer } from '../../domain/tenancy.ts';
import { listSkus, priceAt } from '../../store/catalog-queries.ts';
import { getCustomer, getPartner, getSubscription } from '../../store/tenancy-queries.ts';
import type { AppContext } from '../context.ts';

export const LOOK_BACK_PERIODS = { Last7Days: 7, Last30Days: 30, Last60Days: 60 } as const;
export type LookBackPeriod = keyof typeof LOOK_BACK_PERIODS;
export type RecommendationScope = 'Single' | 'Shared';

/** Terms the recommendations price: one and three years (what Azure recommends). */
const RECOMMENDED_TERMS: readonly Term[] = ['P1Y', 'P3Y'];

export interface PurchaseRecommendation {
  customerId: string;
  /** The subscription whose usage it is (Single scope); null for a Shared recommendation over the customer's subscriptions. */
  subscriptionId: string | null;
  scope: RecommendationScope;
  resourceType: ReservedResourceType;
  skuName: string;
  region: string;
  flexibilityGroup: string | null;
  flexibilityRatio: number | null;
  lookBackPeriod: LookBackPeriod;
  firstUsageDate: string;
  lastUsageDate: string;
  quantity: number;
  totalHours: number;
  /** What the usage cost on demand over the look-back, and per instance-hour. */
  onDemandCost: Money;
  hourlyRate: Money;
  /** Terms that pay off, best saving first: term price, on-demand cost over the term, saving, break-even month, and the look-back figures. */
  terms: Array<{
    term: Term;
    reservationCost: Money;
    onDemandCost: Money;
    netSavings: Money;
    breakEvenMonth: number;
    lookBackCostWithReservation: Money;
    lookBackNetSavings: Money;
  }>;
  /** Body of POST /v1/customers/{customerId}/orders that buys the best term. */
  orderLine: { lineItems: Array<{ offerId: string; quantity: number; termDuration: Term; provisioningContext: { subscriptionId: string; scope: 'single' | 'shared' } }> } | null;
}

export interface RecommendationQuery {
  lookBackPeriod: LookBackPeriod;
  scope: RecommendationScope;
  resourceType?: ReservedResourceType;
}

/** /v1: the customer's recommendations, after the tenant and policy checks. */
export async function customerPurchaseRecommendations(ctx: AppContext, actor: Actor, customerId: string, q: RecommendationQuery): Promise<PurchaseRecommendation[]> {
  const customer = await getCustomer(ctx.store.db, tenantScopeOf(actor), customerId.toLowerCase());
  if (!customer) throw notFound('CustomerNotFound', `Customer ${customerId} was not found`, 'customerId');
  authorize(actor, customer);
  return recommendationsFor(ctx, customer, null, q);
}

/** The Consumption door: the recommendations of one subscription's usage (Single) or its customer's (Shared); null when the subscription is not visible. */
export async function subscriptionPurchaseRecommendations(ctx: AppContext, actor: Actor, subscriptionId: string, q: RecommendationQuery): Promise<PurchaseRecommendation[] | null> {
  const sub = await getSubscription(ctx.store.db, subscriptionId.toLowerCase());
  const customer = sub ? await getCustomer(ctx.store.db, tenantScopeOf(actor), sub.customerId) : undefined;
  if (!sub || !customer) return null;
  authorize(actor, customer);
  return recommendationsFor(ctx, customer, q.scope === 'Single' ? sub.id : null, q);
}

function authorize(actor: Actor, customer: Customer): void {
  const d = decidePurchaseAdvice(actor, customer);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not see this customer\'s recommendations.');
}

async function recommendationsFor(ctx: AppContext, customer: Customer, subscriptionId: string | null, q: RecommendationQuery): Promise<PurchaseRecommendation[]> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const today = utcDate(now);
  const days = LOOK_BACK_PERIODS[q.lookBackPeriod];
  const partner = await getPartner(db, customer.partnerId);
  if (!partner || !isCurrency(partner.billingCurrency)) return [];
  const currency: CurrencyCode = partner.billingCurrency;

  // The window ends with the latest complete day the exports have reached (they lag a day or two).
  let latestQ = db.selectFrom('uncovered_usage_daily').select((eb) => eb.fn.max('usage_date').as('d'))
    .where('customer_id', '=', customer.id).where('usage_date', '<', today);
  if (subscriptionId) latestQ = latestQ.where('subscription_id', '=', subscriptionId);
  const latest = (await latestQ.executeTakeFirst())?.d;
  if (!latest) return [];
  const end = parseUtcDate(latest);
  const windowDates = Array.from({ length: days }, (_, i) => utcDate(addDays(end, i - days + 1)));

  let rowsQ = db.selectFrom('uncovered_usage_daily').selectAll()
    .where('customer_id', '=', customer.id).where('usage_date', '>=', windowDates[0]!).where('usage_date', '<=', latest);
  if (subscriptionId) rowsQ = rowsQ.where('subscription_id', '=', subscriptionId);
  if (q.resourceType) rowsQ = rowsQ.where('resource_type', '=', q.resourceType);
  const rows = await rowsQ.execute();

  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = [q.scope === 'Single' ? r.subscription_id : '', r.resource_type, r.sku_name, r.region].join('|');
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const skus = new Map((await listSkus(db)).map((s) => [`${s.resourceType}|${s.name.toLowerCase()}`, s]));
  const out: PurchaseRecommendation[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    // Usage billed in another currency cannot be set against the partner's price list without a rate we do not have.
    if (list.some((r) => r.currency !== currency)) continue;
    const sku = skus.get(`${first.resource_type}|${first.sku_name.toLowerCase()}`);
    if (!sku) continue;
    const prices = [];
    for (const term of RECOMMENDED_TERMS.filter((t) => sku.terms.includes(t))) {
      const p = await priceAt(db, { resourceType: sku.resourceType, skuName: sku.name, location: first.region, term, billingPlan: 'Upfront', currency }, now.toISOString());
      if (p) prices.push({ term, unitPriceMinor: p.amountMinor });
    }
    const figures = recommendPurchase(windowDates, list.map((r) => ({
      usageDate: r.usage_date, usageHours: Number(r.usage_hours), minHourlyInstances: Number(r.min_hourly_instances), costMinor: Number(r.cost_minor),
    })), prices);
    if (!figures) continue;
    const m = (minor: number) => money(currency, minor);
    const sub = q.scope === 'Single' ? first.subscription_id : null;
    const best = figures.terms[0]!;
    out.push({
      customerId: customer.id, subscriptionId: sub, scope: q.scope, resourceType: sku.resourceType, skuName: sku.name, region: first.region,
      flexibilityGroup: sku.flexGroup, flexibilityRatio: sku.flexRatio, lookBackPeriod: q.lookBackPeriod,
      firstUsageDate: figures.firstUsageDate, lastUsageDate: figures.lastUsageDate, quantity: figures.quantity, totalHours: figures.totalHours,
      onDemandCost: m(figures.costMinor), hourlyRate: m(figures.hourlyRateMinor),
      terms: figures.terms.map((t) => ({
        term: t.term, reservationCost: m(t.reservationCostMinor), onDemandCost: m(t.onDemandCostMinor), netSavings: m(t.netSavingsMinor),
        breakEvenMonth: t.breakEvenMonth, lookBackCostWithReservation: m(t.lookBackCostWithReservationMinor), lookBackNetSavings: m(t.lookBackNetSavingsMinor),
      })),
      orderLine: sub
        ? { lineItems: [{ offerId: `${sku.resourceType}:${sku.name}:${first.region}`, quantity: figures.quantity, termDuration: best.term, provisioningContext: { subscriptionId: sub, scope: 'single' } }] }
        : null,
    });
  }
  return out.sort((a, b) => b.terms[0]!.netSavings.minor - a.terms[0]!.netSavings.minor || a.skuName.localeCompare(b.skuName));
}
