import { sql } from 'kysely';
import type { TenantScope } from '../domain/policy.ts';
import type { DailyUtilization } from '../domain/utilization.ts';
import type { Db } from './database.ts';
import { tenantCondition } from './tenant-filter.ts';

/** Reads for the usage reports (issue 7): Consumption-shaped daily rows and details, and the portfolio aggregate. */

export interface ReservationDay extends DailyUtilization {
  reservationId: string;
}

/** Daily utilization of some reservations over [from, to] (inclusive dates), by date then reservation. */
export async function dailyUtilizationRows(db: Db, reservationIds: readonly string[], range: DateRange, page?: { limit: number; offset: number }): Promise<ReservationDay[]> {
  if (reservationIds.length === 0) return [];
  let q = db.selectFrom('utilization_daily').selectAll()
    .where('reservation_id', 'in', reservationIds);
  if (range.from) q = q.where('usage_date', '>=', range.from);
  if (range.to) q = q.where('usage_date', '<=', range.to);
  q = q.orderBy('usage_date').orderBy('reservation_id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  return rows.map((r) => ({
    reservationId: r.reservation_id, usageDate: r.usage_date, reservedHours: Number(r.reserved_hours), usedHours: Number(r.used_hours),
    minPct: Number(r.min_pct), avgPct: Number(r.avg_pct), maxPct: Number(r.max_pct),
  }));
}

export interface DateRange {
  from?: string;
  to?: string;
}

export interface UsageDetailRow {
  reservationId: string;
  usageDate: string;
  instanceId: string;
  skuName: string;
  instanceFlexibilityGroup: string | null;
  instanceFlexibilityRatio: number;
  reservedHours: number;
  usedHours: number;
}

/** Per consuming resource and day, what it used of some reservations over [from, to]. */
export async function usageDetailRows(db: Db, reservationIds: readonly string[], range: Required<DateRange>, page: { limit: number; offset: number }): Promise<UsageDetailRow[]> {
  if (reservationIds.length === 0) return [];
  const rows = await db.selectFrom('reservation_usage_details')
    .select(['reservation_id', 'usage_date', 'instance_id', 'sku_name', 'instance_flexibility_group', 'instance_flexibility_ratio', 'reserved_hours', 'used_hours'])
    .where('reservation_id', 'in', reservationIds)
    .where('usage_date', '>=', range.from)
    .where('usage_date', '<=', range.to)
    .orderBy('usage_date').orderBy('reservation_id').orderBy('instance_id')
    .limit(page.limit).offset(page.offset)
    .execute();
  return rows.map((r) => ({
    reservationId: r.reservation_id, usageDate: r.usage_date, instanceId: r.instance_id, skuName: r.sku_name,
    instanceFlexibilityGroup: r.instance_flexibility_group, instanceFlexibilityRatio: Number(r.instance_flexibility_ratio),
    reservedHours: Number(r.reserved_hours), usedHours: Number(r.used_hours),
  }));
}

export type PortfolioLevel = 'reservation' | 'customer' | 'partner';

export interface PortfolioQuery {
  scope: TenantScope;
  level: PortfolioLevel;
  /** The window: 7 or 30 complete days (the rollup's, see usage-window-queries.ts). */
  days: 7 | 30;
  customerId?: string;
  currency?: string;
  limit: number;
  offset: number;
}

/** One row of the portfolio: a reservation, a customer or a partner, in one currency. */
export interface PortfolioRow {
  key: string;
  name: string;
  currency: string;
  reservations: number;
  customers: number;
  reservedHours: number;
  usedHours: number;
  unusedMinor: number;
  /** Reservation level only. */
  reservation?: {
    orderId: string; customerId: string; customerName: string; partnerId: string; displayName: string; skuName: string;
    resourceType: string; location: string; term: string; quantity: number; unitPriceMinor: number; unusedMilliHours: number;
  };
  /** Customer level only. */
  partnerId?: string;
}

/**
 * The portfolio from the rollup (reservation_usage_windows, one row per reservation and window,
 * its unused money already rounded half-even once as domain/unused-commitment.ts does): the
 * reservation level is a range of the scope's "worst first" index, joined to names and prices for
 * the page only; the customer level reads the per-customer sums (customer_usage_windows) the same
 * way, and the partner level groups those per partner and currency.
 */
export async function portfolioRows(db: Db, q: PortfolioQuery): Promise<{ rows: PortfolioRow[]; total: number }> {
  if (q.level === 'reservation') return reservationRows(db, q);
  return q.level === 'customer' ? customerRows(db, q) : partnerRows(db, q);
}

/** The scope's rollup rows of the window (the tenant columns are copied from the reservation). */
function scoped(db: Db, q: PortfolioQuery) {
  let base = db.selectFrom('reservation_usage_windows')
    .where('reservation_usage_windows.window_days', '=', q.days)
    .where((eb) => tenantCondition(eb, q.scope, 'reservation_usage_windows'));
  if (q.customerId) base = base.where('reservation_usage_windows.customer_id', '=', q.customerId);
  if (q.currency) base = base.where('reservation_usage_windows.currency', '=', q.currency);
  return base;
}

