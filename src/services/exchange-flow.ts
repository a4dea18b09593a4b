import { badRequest } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { quoteExchange, type ExchangeQuote } from '../domain/exchange.ts';
import type { CurrencyCode, Money } from '../domain/money.ts';
import { decideReservationAction, type Actor } from '../domain/policy.ts';
import type { RefundQuote } from '../domain/refund.ts';
import type { Db } from '../store/database.ts';
import { addCredit, type LedgerWrite } from '../store/money-queries.ts';
import { paymentsOfOrder } from '../store/reservation-queries.ts';
import type { AppContext } from './context.ts';
import { idempotent } from './idempotency.ts';
import { enqueueNotification } from './notifications.ts';
import { purchaseWithin, resolvePurchase, type PurchaseInput } from './purchase-service.ts';
import { claimQuote } from './refund-flow.ts';
import { applyReturn, lockCustomer, refuseWith, returnFacts, visibleReservation, type ReturnFacts } from './return-service.ts';

export interface ExchangeRequest {
  returns: Array<{ reservationId: string; quantity: number }>;
  purchases: PurchaseInput[];
}

export interface ExchangeQuoteView {
  sessionId: string;
  expiresAt: string;
  customerId: string;
  returns: Array<{ reservationOrderId: string; reservationId: string; quantity: number; refund: RefundQuote }>;
  purchases: Array<{ input: PurchaseInput; resourceType: string; skuName: string; location: string; term: string; billingPlan: string; quantity: number; total: Money }>;
  quote: ExchangeQuote;
}

const RESERVATION_REF = /^(?:\/providers\/microsoft\.capacity\/reservationorders\/)?([0-9a-f-]{36})\/(?:reservations\/)?([0-9a-f-]{36})$/i;

/** Accepts a full Azure reservation id or "{orderId}/{reservationId}". */
export function parseReservationRef(value: string, target: string): { reservationOrderId: string; reservationId: string } {
  const m = RESERVATION_REF.exec(value.trim());
  if (!m) throw badRequest('InvalidReservationId', `"${value}" is not a reservation id (/providers/Microsoft.Capacity/reservationOrders/{orderId}/reservations/{reservationId})`, target);
  return { reservationOrderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase() };
}

interface ExchangeFacts {
  customerId: string;
  currency: CurrencyCode;
  returns: ReturnFacts[];
  purchases: Awaited<ReturnType<typeof resolvePurchase>>[];
  quote: ExchangeQuote;
}

async function exchangeFacts(ctx: AppContext, db: Db, actor: Actor | null, purchaser: Actor, req: ExchangeRequest, now: Date): Promise<ExchangeFacts> {
  if (req.returns.length === 0) throw badRequest('InvalidExchangeRequest', 'Name at least one reservation to exchange', 'reservationsToExchange');
  if (req.purchases.length === 0) throw badRequest('InvalidExchangeRequest', 'Name at least one reservation to buy; to get money back without buying, return the reservation', 'reservationsToPurchase');
  const seen = new Set<string>();
  const returns: ReturnFacts[] = [];
  for (const [i, item] of req.returns.entries()) {
    const ref = parseReservationRef(item.reservationId, `reservationsToExchange.${i}.reservationId`);
    if (seen.has(ref.reservationId)) throw badRequest('InvalidExchangeRequest', `Reservation ${ref.reservationId} is named twice`, `reservationsToExchange.${i}`);
    seen.add(ref.reservationId);
    returns.push(await returnFacts(db, now, actor, { ...ref, quantity: item.quantity }));
  }
  const customerId = returns[0]!.customer.id;
  if (returns.some((r) => r.customer.id !== customerId)) throw badRequest('InvalidExchangeRequest', 'All reservations of one exchange belong to the same customer', 'reservationsToExchange');
  const purchases = [];
  for (const [i, p] of req.purchases.entries()) {
    const resolved = await resolvePurchase(ctx, db, purchaser, p, now);
    if (resolved.customer.id !== customerId) throw badRequest('InvalidBillingScope', `reservationsToPurchase.${i}: the new reservation must be billed to the same customer as the returned ones`, `reservationsToPurchase.${i}.properties.billingScopeId`);
    purchases.push(resolved);
  }
  const currency = returns[0]!.order.currency as CurrencyCode;
  const quote = quoteExchange(
    currency,
    returns.map((f) => ({ reservation: f.reservation, refund: f.quote })),
    purchases.map((p) => ({ resourceType: p.resourceType, total: p.total })),
    now, returns[0]!.policy,
  );
  if (actor) {
    for (const f of returns) {
      const d = decideReservationAction(actor, 'exchange', f.access ?? { customer: f.customer });
      if (!d.allowed) quote.policyErrors.push({ code: 'InsufficientPermissions', message: d.reason ?? 'You may not exchange this reservation.' });
    }
  }
  return { customerId, currency, returns, purchases, quote };
}

