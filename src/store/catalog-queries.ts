import type { ReservedResourceType, Sku, Term } from '../domain/catalog.ts';
import type { Db } from './database.ts';

export interface PriceRow {
  id: string;
  resourceType: ReservedResourceType;
  skuName: string;
  location: string;
  term: Term;
  billingPlan: 'Upfront' | 'Monthly';
  currency: string;
  amountMinor: number;
  effectiveFrom: string;
}

export async function getSku(db: Db, resourceType: string, name: string): Promise<Sku | undefined> {
  const row = await db.selectFrom('skus').selectAll().where('resource_type', '=', resourceType).where('name', '=', name).executeTakeFirst();
  return row ? skuFromRow(row) : undefined;
}

/** Finds a SKU by name alone, case-insensitively (Azure SKU names are unique across types). */
export async function findSkuByName(db: Db, name: string): Promise<Sku[]> {
  const rows = await db.selectFrom('skus').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).execute();
  return rows.map(skuFromRow);
}

export async function listSkus(db: Db, resourceType?: string): Promise<Sku[]> {
  let q = db.selectFrom('skus').selectAll();
  if (resourceType) q = q.where('resource_type', '=', resourceType);
  return (await q.orderBy('resource_type').orderBy('name').execute()).map(skuFromRow);
}

function skuFromRow(row: { resource_type: string; name: string; title: string; terms: string; flex_group: string | null; flex_ratio: number | null; properties: string }): Sku {
  return {
    resourceType: row.resource_type as ReservedResourceType,
    name: row.name,
    title: row.title,
    terms: JSON.parse(row.terms) as Term[],
    flexGroup: row.flex_group,
    flexRatio: row.flex_ratio,
    properties: JSON.parse(row.properties) as Record<string, string>,
  };
}

/** The price in force at `at`: the row with the latest effective date not after it. */
export async function priceAt(db: Db, key: { resourceType: string; skuName: string; location: string; term: string; billingPlan: string; currency: string }, at: string): Promise<PriceRow | undefined> {
  const row = await db.selectFrom('prices').selectAll()
    .where('resource_type', '=', key.resourceType)
    .where('sku_name', '=', key.skuName)
    .where('location', '=', key.location)
    .where('term', '=', key.term)
    .where('billing_plan', '=', key.billingPlan)
    .where('currency', '=', key.currency)
    .where('effective_from', '<=', at)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? priceFromRow(row) : undefined;
}

/**
 * The current price of every SKU/location/term/plan of a currency, optionally narrowed; the
 * catalog listing is built from these rows.
 */
export async function currentPrices(db: Db, filter: { currency: string; at: string; resourceType?: string; location?: string }): Promise<PriceRow[]> {
  let q = db.selectFrom('prices').selectAll()
    .where('currency', '=', filter.currency)
    .where('effective_from', '<=', filter.at);
  if (filter.resourceType) q = q.where('resource_type', '=', filter.resourceType);
  if (filter.location) q = q.where('location', '=', filter.location);
  const rows = await q.orderBy('resource_type').orderBy('sku_name').orderBy('location').orderBy('term').orderBy('billing_plan').orderBy('effective_from', 'desc').execute();
  const latest = new Map<string, PriceRow>();
  for (const r of rows) {
    const key = `${r.resource_type}|${r.sku_name}|${r.location}|${r.term}|${r.billing_plan}`;
    if (!latest.has(key)) latest.set(key, priceFromRow(r));
  }
  return [...latest.values()];
}

function priceFromRow(r: { id: string; resource_type: string; sku_name: string; location: string; term: string; billing_plan: string; currency: string; amount_minor: number; effective_from: string }): PriceRow {
  return {
    id: r.id,
    resourceType: r.resource_type as ReservedResourceType,
    skuName: r.sku_name,
    location: r.location,
    term: r.term as Term,
    billingPlan: r.billing_plan as 'Upfront' | 'Monthly',
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    effectiveFrom: r.effective_from,
  };
}
