import { billingPlansFor, type BillingPlan, type Term } from '../domain/catalog.ts';
import { addDays, utcDate } from '../domain/dates.ts';
import { money, type CurrencyCode } from '../domain/money.ts';
import { expiryFor, paymentSchedule, reservationOfOrder, type AppliedScopeProperties, type PaymentInstalment, type ProvisioningState, type Reservation, type ReservationOrder } from '../domain/reservation.ts';
import type { DailyUtilization } from '../domain/utilization.ts';
import { CATALOG_SKUS, CURRENT_PRICE_LIST, PREVIOUS_PRICE_LIST, REGIONS, type CatalogSku } from './catalog-data.ts';
import { referencePriceUsdCents, usdCentsToKrw } from './catalog-loader.ts';
import type { Random } from './random.ts';

/** A customer's Azure estate as the generator needs it. */
export interface CustomerEstate {
  customerId: string;
  partnerId: string;
  resellerId: string | null;
  currency: CurrencyCode;
  subscriptionIds: string[];
  resourceGroups: Array<{ subscriptionId: string; name: string }>;
  managementGroupId: string | null;
  homeRegions: string[];
}

export interface GeneratedPortfolio {
  orders: ReservationOrder[];
  reservations: Reservation[];
  payments: Array<{ orderId: string; payment: PaymentInstalment }>;
  revisions: Array<{ reservation: Reservation; at: string; change: string }>;
  utilization: Array<{ reservationId: string; day: DailyUtilization }>;
}

export const emptyPortfolio = (): GeneratedPortfolio => ({ orders: [], reservations: [], payments: [], revisions: [], utilization: [] });

type Scenario = 'active' | 'expiring' | 'expired' | 'cancelled' | 'split' | 'merged' | 'renewed';
const SCENARIOS: Array<[Scenario, number]> = [
  ['active', 46], ['expiring', 12], ['expired', 10], ['cancelled', 8], ['split', 8], ['merged', 8], ['renewed', 8],
];

const DAY = 86_400_000;

function unitPrice(sku: CatalogSku, term: Term, region: string, currency: CurrencyCode, at: Date): number {
  const list = at.toISOString() >= CURRENT_PRICE_LIST.effectiveFrom ? CURRENT_PRICE_LIST : PREVIOUS_PRICE_LIST;
  const cents = referencePriceUsdCents(sku, term, region, list.bps);
  return currency === 'KRW' ? usdCentsToKrw(cents) : cents;
}

/**
 * Generates `count` reservation stories for one customer: bought, running, expiring, expired,
 * returned, split, merged and renewed, with monthly payments and daily utilization, all
 * consistent with the rules (states, dates, payment sums).
 */
export function generatePortfolio(rng: Random, now: Date, estate: CustomerEstate, count: number, out: GeneratedPortfolio, options: { utilizationDays: number; scenario?: Scenario } = { utilizationDays: 90 }): void {
  let made = 0;
  while (made < count) {
    const scenario = options.scenario ?? weighted(rng);
    made += story(rng, now, estate, scenario, out, options.utilizationDays);
  }
}

function weighted(rng: Random): Scenario {
  const total = SCENARIOS.reduce((s, [, w]) => s + w, 0);
  let roll = rng.next() * total;
  for (const [s, w] of SCENARIOS) {
    roll -= w;
    if (roll < 0) return s;
  }
  return 'active';
}

function pickSku(rng: Random): CatalogSku {
  // Most reservations are virtual machines; every other type appears too.
  return rng.chance(0.45) ? rng.pick(CATALOG_SKUS.filter((s) => s.type === 'VirtualMachines')) : rng.pick(CATALOG_SKUS);
}

