import { sql } from 'kysely';
import type { FilterNode } from '../domain/odata-filter.ts';
import type { TenantScope } from '../domain/policy.ts';
import { addDays } from '../domain/dates.ts';
import { policyDefaults } from '../domain/policy-values.ts';
import type { PaymentInstalment, Reservation, ReservationOrder } from '../domain/reservation.ts';
import type { DailyUtilization } from '../domain/utilization.ts';
import type { Db } from './database.ts';
import { orderFromRow, reservationFromRow, reservationToRow } from './reservation-rows.ts';
import { reservationFilter, type OrderBy } from './reservation-filter.ts';
import { tenantCondition } from './tenant-filter.ts';
import type { CurrencyCode } from '../domain/money.ts';

export interface ReservationQuery {
  scope: TenantScope;
  now: Date;
  customerId?: string;
  orderId?: string;
  filter?: FilterNode;
  orderBy?: OrderBy[];
  limit: number;
  offset: number;
}

function baseQuery(db: Db, q: Omit<ReservationQuery, 'limit' | 'offset' | 'orderBy'>) {
  let query = db.selectFrom('reservations').where((eb) => tenantCondition(eb, q.scope, 'reservations'));
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.orderId) query = query.where('order_id', '=', q.orderId);
  if (q.filter) {
    const filter = q.filter;
    query = query.where((eb) => reservationFilter(eb, filter, q.now));
  }
  return query;
}

export async function listReservations(db: Db, q: ReservationQuery): Promise<Reservation[]> {
  let query = baseQuery(db, q).selectAll();
  for (const o of q.orderBy ?? []) query = query.orderBy(o.column, o.direction);
  query = query.orderBy('expiry_at', 'asc').orderBy('id', 'asc');
  const rows = await query.limit(q.limit).offset(q.offset).execute();
  return rows.map(reservationFromRow);
}

