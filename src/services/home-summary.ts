import { sql, type ExpressionBuilder } from 'kysely';
import { addDays, utcDate } from '../domain/dates.ts';
import type { FilterNode } from '../domain/odata-filter.ts';
import { isCurrency, money, type CurrencyCode, type Money } from '../domain/money.ts';
import { tenantScopeOf, type Actor } from '../domain/policy.ts';
import type { MoneyPolicy } from '../domain/policy-settings.ts';
import { capLimit } from '../domain/refund-cap.ts';
import { FINAL_STATUSES, SUPPORT_STATUSES } from '../domain/support-request.ts';
import { getPartner } from '../store/tenancy-queries.ts';
import type { Database } from '../store/schema.ts';
// tenantCondition is typed for a single-table builder; on a join its column refs are qualified, so the cast is sound.
import { tenantCondition } from '../store/tenant-filter.ts';
import type { AppContext } from './context.ts';
import { countReservationsFor, listReservationViews, type ReservationView } from './reservation-service.ts';
import { moneyPolicyOf } from './settings-service.ts';
import { listSupportRequests, type SupportRequestView } from './support-service.ts';

/**
 * The console's Home: what needs the partner's attention, in one request instead of one per
 * customer. Every section is narrowed to the caller's tenant scope by the same queries the lists
 * use, so Home never shows what the caller could not open.
 */
export interface HomeSummary {
  expiringWithinDays: number;
  expiring: { total: number; items: Array<{ view: ReservationView; customerName: string }> };
  lowUtilization: {
    thresholdPct: number;
    lookBackDays: number;
    total: number;
    items: Array<{ reservationId: string; reservationOrderId: string; customerId: string; customerName: string; displayName: string; skuName: string; location: string; quantity: number; utilizationPct: number }>;
  };
  supportRequests: { total: number; items: Array<SupportRequestView & { customerName: string }> };
  allowances: Array<{ customerId: string; customerName: string; limit: Money; consumed: Money; remaining: Money; consumedPct: number }>;
}

const EXPIRING_DAYS = 30;
const ITEMS = 8;
const OPEN_STATUSES = SUPPORT_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

export async function homeSummary(ctx: AppContext, actor: Actor): Promise<HomeSummary> {
  const [expiring, lowUtilization, supportRequests, allowances] = await Promise.all([
    expiringSoon(ctx, actor),
    underUsed(ctx, actor),
    openSupportRequests(ctx, actor),
    closestToCap(ctx, actor),
  ]);
  const names = await customerNames(ctx, [
    ...expiring.items.map((v) => v.reservation.customerId),
    ...supportRequests.items.map((r) => r.customerId),
  ]);
  return {
    expiringWithinDays: EXPIRING_DAYS,
    expiring: { total: expiring.total, items: expiring.items.map((view) => ({ view, customerName: names.get(view.reservation.customerId) ?? '' })) },
    lowUtilization,
    supportRequests: { total: supportRequests.total, items: supportRequests.items.map((r) => ({ ...r, customerName: names.get(r.customerId) ?? '' })) },
    allowances,
  };
}

/** Active reservations whose term ends within the next 30 days, soonest first. */
async function expiringSoon(ctx: AppContext, actor: Actor) {
  const now = ctx.clock.now();
  const cmp = (op: 'eq' | 'gt' | 'le', property: string, value: string): FilterNode => ({ kind: 'compare', op, property, value });
  const filter: FilterNode = {
    kind: 'and',
    left: cmp('eq', 'properties/provisioningState', 'Succeeded'),
    right: {
      kind: 'and',
      left: cmp('gt', 'properties/expiryDateTime', now.toISOString()),
      right: cmp('le', 'properties/expiryDateTime', addDays(now, EXPIRING_DAYS).toISOString()),
    },
  };
  const [items, total] = await Promise.all([
    listReservationViews(ctx, actor, { filter, orderBy: [{ column: 'expiry_at', direction: 'asc' }], limit: ITEMS, offset: 0 }),
    countReservationsFor(ctx, actor, { filter }),
  ]);
  return { items, total };
}

/** The caller's partner policy (the thresholds of the low-utilization alert); defaults for everyone else. */
async function policyFor(ctx: AppContext, actor: Actor): Promise<MoneyPolicy | undefined> {
  return actor.kind === 'partner' ? moneyPolicyOf(ctx.store.db, actor.partnerId) : undefined;
}

/**
 * Active reservations used below the threshold over the look-back (weighted by reserved hours, as
 * domain/utilization.ts aggregates), least used first.
 */