function story(rng: Random, now: Date, e: CustomerEstate, scenario: Scenario, out: GeneratedPortfolio, utilizationDays: number): number {
  const sku = pickSku(rng);
  const term: Term = rng.pick(sku.terms.filter((t) => t !== 'P5Y' || rng.chance(0.3)));
  const plan: BillingPlan = rng.pick(billingPlansFor(sku.type));
  const termMs = expiryFor(new Date(0), term).getTime();
  let purchaseAt: Date;
  switch (scenario) {
    case 'expiring':
      purchaseAt = new Date(now.getTime() - termMs + rng.int(1, 29) * DAY + rng.int(0, 23) * 3_600_000);
      break;
    case 'expired':
    case 'renewed':
      purchaseAt = new Date(now.getTime() - termMs - rng.int(1, 200) * DAY);
      break;
    default:
      purchaseAt = new Date(now.getTime() - rng.int(31, Math.max(60, Math.floor(termMs / DAY) - 45)) * DAY);
  }
  purchaseAt = new Date(Math.floor(purchaseAt.getTime() / 60_000) * 60_000);
  const region = rng.chance(0.7) ? rng.pick(e.homeRegions) : rng.pick(sku.regions ?? REGIONS);
  const regionOk = (sku.regions ?? REGIONS).includes(region) ? region : (sku.regions ?? REGIONS)[0]!;
  const quantity = sku.type === 'VirtualMachines' ? rng.int(2, 12) : rng.int(1, 4);
  const order = newOrder(rng, e, sku, term, plan, regionOk, quantity, purchaseAt);
  const base = newReservation(rng, order, sku, regionOk, quantity, rng.chance(0.35), e);
  out.orders.push(order);
  const schedule = paymentSchedule(money(e.currency, order.totalMinor), plan, term, purchaseAt);
  const paid = (cancelFrom?: Date) => schedule.map((p) => {
    const due = new Date(`${p.dueDate}T00:00:00.000Z`);
    if (cancelFrom && due > cancelFrom) return { ...p, status: 'Cancelled' as const, paymentDate: null };
    return due <= now ? { ...p, status: 'Succeeded' as const, paymentDate: p.dueDate } : p;
  });
  const record = (r: Reservation, at: string, change: string) => out.revisions.push({ reservation: { ...r }, at, change });
  const addUtil = (r: Reservation, from: Date, to: Date) => addUtilization(rng, now, r, from, to, out, utilizationDays);

  switch (scenario) {
    case 'active':
    case 'expiring': {
      out.reservations.push(base);
      record(base, base.purchaseAt, 'Purchase');
      addUtil(base, purchaseAt, new Date(base.expiryAt));
      out.payments.push(...paid().map((payment) => ({ orderId: order.id, payment })));
      return 1;
    }
    case 'expired': {
      const r = { ...base, provisioningState: 'Expired' as ProvisioningState, renew: false, lastUpdatedAt: base.expiryAt };
      out.reservations.push(r);
      record(base, base.purchaseAt, 'Purchase');
      record(r, r.expiryAt, 'Expired');
      addUtil(r, purchaseAt, new Date(r.expiryAt));
      out.payments.push(...paid().map((payment) => ({ orderId: order.id, payment })));
      order.provisioningState = 'Expired';
      return 1;
    }
    case 'cancelled': {
      const returnedAt = new Date(purchaseAt.getTime() + rng.int(10, 300) * DAY);
      const at = returnedAt > now ? new Date(now.getTime() - DAY) : returnedAt;
      const r = { ...base, provisioningState: 'Cancelled' as ProvisioningState, renew: false, lastUpdatedAt: at.toISOString() };
      out.reservations.push(r);
      record(base, base.purchaseAt, 'Purchase');
      record(r, r.lastUpdatedAt, 'Return');
      addUtil(r, purchaseAt, at);
      out.payments.push(...paid(at).map((payment) => ({ orderId: order.id, payment })));
      order.provisioningState = 'Cancelled';
      return 1;
    }
    case 'split': {
      if (quantity < 2) return story(rng, now, e, 'active', out, utilizationDays);
      const at = new Date(Math.min(now.getTime() - DAY, purchaseAt.getTime() + rng.int(5, 120) * DAY));
      const first = rng.int(1, quantity - 1);
      const parts = [first, quantity - first].map((q) => ({ ...base, id: rng.guid(), quantity: q, splitSource: base.id, renew: false, effectiveAt: at.toISOString(), lastUpdatedAt: at.toISOString(), displayName: `${base.displayName}_${q}` }));
      const source = { ...base, provisioningState: 'Split' as ProvisioningState, renew: false, splitDestinations: parts.map((p) => p.id), lastUpdatedAt: at.toISOString() };
      out.reservations.push(source, ...parts);
      record(base, base.purchaseAt, 'Purchase');
      record(source, at.toISOString(), 'Split');
      for (const p of parts) {
        record(p, at.toISOString(), 'Split');
        addUtil(p, at, new Date(p.expiryAt));
      }
      addUtil(source, purchaseAt, at);
      out.payments.push(...paid().map((payment) => ({ orderId: order.id, payment })));
      return 3;
    }
    case 'merged': {
      const at = new Date(Math.min(now.getTime() - DAY, purchaseAt.getTime() + rng.int(5, 120) * DAY));
      const otherQty = rng.int(1, 4);
      const other = { ...base, id: rng.guid(), quantity: otherQty, displayName: `${base.displayName}_b` };
      order.originalQuantity += otherQty;
      order.totalMinor += order.unitPriceMinor * otherQty;
      const merged = { ...base, id: rng.guid(), quantity: quantity + otherQty, mergeSources: [base.id, other.id], effectiveAt: at.toISOString(), lastUpdatedAt: at.toISOString(), renew: false, displayName: `${base.displayName}_merged` };
      const sources = [base, other].map((s) => ({ ...s, provisioningState: 'Merged' as ProvisioningState, renew: false, mergeDestination: merged.id, lastUpdatedAt: at.toISOString() }));
      out.reservations.push(...sources, merged);
      record(base, base.purchaseAt, 'Purchase');
      record(other, base.purchaseAt, 'Purchase');
      for (const s of sources) { record(s, at.toISOString(), 'Merge'); addUtil(s, purchaseAt, at); }
      record(merged, at.toISOString(), 'Merge');
      addUtil(merged, at, new Date(merged.expiryAt));
      const mergedSchedule = paymentSchedule(money(e.currency, order.totalMinor), plan, term, purchaseAt);
      out.payments.push(...mergedSchedule.map((p) => ({ orderId: order.id, payment: new Date(`${p.dueDate}T00:00:00Z`) <= now ? { ...p, status: 'Succeeded' as const, paymentDate: p.dueDate } : p })));
      return 3;
    }
    case 'renewed': {
      const expiry = new Date(base.expiryAt);
      const renewalOrder = newOrder(rng, e, sku, term, plan, regionOk, quantity, expiry);
      const renewal = { ...newReservation(rng, renewalOrder, sku, regionOk, quantity, rng.chance(0.5), e), renewSource: base.id, displayName: `${base.displayName}_renewed`, appliedScopeType: base.appliedScopeType, appliedScopes: base.appliedScopes, appliedScopeProperties: base.appliedScopeProperties };
      const expired = { ...base, provisioningState: 'Expired' as ProvisioningState, renew: true, renewDestination: renewal.id, lastUpdatedAt: base.expiryAt };
      order.provisioningState = 'Expired';
      out.orders.push(renewalOrder);
      out.reservations.push(expired, renewal);
      record(base, base.purchaseAt, 'Purchase');
      record(expired, base.expiryAt, 'Renew');
      record(renewal, renewal.purchaseAt, 'Renewal purchase');
      addUtil(expired, purchaseAt, expiry);
      addUtil(renewal, expiry, new Date(renewal.expiryAt));
      out.payments.push(...paid().map((payment) => ({ orderId: order.id, payment })));
      const renewalSchedule = paymentSchedule(money(e.currency, renewalOrder.totalMinor), plan, term, expiry);
      out.payments.push(...renewalSchedule.map((p) => ({ orderId: renewalOrder.id, payment: new Date(`${p.dueDate}T00:00:00Z`) <= now ? { ...p, status: 'Succeeded' as const, paymentDate: p.dueDate } : p })));
      return 2;
    }
  }
}

