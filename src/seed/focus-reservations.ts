import type { Term } from '../domain/catalog.ts';
import { isCurrency, type CurrencyCode } from '../domain/money.ts';
import type { Db } from '../store/database.ts';
import { CATALOG_SKUS } from './catalog-data.ts';
import type { FocusOnDemandWorkload, FocusReservationInput } from './focus-export.ts';
import { hash32 } from './focus-resources.ts';
import { Random } from './random.ts';

/**
 * The generator's input read from a store: every reservation whose benefit overlaps the window,
 * with the period it was active, the subscription its usage comes from, and its order's price;
 * and a few on-demand VM workloads per customer. Used by the demo seed and `npm run bench:usage`.
 */

/** The end of a reservation's benefit: expiry, or the moment it was returned, split or merged. */
function activeEnd(state: string, expiryAt: string, lastUpdatedAt: string): string | null {
  switch (state) {
    case 'Succeeded':
    case 'Expired':
      return expiryAt;
    case 'Cancelled':
    case 'Split':
    case 'Merged':
      return lastUpdatedAt < expiryAt ? lastUpdatedAt : expiryAt;
    default:
      return null; // never active (Creating, Failed, …)
  }
}

/** The subscription whose resources use a reservation: its single scope, else its billing subscription. */
function subscriptionOf(scopeProperties: string | null, appliedScopes: string, billingScopeId: string): { subscriptionId: string; resourceGroup?: string } {
  const fromScope = (text: string | undefined | null) => (text ? /\/subscriptions\/([^/]+)/i.exec(text)?.[1] : undefined);
  let resourceGroup: string | undefined;
  let sub: string | undefined;
  if (scopeProperties) {
    const p = JSON.parse(scopeProperties) as { subscriptionId?: string; resourceGroupId?: string };
    sub = fromScope(p.subscriptionId) ?? fromScope(p.resourceGroupId);
    resourceGroup = p.resourceGroupId ? /\/resourceGroups\/([^/]+)/i.exec(p.resourceGroupId)?.[1] : undefined;
  }
  sub ??= fromScope((JSON.parse(appliedScopes) as string[])[0]) ?? fromScope(billingScopeId) ?? billingScopeId;
  return { subscriptionId: sub, resourceGroup };
}

export interface FocusInputOptions {
  from: Date;
  to: Date;
  /** Only these customers (demo seed of one partner, tests). */
  customerIds?: readonly string[];
}

/** Reservations active at some time in [from, to), in a stable order (by id). */
export async function loadFocusReservations(db: Db, options: FocusInputOptions): Promise<FocusReservationInput[]> {
  const fromIso = options.from.toISOString();
  const toIso = options.to.toISOString();
  let q = db.selectFrom('reservations as r')
    .innerJoin('reservation_orders as o', 'o.id', 'r.order_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('partners as p', 'p.id', 'r.partner_id')
    .select([
      'r.id', 'r.order_id', 'r.display_name', 'r.resource_type', 'r.sku_name', 'r.location', 'r.quantity', 'r.provisioning_state',
      'r.effective_at', 'r.expiry_at', 'r.last_updated_at', 'r.applied_scope_properties', 'r.applied_scopes', 'r.billing_scope_id',
      'r.instance_flexibility', 'r.term', 'r.customer_id', 'o.unit_price_minor', 'o.currency', 'c.company_name', 'p.name as partner_name',
    ])
    .where('r.effective_at', '<', toIso)
    .where('r.expiry_at', '>', fromIso)
    .orderBy('r.id');
  if (options.customerIds) q = q.where('r.customer_id', 'in', options.customerIds.length ? [...options.customerIds] : ['-']);
  const rows = await q.execute();
  const out: FocusReservationInput[] = [];
  for (const r of rows) {
    const end = activeEnd(r.provisioning_state, r.expiry_at, r.last_updated_at);
    if (!end || end <= fromIso || end <= r.effective_at || !isCurrency(r.currency)) continue;
    const { subscriptionId, resourceGroup } = subscriptionOf(r.applied_scope_properties, r.applied_scopes, r.billing_scope_id);
    out.push({
      id: r.id, orderId: r.order_id, displayName: r.display_name, resourceType: r.resource_type, skuName: r.sku_name,
      region: r.location, quantity: Number(r.quantity), activeFrom: new Date(r.effective_at), activeTo: new Date(end),
      subscriptionId, resourceGroup, customerId: r.customer_id, customerName: r.company_name, billingAccountName: r.partner_name,
      currency: r.currency as CurrencyCode, termPriceMinor: Number(r.unit_price_minor), term: r.term as Term,
      instanceFlexibility: r.instance_flexibility === 'On',
    });
  }
  return out;
}

const VM_SKUS = CATALOG_SKUS.filter((s) => s.type === 'VirtualMachines');

/**
 * A few VM workloads per customer that no reservation covers: one to `perCustomer` scale sets in
 * the customer's active subscriptions, in the region of one of its resource groups, with a steady
 * base load and daytime peaks. Chosen from `seed` and the customer id, so the same every run.
 */
export async function pickOnDemandWorkloads(db: Db, seed: number, perCustomer = 3, customerIds?: readonly string[]): Promise<FocusOnDemandWorkload[]> {
  let q = db.selectFrom('subscriptions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .innerJoin('partners as p', 'p.id', 'c.partner_id')
    .leftJoin('resource_groups as g', 'g.subscription_id', 's.id')
    .select(['s.id as subscription_id', 's.display_name', 'c.id as customer_id', 'c.company_name', 'p.name as partner_name', 'p.billing_currency', 'g.name as rg', 'g.location'])
    .where('s.state', '=', 'Active')
    .orderBy('c.id').orderBy('s.id').orderBy('g.name');
  if (customerIds) q = q.where('c.id', 'in', customerIds.length ? [...customerIds] : ['-']);
  const rows = await q.execute();
  const byCustomer = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byCustomer.get(r.customer_id) ?? [];
    list.push(r);
    byCustomer.set(r.customer_id, list);
  }
  const out: FocusOnDemandWorkload[] = [];
  for (const [customerId, list] of byCustomer) {
    if (!isCurrency(list[0]!.billing_currency)) continue;
    const rng = new Random(hash32(customerId, seed >>> 0));
    const count = rng.int(1, Math.max(1, perCustomer));
    for (let i = 0; i < count; i++) {
      const place = rng.pick(list);
      const sku = rng.pick(VM_SKUS);
      const base = rng.int(0, 4);
      const peak = base + rng.int(1, 4);
      out.push({
        name: `vmss-ondemand-${i + 1}-${customerId.slice(0, 8)}`,
        subscriptionId: place.subscription_id, subscriptionName: place.display_name, resourceGroup: place.rg ?? undefined,
        customerId, customerName: place.company_name, billingAccountName: place.partner_name,
        skuName: sku.name, region: place.location ?? 'koreacentral', currency: list[0]!.billing_currency as CurrencyCode,
        baseInstances: base, peakInstances: peak,
      });
    }
  }
  return out;
}