async function reservationRows(db: Db, q: PortfolioQuery): Promise<{ rows: PortfolioRow[]; total: number }> {
  const page = scoped(db, q)
    .select(['reservation_id', 'currency', 'reserved_hours', 'used_hours', 'unused_milli_hours', 'unused_minor'])
    .orderBy('currency').orderBy('unused_minor', 'desc').orderBy('reservation_id')
    .limit(q.limit).offset(q.offset);
  const [rows, count] = await Promise.all([
    db.selectFrom(page.as('w'))
      .innerJoin('reservations as r', 'r.id', 'w.reservation_id')
      .innerJoin('reservation_orders as o', 'o.id', 'r.order_id')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .select([
        'w.reservation_id', 'w.currency', 'w.reserved_hours', 'w.used_hours', 'w.unused_milli_hours', 'w.unused_minor',
        'r.display_name', 'r.order_id', 'r.customer_id', 'r.partner_id', 'r.sku_name', 'r.resource_type', 'r.location', 'r.quantity',
        'o.term', 'o.unit_price_minor', 'c.company_name',
      ])
      .orderBy('w.currency').orderBy('w.unused_minor', 'desc').orderBy('w.reservation_id')
      .execute(),
    // The count from the per-customer sums (same scope, same filters, written in the same
    // refresh): ~1 row per customer to add up instead of one per reservation to count.
    scopedCustomers(db, q).select(sql<number>`coalesce(sum(customer_usage_windows.reservations), 0)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r): PortfolioRow => ({
      key: r.reservation_id, name: r.display_name, currency: r.currency, reservations: 1, customers: 1,
      reservedHours: Number(r.reserved_hours), usedHours: Number(r.used_hours), unusedMinor: Number(r.unused_minor),
      reservation: {
        orderId: r.order_id, customerId: r.customer_id, customerName: r.company_name, partnerId: r.partner_id, displayName: r.display_name,
        skuName: r.sku_name, resourceType: r.resource_type, location: r.location, term: r.term, quantity: Number(r.quantity),
        unitPriceMinor: Number(r.unit_price_minor), unusedMilliHours: Number(r.unused_milli_hours),
      },
    })),
  };
}

/** The scope's per-customer sums of the window. */
function scopedCustomers(db: Db, q: PortfolioQuery) {
  let base = db.selectFrom('customer_usage_windows')
    .where('customer_usage_windows.window_days', '=', q.days)
    .where((eb) => tenantCondition(eb, q.scope, 'customer_usage_windows'));
  if (q.customerId) base = base.where('customer_usage_windows.customer_id', '=', q.customerId);
  if (q.currency) base = base.where('customer_usage_windows.currency', '=', q.currency);
  return base;
}

/** Customers: an index range of the per-customer sums, named for the page only. */
async function customerRows(db: Db, q: PortfolioQuery): Promise<{ rows: PortfolioRow[]; total: number }> {
  const page = scopedCustomers(db, q)
    .select(['customer_id', 'currency', 'partner_id', 'reservations', 'reserved_hours', 'used_hours', 'unused_minor'])
    .orderBy('currency').orderBy('unused_minor', 'desc').orderBy('customer_id')
    .limit(q.limit).offset(q.offset);
  const [rows, count] = await Promise.all([
    db.selectFrom(page.as('g')).innerJoin('customers as c', 'c.id', 'g.customer_id')
      .select(['g.customer_id', 'g.currency', 'g.reservations', 'g.reserved_hours', 'g.used_hours', 'g.unused_minor', 'c.company_name', 'c.partner_id'])
      .orderBy('g.currency').orderBy('g.unused_minor', 'desc').orderBy('g.customer_id')
      .execute(),
    scopedCustomers(db, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r): PortfolioRow => ({
      key: r.customer_id, name: r.company_name, currency: r.currency, reservations: Number(r.reservations), customers: 1,
      reservedHours: Number(r.reserved_hours), usedHours: Number(r.used_hours), unusedMinor: Number(r.unused_minor), partnerId: r.partner_id,
    })),
  };
}

/** Partners: the scope's per-customer sums grouped per partner and currency (about one row per customer, not per reservation). */
async function partnerRows(db: Db, q: PortfolioQuery): Promise<{ rows: PortfolioRow[]; total: number }> {
  const grouped = scopedCustomers(db, q)
    .select([
      'customer_usage_windows.partner_id as row_key',
      'customer_usage_windows.currency',
      sql<number>`sum(customer_usage_windows.reservations)`.as('reservations'),
      // One row per customer and currency: within a (partner, currency) group, a row is a customer.
      sql<number>`count(*)`.as('customers'),
      sql<number>`sum(customer_usage_windows.reserved_hours)`.as('reserved'),
      sql<number>`sum(customer_usage_windows.used_hours)`.as('used'),
      sql<number>`sum(customer_usage_windows.unused_minor)`.as('unused_minor'),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .groupBy(['customer_usage_windows.partner_id', 'customer_usage_windows.currency']);
  const page = (limit: number, offset: number) => sql<Record<string, unknown>>`
    select g.*, n.name as name from (${grouped}) g join partners n on n.id = g.row_key
    order by g.currency, g.unused_minor desc, g.row_key
    limit ${limit} offset ${offset}`.execute(db);
  const result = await page(q.limit, q.offset);
  let total = result.rows.length ? Number(result.rows[0]!.total) : 0;
  // A page past the end has no row to carry the group count; ask for the first row instead.
  if (!result.rows.length && q.offset > 0) {
    const first = await page(1, 0);
    total = first.rows.length ? Number(first.rows[0]!.total) : 0;
  }
  return {
    total,
    rows: result.rows.map((r): PortfolioRow => ({
      key: String(r.row_key), name: String(r.name), currency: String(r.currency), reservations: Number(r.reservations), customers: Number(r.customers),
      reservedHours: Number(r.reserved), usedHours: Number(r.used), unusedMinor: Number(r.unused_minor),
    })),
  };
}
