import { randomUUID } from 'node:crypto';
import type { Db } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { reservationToRow } from '../store/reservation-rows.ts';
import type { GeneratedPortfolio } from './portfolio.ts';

/** Inserts rows in chunks small enough for SQLite's bound-parameter limit. */
export async function insertChunked<T extends keyof Database>(db: Db, table: T, rows: readonly Record<string, unknown>[], chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insertInto(table).values(rows.slice(i, i + chunk) as never).execute();
  }
}

/**
 * Writes a generated portfolio: orders, reservations, payments, revisions, utilization and, unless
 * told not to (benchmark volumes), a statement line for every payment made.
 */
export async function writePortfolio(db: Db, p: GeneratedPortfolio, options: { statements: boolean } = { statements: true }): Promise<void> {
  await insertChunked(db, 'reservation_orders', p.orders.map((o) => ({
    id: o.id, customer_id: o.customerId, partner_id: o.partnerId, reseller_id: o.resellerId, display_name: o.displayName,
    billing_scope_id: o.billingScopeId, term: o.term, billing_plan: o.billingPlan, original_quantity: o.originalQuantity,
    requested_at: o.requestedAt, created_at: o.createdAt, benefit_start_at: o.benefitStartAt, expiry_at: o.expiryAt,
    provisioning_state: o.provisioningState, currency: o.currency, unit_price_minor: o.unitPriceMinor, total_minor: o.totalMinor,
    price_id: null, created_by: null, etag: o.etag,
  })));
  await insertChunked(db, 'reservations', p.reservations.map(reservationToRow), 100);
  await insertChunked(db, 'payments', p.payments.map(({ orderId, payment }) => ({
    order_id: orderId, sequence: payment.sequence, due_date: payment.dueDate, payment_date: payment.paymentDate,
    currency: payment.amount.currency, amount_minor: payment.amount.minor, status: payment.status,
  })), 500);
  if (options.statements) {
    const orders = new Map(p.orders.map((o) => [o.id, o]));
    const firstReservation = new Map<string, string>();
    for (const r of p.reservations) if (!firstReservation.has(r.orderId)) firstReservation.set(r.orderId, r.id);
    await insertChunked(db, 'statement_lines', p.payments.filter(({ payment }) => payment.status === 'Succeeded').map(({ orderId, payment }) => {
      const o = orders.get(orderId)!;
      return {
        id: randomUUID(), partner_id: o.partnerId, customer_id: o.customerId, period: payment.dueDate.slice(0, 7),
        currency: payment.amount.currency, amount_minor: payment.amount.minor, kind: 'purchase', transaction_id: orderId,
        reservation_order_id: orderId, reservation_id: firstReservation.get(orderId) ?? null,
        description: `${o.displayName}, ${o.term} ${o.billingPlan}, quantity ${o.originalQuantity}${o.billingPlan === 'Monthly' ? `, instalment ${payment.sequence}` : ''}`,
        created_at: `${payment.dueDate}T00:00:00.000Z`,
      };
    }), 300);
  }
  const revisionNumbers = new Map<string, number>();
  await insertChunked(db, 'reservation_revisions', p.revisions.map(({ reservation, at, change }) => {
    const n = (revisionNumbers.get(reservation.id) ?? 0) + 1;
    revisionNumbers.set(reservation.id, n);
    return { reservation_id: reservation.id, revision: n, recorded_at: at, actor_id: null, change, snapshot: JSON.stringify(reservation) };
  }), 300);
  await insertChunked(db, 'utilization_daily', p.utilization.map(({ reservationId, day }) => ({
    reservation_id: reservationId, usage_date: day.usageDate, reserved_hours: day.reservedHours, used_hours: day.usedHours,
    min_pct: day.minPct, avg_pct: day.avgPct, max_pct: day.maxPct,
  })), 500);
}