function newOrder(rng: Random, e: CustomerEstate, sku: CatalogSku, term: Term, plan: BillingPlan, region: string, quantity: number, at: Date): ReservationOrder {
  const unit = unitPrice(sku, term, region, e.currency, at);
  const iso = at.toISOString();
  return {
    id: rng.guid(),
    customerId: e.customerId,
    partnerId: e.partnerId,
    resellerId: e.resellerId,
    displayName: `${sku.type === 'VirtualMachines' ? 'VM' : sku.type}_RI_${utcDate(at).replace(/-/g, '')}`,
    billingScopeId: `/subscriptions/${rng.pick(e.subscriptionIds)}`,
    term,
    billingPlan: plan,
    originalQuantity: quantity,
    requestedAt: iso,
    createdAt: iso,
    benefitStartAt: iso,
    expiryAt: expiryFor(at, term).toISOString(),
    provisioningState: 'Succeeded',
    currency: e.currency,
    unitPriceMinor: unit,
    totalMinor: unit * quantity,
    etag: 1,
  };
}

function newReservation(rng: Random, o: ReservationOrder, sku: CatalogSku, region: string, quantity: number, renew: boolean, e: CustomerEstate): Reservation {
  const scope = pickScope(rng, e); // drawn before the id, so the demo data stays as it was generated
  return reservationOfOrder(o, {
    id: rng.guid(),
    resourceType: sku.type,
    skuName: sku.name,
    location: region,
    quantity,
    ...scope,
    instanceFlexibility: sku.type === 'VirtualMachines' ? (rng.chance(0.85) ? 'On' : 'Off') : null,
    renew,
  });
}

