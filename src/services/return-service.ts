import { conflict, DomainError, notFound } from '../domain/errors.ts';
import { newId, normalizeGuid } from '../domain/ids.ts';
import { money, type CurrencyCode, type Money } from '../domain/money.ts';
import { decideReservationAction, tenantScopeOf, type Actor, type ReservationFacts } from '../domain/policy.ts';
import type { MoneyPolicy } from '../domain/policy-settings.ts';
import { allowanceOf, checkCap, releaseDate, type Allowance } from '../domain/refund-cap.ts';
import { quoteRefund, type PolicyError, type RefundQuote } from '../domain/refund.ts';
import type { Reservation, ReservationOrder } from '../domain/reservation.ts';
import type { Customer } from '../domain/tenancy.ts';
import { lockRow, type Db } from '../store/database.ts';
import { priceAt } from '../store/catalog-queries.ts';
import { addCredit, addStatementLine, capEntriesOf, type LedgerWrite } from '../store/money-queries.ts';
import { getOrder, getReservation, insertReservation, paymentsOfOrder, recordRevision } from '../store/reservation-queries.ts';
import { reservationToRow } from '../store/reservation-rows.ts';
import { getCustomerById } from '../store/tenancy-queries.ts';
import { accessFacts, targetOf } from './access-service.ts';
import { recordAudit } from './audit.ts';
import { enqueueNotification } from './notifications.ts';
import type { AppContext } from './context.ts';
import { moneyPolicyOf } from './settings-service.ts';

/** Everything a refund quote depends on, read in the caller's transaction. */
export interface ReturnFacts {
  customer: Customer;
  reservation: Reservation;
  order: ReservationOrder;
  policy: MoneyPolicy;
  quote: RefundQuote;
  allowance: Allowance;
  /** The caller's effective access to the reservation (access-service), which the policy decides on. */
  access?: ReservationFacts;
}

export interface ReturnTarget {
  reservationOrderId: string;
  reservationId: string;
  quantity: number;
}

/** Finds the reservation the caller may see; a foreign one is "not found". */
export async function visibleReservation(db: Db, actor: Actor | null, orderId: string, reservationId: string): Promise<Reservation> {
  const scope = actor ? tenantScopeOf(actor) : ({ kind: 'all' } as const);
  const r = await getReservation(db, scope, normalizeGuid(reservationId));
  if (!r || r.orderId !== normalizeGuid(orderId)) throw notFound('ReservationNotFound', `Reservation ${reservationId} was not found in reservation order ${orderId}`, 'reservationId');
  return r;
}

/**
 * Reads the reservation, its order, prices, payments, the partner's policy and the customer's cap
 * and computes the refund. `actor` null means the provider desk acting on an approved request.
 */
export async function returnFacts(db: Db, now: Date, actor: Actor | null, target: ReturnTarget): Promise<ReturnFacts> {
  const reservation = await visibleReservation(db, actor, target.reservationOrderId, target.reservationId);
  const order = (await getOrder(db, { kind: 'all' }, reservation.orderId))!;
  const customer = (await getCustomerById(db, reservation.customerId))!;
  const policy = await moneyPolicyOf(db, customer.partnerId);
  const currency = order.currency as CurrencyCode;
  const current = await priceAt(db, { resourceType: reservation.resourceType, skuName: reservation.skuName, location: reservation.location, term: reservation.term, billingPlan: reservation.billingPlan, currency }, now.toISOString());
  const payments = reservation.billingPlan === 'Monthly' ? await paymentsOfOrder(db, order.id) : [];
  const live = await db.selectFrom('reservations').select((eb) => eb.fn.sum<number>('quantity').as('q'))
    .where('order_id', '=', order.id).where('provisioning_state', '=', 'Succeeded').executeTakeFirst();
  const quote = quoteRefund({
    reservation, quantity: target.quantity, now, policy,
    paidUnitPrice: money(currency, order.unitPriceMinor),
    currentUnitPrice: current ? money(currency, current.amountMinor) : null,
    payments, liveOrderQuantity: Number(live?.q ?? reservation.quantity),
  });
  const allowance = allowanceOf(policy, currency, await capEntriesOf(db, customer.id, now), now);
  const access = actor ? (await accessFacts(db, actor, [targetOf(reservation)]))[0] : undefined;
  return { customer, reservation, order, policy, quote, allowance, access };
}