export async function countReservations(db: Db, q: Omit<ReservationQuery, 'limit' | 'offset' | 'orderBy'>): Promise<number> {
  const row = await baseQuery(db, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface StateSummary {
  succeededCount: number;
  failedCount: number;
  expiringCount: number;
  expiredCount: number;
  pendingCount: number;
  cancelledCount: number;
  processingCount: number;
  warningCount: number;
  noBenefitCount: number;
}

/** Counts by display state in one pass (Azure's listAll `summary`). */
export async function summarizeReservations(db: Db, q: Omit<ReservationQuery, 'limit' | 'offset' | 'orderBy'>): Promise<StateSummary> {
  const nowIso = q.now.toISOString();
  const soon = addDays(q.now, policyDefaults.expiringWithinDays).toISOString();
  const row = await baseQuery(db, q)
    .select([
      sql<number>`sum(case when provisioning_state = 'Succeeded' and expiry_at > ${soon} then 1 else 0 end)`.as('succeeded'),
      sql<number>`sum(case when provisioning_state = 'Succeeded' and expiry_at > ${nowIso} and expiry_at <= ${soon} then 1 else 0 end)`.as('expiring'),
      sql<number>`sum(case when provisioning_state = 'Expired' or (provisioning_state = 'Succeeded' and expiry_at <= ${nowIso}) then 1 else 0 end)`.as('expired'),
      sql<number>`sum(case when provisioning_state in ('Cancelled', 'Split', 'Merged') then 1 else 0 end)`.as('cancelled'),
      sql<number>`sum(case when provisioning_state in ('Failed', 'BillingFailed') then 1 else 0 end)`.as('failed'),
      sql<number>`sum(case when provisioning_state in ('Creating', 'PendingResourceHold', 'ConfirmedResourceHold', 'PendingBilling', 'ConfirmedBilling', 'Created') then 1 else 0 end)`.as('pending'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    succeededCount: n(row.succeeded),
    failedCount: n(row.failed),
    expiringCount: n(row.expiring),
    expiredCount: n(row.expired),
    pendingCount: n(row.pending),
    cancelledCount: n(row.cancelled),
    processingCount: 0,
    warningCount: 0,
    noBenefitCount: 0,
  };
}

export async function getReservation(db: Db, scope: TenantScope, id: string): Promise<Reservation | undefined> {
  const row = await db.selectFrom('reservations').selectAll()
    .where('id', '=', id)
    .where((eb) => tenantCondition(eb, scope, 'reservations'))
    .executeTakeFirst();
  return row ? reservationFromRow(row) : undefined;
}

export async function insertReservation(db: Db, r: Reservation): Promise<void> {
  await db.insertInto('reservations').values(reservationToRow(r)).execute();
}

export async function getOrder(db: Db, scope: TenantScope, id: string): Promise<ReservationOrder | undefined> {
  const row = await db.selectFrom('reservation_orders').selectAll()
    .where('id', '=', id)
    .where((eb) => tenantCondition(eb, scope, 'reservation_orders'))
    .executeTakeFirst();
  return row ? orderFromRow(row) : undefined;
}

export async function listOrders(db: Db, scope: TenantScope, limit: number, offset: number, customerId?: string): Promise<ReservationOrder[]> {
  let q = db.selectFrom('reservation_orders').selectAll().where((eb) => tenantCondition(eb, scope, 'reservation_orders'));
  if (customerId) q = q.where('customer_id', '=', customerId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  return rows.map(orderFromRow);
}

export async function insertOrder(db: Db, o: ReservationOrder & { priceId: string | null; createdBy: string | null }): Promise<void> {
  await db.insertInto('reservation_orders').values({
    id: o.id,
    customer_id: o.customerId,
    partner_id: o.partnerId,
    reseller_id: o.resellerId,
    display_name: o.displayName,
    billing_scope_id: o.billingScopeId,
    term: o.term,
    billing_plan: o.billingPlan,
    original_quantity: o.originalQuantity,
    requested_at: o.requestedAt,
    created_at: o.createdAt,
    benefit_start_at: o.benefitStartAt,
    expiry_at: o.expiryAt,
    provisioning_state: o.provisioningState,
    currency: o.currency,
    unit_price_minor: o.unitPriceMinor,
    total_minor: o.totalMinor,
    price_id: o.priceId,
    created_by: o.createdBy,
    etag: o.etag,
  }).execute();
}

export async function reservationsOfOrders(db: Db, orderIds: readonly string[]): Promise<Reservation[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.selectFrom('reservations').selectAll().where('order_id', 'in', orderIds).orderBy('purchase_at').orderBy('id').execute();
  return rows.map(reservationFromRow);
}

export async function insertPayments(db: Db, orderId: string, payments: readonly PaymentInstalment[]): Promise<void> {
  if (payments.length === 0) return;
  await db.insertInto('payments').values(payments.map((p) => ({
    order_id: orderId,
    sequence: p.sequence,
    due_date: p.dueDate,
    payment_date: p.paymentDate,
    currency: p.amount.currency,
    amount_minor: p.amount.minor,
    status: p.status,
  }))).execute();
}

export async function paymentsOfOrder(db: Db, orderId: string): Promise<PaymentInstalment[]> {
  const rows = await db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('sequence').execute();
  return rows.map((p) => ({
    sequence: p.sequence,
    dueDate: p.due_date,
    paymentDate: p.payment_date,
    amount: { currency: p.currency as CurrencyCode, minor: p.amount_minor },
    status: p.status as PaymentInstalment['status'],
  }));
}

export async function recordRevision(db: Db, r: Reservation, at: string, actorId: string | null, change: string): Promise<void> {
  const last = await db.selectFrom('reservation_revisions').select((eb) => eb.fn.max('revision').as('rev'))
    .where('reservation_id', '=', r.id).executeTakeFirst();
  await db.insertInto('reservation_revisions').values({
    reservation_id: r.id,
    revision: Number(last?.rev ?? 0) + 1,
    recorded_at: at,
    actor_id: actorId,
    change,
    snapshot: JSON.stringify(r),
  }).execute();
}

export async function listRevisions(db: Db, reservationId: string): Promise<Array<{ revision: number; recordedAt: string; change: string; snapshot: Reservation }>> {
  const rows = await db.selectFrom('reservation_revisions').selectAll().where('reservation_id', '=', reservationId).orderBy('revision', 'desc').execute();
  return rows.map((r) => ({ revision: r.revision, recordedAt: r.recorded_at, change: r.change, snapshot: JSON.parse(r.snapshot) as Reservation }));
}

/** Daily utilization rows of several reservations since a date, for the `utilization` property. */
export async function utilizationSince(db: Db, reservationIds: readonly string[], since: string): Promise<Map<string, DailyUtilization[]>> {
  const out = new Map<string, DailyUtilization[]>();
  if (reservationIds.length === 0) return out;
  const rows = await db.selectFrom('utilization_daily').selectAll()
    .where('reservation_id', 'in', reservationIds)
    .where('usage_date', '>=', since)
    .orderBy('usage_date')
    .execute();
  for (const r of rows) {
    const list = out.get(r.reservation_id) ?? [];
    list.push({ usageDate: r.usage_date, reservedHours: r.reserved_hours, usedHours: r.used_hours, minPct: r.min_pct, avgPct: r.avg_pct, maxPct: r.max_pct });
    out.set(r.reservation_id, list);
  }
  return out;
}