function pickScope(rng: Random, e: CustomerEstate): { appliedScopeType: Reservation['appliedScopeType']; appliedScopes: string[]; appliedScopeProperties: AppliedScopeProperties | null } {
  const roll = rng.next();
  if (roll < 0.55) return { appliedScopeType: 'Shared', appliedScopes: [], appliedScopeProperties: null };
  if (roll < 0.8 || (!e.managementGroupId && roll < 0.9)) {
    const sub = rng.pick(e.subscriptionIds);
    return { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${sub}`], appliedScopeProperties: { subscriptionId: `/subscriptions/${sub}` } };
  }
  if (e.managementGroupId && roll < 0.9) {
    return { appliedScopeType: 'ManagementGroup', appliedScopes: [], appliedScopeProperties: { tenantId: e.customerId, managementGroupId: `/providers/Microsoft.Management/managementGroups/${e.managementGroupId}` } };
  }
  const rg = rng.pick(e.resourceGroups);
  const id = `/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.name}`;
  return { appliedScopeType: 'Single', appliedScopes: [id], appliedScopeProperties: { subscriptionId: `/subscriptions/${rg.subscriptionId}`, resourceGroupId: id, displayName: rg.name } };
}

/**
 * Daily utilization for the days of the look-back window during which the reservation was
 * active: reserved hours = quantity × hours active that day (rules §6), used hours around a
 * per-reservation level with day-to-day noise.
 */
function addUtilization(rng: Random, now: Date, r: Reservation, from: Date, to: Date, out: GeneratedPortfolio, days: number): void {
  if (days <= 0) return;
  const level = rng.chance(0.2) ? 0.2 + rng.next() * 0.4 : 0.75 + rng.next() * 0.25;
  const windowStart = new Date(`${utcDate(addDays(now, -days))}T00:00:00.000Z`);
  const today = new Date(`${utcDate(now)}T00:00:00.000Z`);
  for (let day = new Date(Math.max(windowStart.getTime(), Date.parse(`${utcDate(from)}T00:00:00.000Z`))); day < today && day < to; day = addDays(day, 1)) {
    const dayEnd = addDays(day, 1);
    const start = Math.max(day.getTime(), from.getTime());
    const end = Math.min(dayEnd.getTime(), to.getTime());
    if (end <= start) continue;
    const hours = Math.round((end - start) / 3_600_000);
    if (hours === 0) continue;
    const reserved = r.quantity * hours;
    const avg = Math.max(0, Math.min(1, level + (rng.next() - 0.5) * 0.2));
    const used = Math.round(reserved * avg * 100) / 100;
    const avgPct = reserved > 0 ? Math.round((used / reserved) * 10_000) / 100 : 0;
    out.utilization.push({
      reservationId: r.id,
      day: {
        usageDate: utcDate(day), reservedHours: reserved, usedHours: used,
        minPct: Math.max(0, Math.round((avgPct - rng.next() * 20) * 100) / 100),
        avgPct,
        maxPct: Math.min(100, Math.round((avgPct + rng.next() * 20) * 100) / 100),
      },
    });
  }
}