/** The policy errors of a return: the refund's own, the cap, and whether the caller may return. */
export function returnErrors(actor: Actor | null, facts: ReturnFacts): { errors: PolicyError[]; exceededBy: Money } {
  const errors = [...facts.quote.policyErrors];
  const cap = checkCap(facts.allowance, facts.quote.cancelledCommitment);
  if (!cap.ok) {
    errors.push({
      code: 'RefundLimitExceeded',
      message: `This return would cancel ${fmt(facts.quote.cancelledCommitment)} of commitment; the customer has ${fmt(facts.allowance.remaining)} of its ${fmt(facts.allowance.limit)} refund allowance left in the rolling ${facts.policy.refundWindowDays}-day window, so it exceeds the limit by ${fmt(cap.exceededBy)}.`,
    });
  }
  if (actor) {
    const decision = decideReservationAction(actor, 'return', facts.access ?? { customer: facts.customer });
    if (!decision.allowed) errors.push({ code: 'InsufficientPermissions', message: decision.reason ?? 'You may not return this reservation.' });
  }
  return { errors, exceededBy: cap.exceededBy };
}

const fmt = (m: Money) => `${m.currency} ${m.minor}`;

export interface ReturnEffects {
  transactionId: string;
  cancelledReservation: Reservation;
  remainder: Reservation | null;
  quote: RefundQuote;
}

/**
 * Applies a return inside the caller's transaction: the reservation ends Cancelled (the rest of a
 * partial return continues as a new reservation in the same order), monthly instalments of the
 * returned units are cancelled, the partner is credited, a refund statement line is written, the
 * cap is consumed (not for exchanges), revisions and the audit entry are recorded.
 */