export async function calculateExchange(ctx: AppContext, actor: Actor, req: ExchangeRequest): Promise<ExchangeQuoteView> {
  const now = ctx.clock.now();
  const facts = await exchangeFacts(ctx, ctx.store.db, actor, actor, req, now);
  const sessionId = newId();
  const policy = facts.returns[0]!.policy;
  const expiresAt = new Date(now.getTime() + policy.quoteLifetimeMinutes * 60_000).toISOString();
  const view: ExchangeQuoteView = {
    sessionId, expiresAt, customerId: facts.customerId,
    returns: facts.returns.map((f) => ({ reservationOrderId: f.reservation.orderId, reservationId: f.reservation.id, quantity: f.quote.quantity, refund: f.quote })),
    purchases: facts.purchases.map((p, i) => ({ input: req.purchases[i]!, resourceType: p.resourceType, skuName: p.sku.name, location: p.location, term: p.term, billingPlan: p.billingPlan, quantity: p.quantity, total: p.total })),
    quote: facts.quote,
  };
  await ctx.store.db.insertInto('quotes').values({
    id: sessionId, kind: 'exchange', actor_id: actor.userId, partner_id: facts.returns[0]!.customer.partnerId, customer_id: facts.customerId,
    request: JSON.stringify(req), result: JSON.stringify(view), created_at: now.toISOString(), expires_at: expiresAt, used_at: null,
  }).execute();
  return view;
}

export interface ExchangeOutcome {
  transactionId: string;
  customerId: string;
  returned: Array<{ reservationOrderId: string; reservationId: string; quantity: number; remainderReservationId: string | null; refund: Money }>;
  purchased: Array<{ reservationOrderId: string; reservationId: string; total: Money; input: PurchaseInput }>;
  quote: ExchangeQuote;
}

export async function executeExchange(ctx: AppContext, actor: Actor, sessionId: string, idempotencyKey?: string): Promise<ExchangeOutcome> {
  const result = await idempotent(ctx, actor, idempotencyKey, 'exchange', { sessionId }, async (db) => {
    const { request } = await claimQuote(db, ctx.clock.now(), actor, sessionId, 'exchange');
    return { status: 200, body: await exchangeNow(ctx, db, actor, request as ExchangeRequest, { origin: actor, quoteId: sessionId }) };
  });
  return result.body as ExchangeOutcome;
}

/**
 * The exchange in one transaction: each returned reservation is cancelled (the cap is not
 * touched), the refunds are credited, the new orders bought with their term starting now and
 * charged, all under one transaction id so the statement shows both sides together.
 */
export async function exchangeNow(ctx: AppContext, db: Db, actor: Actor, req: ExchangeRequest, options: { origin: Actor | null; quoteId: string | null; channel?: string }): Promise<ExchangeOutcome> {
  const now = ctx.clock.now();
  const first = parseReservationRef(req.returns[0]?.reservationId ?? '', 'reservationsToExchange.0.reservationId');
  const anchor = await visibleReservation(db, options.origin, first.reservationOrderId, first.reservationId);
  await lockCustomer(ctx, db, anchor.customerId);
  const facts = await exchangeFacts(ctx, db, options.origin, options.origin ?? actor, req, now);
  if (facts.quote.policyErrors.length) refuseWith(facts.quote.policyErrors);
  const transactionId = newId();
  const returned = [];
  for (const f of facts.returns) {
    const effects = await applyReturn(ctx, db, actor, f, { transactionId, kind: 'exchange' });
    returned.push({ reservationOrderId: f.reservation.orderId, reservationId: f.reservation.id, quantity: f.quote.quantity, remainderReservationId: effects.remainder?.id ?? null, refund: f.quote.grossRefund });
  }
  const purchased = [];
  const ledger: LedgerWrite = { partnerId: facts.returns[0]!.customer.partnerId, customerId: facts.customerId, transactionId, at: now };
  for (const input of req.purchases) {
    const bought = await purchaseWithin(ctx, db, options.origin ?? actor, newId(), input, { transactionId, kind: 'exchangePurchase' });
    const total: Money = { currency: bought.order.currency as CurrencyCode, minor: bought.order.totalMinor };
    // The partner is charged what the purchase bills now: the whole price upfront, the first instalment monthly.
    const chargedNow = (await paymentsOfOrder(db, bought.order.id)).filter((p) => p.status === 'Succeeded').reduce((s, p) => s + p.amount.minor, 0);
    await addCredit(db, ledger, total.currency, -chargedNow, 'exchangePurchase', `New reservation ${bought.reservations[0]!.id} (${bought.reservations[0]!.skuName}, ${bought.order.term} ${bought.order.billingPlan}) charged`);
    purchased.push({ reservationOrderId: bought.order.id, reservationId: bought.reservations[0]!.id, total, input });
  }
  const outcome: ExchangeOutcome = { transactionId, customerId: facts.customerId, returned, purchased, quote: facts.quote };
  await db.insertInto('money_transactions').values({
    id: transactionId, kind: 'exchange', partner_id: ledger.partnerId, customer_id: facts.customerId, actor_id: actor.userId,
    origin: options.channel ?? 'selfService', quote_id: options.quoteId, result: JSON.stringify(outcome), created_at: now.toISOString(),
  }).execute();
  await enqueueNotification(db, { type: 'exchange', at: now, partnerId: ledger.partnerId, resellerId: facts.returns[0]!.customer.resellerId, customerId: facts.customerId, targetType: 'transaction', targetId: transactionId, title: `Reservations exchanged: ${returned.length} returned, ${purchased.length} purchased`, data: { transactionId, returned, purchased: purchased.map((p) => ({ reservationOrderId: p.reservationOrderId, reservationId: p.reservationId, total: p.total })) } });
  return outcome;
}
