import { conflict, DomainError, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { money, type Money } from '../domain/money.ts';
import type { Actor } from '../domain/policy.ts';
import type { PolicyError, RefundQuote } from '../domain/refund.ts';
import type { Allowance } from '../domain/refund-cap.ts';
import type { Db } from '../store/database.ts';
import type { AppContext } from './context.ts';
import { idempotent } from './idempotency.ts';
import { applyReturn, lockCustomer, refuseWith, returnErrors, returnFacts, visibleReservation, type ReturnFacts, type ReturnTarget } from './return-service.ts';

/** A calculated return, executable with its session id until it expires. */
export interface ReturnQuoteView {
  sessionId: string;
  expiresAt: string;
  target: ReturnTarget;
  customerId: string;
  quote: RefundQuote;
  allowanceBefore: Allowance;
  allowanceAfter: { consumed: Money; remaining: Money };
  exceededBy: Money;
  policyErrors: PolicyError[];
}

function view(facts: ReturnFacts, target: ReturnTarget, sessionId: string, expiresAt: string, errors: PolicyError[], exceededBy: Money): ReturnQuoteView {
  const after = facts.allowance.consumed.minor + facts.quote.cancelledCommitment.minor;
  const c = facts.allowance.limit.currency;
  return {
    sessionId, expiresAt, target, customerId: facts.customer.id, quote: facts.quote,
    allowanceBefore: facts.allowance,
    allowanceAfter: { consumed: money(c, after), remaining: money(c, Math.max(0, facts.allowance.limit.minor - after)) },
    exceededBy, policyErrors: errors,
  };
}

export async function calculateReturn(ctx: AppContext, actor: Actor, target: ReturnTarget): Promise<ReturnQuoteView> {
  const now = ctx.clock.now();
  const facts = await returnFacts(ctx.store.db, now, actor, target);
  const { errors, exceededBy } = returnErrors(actor, facts);
  const sessionId = newId();
  const expiresAt = new Date(now.getTime() + facts.policy.quoteLifetimeMinutes * 60_000).toISOString();
  const result = view(facts, target, sessionId, expiresAt, errors, exceededBy);
  await ctx.store.db.insertInto('quotes').values({
    id: sessionId, kind: 'return', actor_id: actor.userId, partner_id: facts.customer.partnerId, customer_id: facts.customer.id,
    request: JSON.stringify(target), result: JSON.stringify(result), created_at: now.toISOString(), expires_at: expiresAt, used_at: null,
  }).execute();
  return result;
}

/** What an executed return leaves behind; stored for idempotent replays and shown by every door. */
export interface ReturnOutcome {
  transactionId: string;
  reservationOrderId: string;
  returnedReservationId: string;
  remainderReservationId: string | null;
  quantity: number;
  quote: RefundQuote;
  credited: Money;
  allowance: { limit: Money; consumed: Money; remaining: Money };
}

/**
 * Executes a calculated return. The quote must be the caller's, unexpired, unused and for the same
 * reservation and quantity; the refund is computed afresh inside the transaction (so a cap consumed
 * meanwhile is seen) and the whole return lands at once or not at all.
 */
export async function executeReturn(
  ctx: AppContext, actor: Actor, request: { sessionId: string; target: ReturnTarget; reason?: string }, idempotencyKey?: string,
): Promise<ReturnOutcome> {
  const result = await idempotent(ctx, actor, idempotencyKey, 'return', request, async (db) => {
    const now = ctx.clock.now();
    await claimQuote(db, now, actor, request.sessionId, 'return', request.target);
    const outcome = await returnNow(ctx, db, actor, request.target, { origin: actor, quoteId: request.sessionId, reason: request.reason });
    return { status: 200, body: outcome };
  });
  return result.body as ReturnOutcome;
}

/**
 * The return itself, shared by self-service and approved support requests. `origin` is the actor
 * whose rights are checked, or null when the provider desk executes an approved request.
 */
export async function returnNow(ctx: AppContext, db: Db, actor: Actor, target: ReturnTarget, options: { origin: Actor | null; quoteId: string | null; reason?: string; channel?: string }): Promise<ReturnOutcome> {
  const now = ctx.clock.now();
  const reservation = await visibleReservation(db, options.origin, target.reservationOrderId, target.reservationId);
  await lockCustomer(ctx, db, reservation.customerId);
  const facts = await returnFacts(db, now, options.origin, target);
  // The provider desk may refund what self-service may not (rules §4); every other rule stands.
  const errors = returnErrors(options.origin, facts).errors
    .filter((e) => !(options.channel === 'supportRequest' && e.code === 'SelfServiceRefundNotSupported'));
  if (errors.length) refuseWith(errors);
  const transactionId = newId();
  const effects = await applyReturn(ctx, db, actor, facts, { transactionId, kind: 'return', reason: options.reason });
  const consumed = facts.allowance.consumed.minor + facts.quote.cancelledCommitment.minor;
  const currency = facts.allowance.limit.currency;
  const outcome: ReturnOutcome = {
    transactionId,
    reservationOrderId: facts.reservation.orderId,
    returnedReservationId: facts.reservation.id,
    remainderReservationId: effects.remainder?.id ?? null,
    quantity: facts.quote.quantity,
    quote: facts.quote,
    credited: facts.quote.netRefund,
    allowance: { limit: facts.allowance.limit, consumed: money(currency, consumed), remaining: money(currency, Math.max(0, facts.allowance.limit.minor - consumed)) },
  };
  await db.insertInto('money_transactions').values({
    id: transactionId, kind: 'return', partner_id: facts.customer.partnerId, customer_id: facts.customer.id, actor_id: actor.userId,
    origin: options.channel ?? 'selfService', quote_id: options.quoteId, result: JSON.stringify(outcome), created_at: now.toISOString(),
  }).execute();
  return outcome;
}

/** Marks a quote used, refusing one that is unknown, foreign, expired, already used or for another target. */
export async function claimQuote(db: Db, now: Date, actor: Actor, sessionId: string, kind: 'return' | 'exchange', target?: unknown): Promise<{ request: unknown }> {
  const row = await db.selectFrom('quotes').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!row || row.kind !== kind || row.actor_id !== actor.userId) {
    throw notFound('InvalidSessionId', `No ${kind} quote ${sessionId} of yours was found; calculate the ${kind === 'return' ? 'refund' : 'exchange'} first`, 'sessionId');
  }
  if (row.expires_at <= now.toISOString()) {
    throw new DomainError(400, 'SessionExpired', `The quote expired at ${row.expires_at}; calculate it again`, 'sessionId');
  }
  if (target !== undefined && !sameTarget(JSON.parse(row.request), target)) {
    throw new DomainError(400, 'SessionMismatch', 'The quote was calculated for another reservation or quantity; calculate it again', 'sessionId');
  }
  const used = await db.updateTable('quotes').set({ used_at: now.toISOString() }).where('id', '=', sessionId).where('used_at', 'is', null).executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw conflict('SessionAlreadyUsed', 'This quote has already been executed; calculate a new one', 'sessionId');
  return { request: JSON.parse(row.request) };
}

function sameTarget(a: ReturnTarget, b: unknown): boolean {
  const t = b as ReturnTarget;
  return a.reservationOrderId.toLowerCase() === t.reservationOrderId.toLowerCase()
    && a.reservationId.toLowerCase() === t.reservationId.toLowerCase() && a.quantity === t.quantity;
}