export async function applyReturn(
  ctx: AppContext, db: Db, actor: Actor, facts: ReturnFacts,
  options: { transactionId: string; kind: 'return' | 'exchange'; reason?: string },
): Promise<ReturnEffects> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const { reservation: r, quote, customer } = facts;
  const qty = quote.quantity;
  const cancelled: Reservation = { ...r, provisioningState: 'Cancelled', renew: false, lastUpdatedAt: at, etag: r.etag + 1 };
  // Optimistic check: only a reservation still Succeeded at the etag we read can be cancelled,
  // so two concurrent returns of the same reservation cannot both succeed.
  const updated = await db.updateTable('reservations').set(reservationToRow(cancelled))
    .where('id', '=', r.id).where('etag', '=', r.etag).where('provisioning_state', '=', 'Succeeded').executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw conflict('ReservationNotActive', `Reservation ${r.id} was changed or returned meanwhile; calculate the refund again`, 'reservationId');
  await recordRevision(db, cancelled, at, actor.userId, options.kind === 'return' ? `Return of ${qty}` : `Exchange of ${qty}`);

  let remainder: Reservation | null = null;
  if (qty < r.quantity) {
    remainder = { ...r, id: newId(), quantity: r.quantity - qty, lastUpdatedAt: at, etag: 1, displayName: r.displayName };
    await insertReservation(db, remainder);
    await recordRevision(db, remainder, at, actor.userId, `Remainder of ${r.id} after ${options.kind} of ${qty}`);
  }

  if (quote.monthly) {
    for (const c of quote.monthly.cancelled) {
      if (c.remainingAmount.minor === 0) {
        await db.updateTable('payments').set({ status: 'Cancelled' }).where('order_id', '=', r.orderId).where('sequence', '=', c.sequence).execute();
      } else {
        await db.updateTable('payments').set({ amount_minor: c.remainingAmount.minor }).where('order_id', '=', r.orderId).where('sequence', '=', c.sequence).execute();
        const next = await db.selectFrom('payments').select((eb) => eb.fn.max('sequence').as('s')).where('order_id', '=', r.orderId).executeTakeFirst();
        await db.insertInto('payments').values({
          order_id: r.orderId, sequence: Math.max(10_000, Number(next?.s ?? 0) + 1), due_date: c.dueDate, payment_date: null,
          currency: c.cancelledAmount.currency, amount_minor: c.cancelledAmount.minor, status: 'Cancelled',
        }).execute();
      }
    }
  }
  const stillLive = await db.selectFrom('reservations').select('id').where('order_id', '=', r.orderId).where('provisioning_state', '=', 'Succeeded').executeTakeFirst();
  if (!stillLive) await db.updateTable('reservation_orders').set({ provisioning_state: 'Cancelled' }).where('id', '=', r.orderId).execute();

  const ledger: LedgerWrite = { partnerId: customer.partnerId, customerId: customer.id, transactionId: options.transactionId, at: now };
  const refund = options.kind === 'return' ? quote.netRefund : quote.grossRefund;
  const what = `${r.skuName}, ${r.location}, ${r.term} ${r.billingPlan}: ${qty} of ${r.quantity} unit(s) of reservation ${r.id}`;
  await addCredit(db, ledger, refund.currency, refund.minor, options.kind === 'return' ? 'refund' : 'exchangeRefund', `Prorated refund, ${what}`);
  await addStatementLine(db, ledger, {
    currency: refund.currency, amountMinor: -refund.minor, kind: options.kind === 'return' ? 'refund' : 'exchangeRefund',
    description: `Refund (${quote.remainingDays} of ${quote.termDays} days), ${what}`, reservationOrderId: r.orderId, reservationId: r.id,
  });
  if (quote.fee.minor > 0 && options.kind === 'return') {
    await addStatementLine(db, ledger, { currency: quote.fee.currency, amountMinor: 0, kind: 'earlyTerminationFee', description: `Early termination fee ${quote.fee.currency} ${quote.fee.minor} withheld from the refund`, reservationOrderId: r.orderId, reservationId: r.id });
  }
  if (options.kind === 'return' && quote.cancelledCommitment.minor > 0) {
    await db.insertInto('refund_cap_entries').values({
      id: newId(), customer_id: customer.id, partner_id: customer.partnerId, currency: quote.cancelledCommitment.currency,
      amount_minor: quote.cancelledCommitment.minor, consumed_at: at, releases_at: releaseDate(facts.policy, now).toISOString(),
      reservation_id: r.id, transaction_id: options.transactionId,
    }).execute();
  }
  await recordAudit(db, actor, now, {
    action: options.kind === 'return' ? 'reservation.return' : 'reservation.exchangeReturn',
    targetType: 'reservation', targetId: r.id, partnerId: customer.partnerId, customerId: customer.id,
    before: r, after: { reservation: cancelled, remainder, refund: quote, reason: options.reason },
  });
  if (options.kind === 'return') await enqueueNotification(db, { type: 'return', at: now, partnerId: customer.partnerId, resellerId: customer.resellerId, customerId: customer.id, targetType: 'reservation', targetId: r.id, title: `Reservation returned: ${what}`, data: { reservationOrderId: r.orderId, reservationId: r.id, quantity: qty, refund, transactionId: options.transactionId, remainderReservationId: remainder?.id ?? null } });
  return { transactionId: options.transactionId, cancelledReservation: cancelled, remainder, quote };
}

/** Locks the customer for the rest of the transaction so cap checks and consumption serialize. */
export async function lockCustomer(ctx: AppContext, db: Db, customerId: string): Promise<void> {
  await lockRow(db, ctx.store.engine, 'customers', customerId);
}

export function refuseWith(errors: PolicyError[]): never {
  const first = errors[0]!;
  const status = first.code === 'InsufficientPermissions' ? 403 : first.code === 'ReservationNotActive' ? 409 : 400;
  throw new DomainError(status, first.code, first.message, undefined, errors.map((e) => ({ code: e.code, message: e.message })));
}

