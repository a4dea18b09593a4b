import { billingPlansFor, type BillingPlan, type ReservedResourceType, type Sku, type Term } from '../domain/catalog.ts';
import { badRequest } from '../domain/errors.ts';
import { isCurrency, money, type Money } from '../domain/money.ts';
import { tenantScopeOf, type Actor } from '../domain/policy.ts';
import { currentPrices, listSkus } from '../store/catalog-queries.ts';
import { getCustomer, getPartner, getSubscription } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';

/** One sellable SKU in one region, with its terms, plans and current list price per term. */
export interface CatalogEntry {
  /** Partner Center-style catalog item id used by /v1 orders: type:sku:location. */
  id: string;
  resourceType: ReservedResourceType;
  sku: Sku;
  location: string;
  terms: Term[];
  billingPlans: Partial<Record<Term, BillingPlan[]>>;
  /** Price of one unit for the whole term, by term and plan. */
  prices: Partial<Record<Term, Partial<Record<BillingPlan, Money>>>>;
}

export const catalogItemId = (type: string, sku: string, location: string) => `${type}:${sku}:${location}`;

export interface CatalogFilter {
  currency: string;
  resourceType?: ReservedResourceType;
  location?: string;
}

export async function catalogEntries(ctx: AppContext, filter: CatalogFilter): Promise<CatalogEntry[]> {
  if (!isCurrency(filter.currency)) throw badRequest('InvalidCurrency', `Unknown currency ${filter.currency}`);
  const currency = filter.currency;
  const [skus, prices] = await Promise.all([
    listSkus(ctx.store.db, filter.resourceType),
    currentPrices(ctx.store.db, { currency, at: ctx.clock.now().toISOString(), resourceType: filter.resourceType, location: filter.location?.toLowerCase() }),
  ]);
  const skuByKey = new Map(skus.map((s) => [`${s.resourceType}|${s.name}`, s]));
  const entries = new Map<string, CatalogEntry>();
  for (const p of prices) {
    const sku = skuByKey.get(`${p.resourceType}|${p.skuName}`);
    if (!sku) continue;
    if (!sku.terms.includes(p.term) || !billingPlansFor(sku.resourceType).includes(p.billingPlan)) continue;
    const id = catalogItemId(p.resourceType, p.skuName, p.location);
    let e = entries.get(id);
    if (!e) {
      e = { id, resourceType: sku.resourceType, sku, location: p.location, terms: [], billingPlans: {}, prices: {} };
      entries.set(id, e);
    }
    if (!e.terms.includes(p.term)) e.terms.push(p.term);
    (e.billingPlans[p.term] ??= []).push(p.billingPlan);
    (e.prices[p.term] ??= {})[p.billingPlan] = money(currency, p.amountMinor);
  }
  return [...entries.values()];
}

/** The catalog as one Azure subscription sees it: priced in its partner's billing currency. */
export async function catalogForSubscription(ctx: AppContext, actor: Actor, subscriptionId: string, filter: Omit<CatalogFilter, 'currency'>) {
  const sub = await getSubscription(ctx.store.db, subscriptionId.toLowerCase());
  const customer = sub ? await getCustomer(ctx.store.db, tenantScopeOf(actor), sub.customerId) : undefined;
  if (!sub || !customer) return null;
  const partner = await getPartner(ctx.store.db, customer.partnerId);
  return catalogEntries(ctx, { ...filter, currency: partner!.billingCurrency });
}