async function underUsed(ctx: AppContext, actor: Actor): Promise<HomeSummary['lowUtilization']> {
  const policy = await policyFor(ctx, actor);
  const thresholdPct = policy?.lowUtilizationThresholdPct ?? 80;
  const lookBackDays = policy?.lowUtilizationLookBackDays ?? 7;
  const now = ctx.clock.now();
  const first = utcDate(addDays(now, -lookBackDays));
  const last = utcDate(addDays(now, -1));
  const scope = tenantScopeOf(actor);
  // float4 `real` columns on PostgreSQL: sum in double precision, as the usage report does.
  const reserved = sql<number>`sum(cast(utilization_daily.reserved_hours as double precision))`;
  const used = sql<number>`sum(cast(utilization_daily.used_hours as double precision))`;
  const grouped = ctx.store.db.selectFrom('utilization_daily')
    .innerJoin('reservations', 'reservations.id', 'utilization_daily.reservation_id')
    .where((eb) => tenantCondition(eb as unknown as ExpressionBuilder<Database, 'reservations'>, scope, 'reservations'))
    .where('reservations.provisioning_state', '=', 'Succeeded')
    .where('reservations.archived', '=', 0)
    .where('utilization_daily.usage_date', '>=', first)
    .where('utilization_daily.usage_date', '<=', last)
    .groupBy('utilization_daily.reservation_id')
    .having(sql<boolean>`${reserved} > 0 and ${used} * 100 < ${thresholdPct} * ${reserved}`);
  const pct = sql<number>`${used} * 100.0 / ${reserved}`;
  const [rows, count] = await Promise.all([
    grouped
      .select(['utilization_daily.reservation_id', pct.as('pct')])
      .orderBy(pct).orderBy('utilization_daily.reservation_id')
      .limit(ITEMS).execute(),
    ctx.store.db.selectFrom(grouped.select('utilization_daily.reservation_id').as('g')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.reservation_id);
  const details = ids.length === 0 ? [] : await ctx.store.db.selectFrom('reservations')
    .innerJoin('customers', 'customers.id', 'reservations.customer_id')
    .select(['reservations.id', 'reservations.order_id', 'reservations.customer_id', 'customers.company_name', 'reservations.display_name', 'reservations.sku_name', 'reservations.location', 'reservations.quantity'])
    .where('reservations.id', 'in', ids).execute();
  const byId = new Map(details.map((d) => [d.id, d]));
  return {
    thresholdPct,
    lookBackDays,
    total: Number(count.n),
    items: rows.flatMap((r) => {
      const d = byId.get(r.reservation_id);
      return d ? [{
        reservationId: d.id, reservationOrderId: d.order_id, customerId: d.customer_id, customerName: d.company_name,
        displayName: d.display_name, skuName: d.sku_name, location: d.location, quantity: d.quantity,
        utilizationPct: Math.round(Number(r.pct) * 100) / 100,
      }] : [];
    }),
  };
}

/** Open support requests (not resolved, rejected or closed), soonest due first, through the list's own authorization. */
async function openSupportRequests(ctx: AppContext, actor: Actor) {
  const pages = await Promise.all(OPEN_STATUSES.map((status) => listSupportRequests(ctx, actor, { status, limit: ITEMS, offset: 0 })));
  const items = pages.flatMap((p) => p.items).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id)).slice(0, ITEMS);
  return { items, total: pages.reduce((s, p) => s + p.total, 0) };
}

/** The customers that consumed the largest part of their refund allowance in the rolling window. */
async function closestToCap(ctx: AppContext, actor: Actor): Promise<HomeSummary['allowances']> {
  const scope = tenantScopeOf(actor);
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.store.db.selectFrom('refund_cap_entries')
    .innerJoin('customers', 'customers.id', 'refund_cap_entries.customer_id')
    .where((eb) => tenantCondition(eb as unknown as ExpressionBuilder<Database, 'customers'>, scope, 'customers'))
    .where('refund_cap_entries.releases_at', '>', now)
    .groupBy(['refund_cap_entries.customer_id', 'customers.company_name', 'customers.partner_id', 'refund_cap_entries.currency'])
    .select([
      'refund_cap_entries.customer_id', 'customers.company_name', 'customers.partner_id', 'refund_cap_entries.currency',
      (eb) => eb.fn.sum<number>('refund_cap_entries.amount_minor').as('consumed'),
    ])
    .orderBy(sql`sum(refund_cap_entries.amount_minor)`, 'desc').orderBy('refund_cap_entries.customer_id')
    .limit(50).execute();
  const partners = new Map<string, Promise<{ currency: CurrencyCode; policy: MoneyPolicy }>>();
  const partnerOf = (id: string) => {
    let p = partners.get(id);
    if (!p) {
      p = Promise.all([getPartner(ctx.store.db, id), moneyPolicyOf(ctx.store.db, id)]).then(([partner, policy]) => ({
        currency: partner && isCurrency(partner.billingCurrency) ? partner.billingCurrency : 'USD', policy,
      }));
      partners.set(id, p);
    }
    return p;
  };
  const out: HomeSummary['allowances'] = [];
  for (const r of rows) {
    const { currency, policy } = await partnerOf(r.partner_id);
    // The allowance counts only entries in the partner's billing currency (domain/refund-cap.ts).
    if (r.currency !== currency) continue;
    const limit = capLimit(policy, currency);
    const consumed = money(currency, Number(r.consumed));
    out.push({
      customerId: r.customer_id, customerName: r.company_name, limit, consumed,
      remaining: money(currency, Math.max(0, limit.minor - consumed.minor)),
      consumedPct: limit.minor > 0 ? Math.round((consumed.minor / limit.minor) * 10_000) / 100 : 100,
    });
  }
  return out.sort((a, b) => b.consumedPct - a.consumedPct || a.customerId.localeCompare(b.customerId)).slice(0, 5);
}

async function customerNames(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.store.db.selectFrom('customers').select(['id', 'company_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.company_name]));
}
