import { createHash } from 'node:crypto';
import { assertOffered, parseBillingPlan, parseResourceType, parseTerm, type BillingPlan, type ReservedResourceType, type Sku, type Term } from '../domain/catalog.ts';
import { badRequest, conflict, DomainError, forbidden } from '../domain/errors.ts';
import { newId, normalizeGuid } from '../domain/ids.ts';
import { isCurrency, money, multiply, type Money } from '../domain/money.ts';
import { decideCustomerSelfPurchase, decideReservationAction, tenantScopeOf, type Actor } from '../domain/policy.ts';
import { isSubscriptionOwner } from './identity/purchase-permission.ts';
import { policyDefaults } from '../domain/policy-values.ts';
import { expiryFor, paymentSchedule, reservationOfOrder, type AppliedScopeProperties, type PaymentInstalment, type Reservation, type ReservationOrder } from '../domain/reservation.ts';
import type { Customer, Partner } from '../domain/tenancy.ts';
import type { Db } from '../store/database.ts';
import { findSkuByName, priceAt, type PriceRow } from '../store/catalog-queries.ts';
import { getOrder, insertOrder, insertPayments, insertReservation, recordRevision, reservationsOfOrders } from '../store/reservation-queries.ts';
import { getCustomer, getPartner, getSubscription } from '../store/tenancy-queries.ts';
import { recordAudit } from './audit.ts';
import { enqueueNotification } from './notifications.ts';
import { addStatementLine } from '../store/money-queries.ts';
import { inTransaction, type AppContext } from './context.ts';
import { resolveScope, subscriptionIdOf, type ResolvedScope } from './scope-validation.ts';

/** A purchase as every door hands it over after checking its shape (Azure's PurchaseRequest, flattened). */
export interface PurchaseInput {
  skuName: string;
  location: string;
  reservedResourceType?: string;
  billingScopeId: string;
  term: string;
  billingPlan?: string;
  quantity: number;
  displayName?: string;
  appliedScopeType?: string;
  appliedScopes?: string[];
  appliedScopeProperties?: AppliedScopeProperties;
  renew?: boolean;
  instanceFlexibility?: 'On' | 'Off';
}

export interface ResolvedPurchase {
  customer: Customer;
  partner: Partner;
  subscriptionId: string;
  sku: Sku;
  resourceType: ReservedResourceType;
  location: string;
  term: Term;
  billingPlan: BillingPlan;
  quantity: number;
  displayName: string;
  scope: ResolvedScope;
  renew: boolean;
  instanceFlexibility: 'On' | 'Off' | null;
  price: PriceRow;
  unitPrice: Money;
  total: Money;
  schedule: PaymentInstalment[];
}

/**
 * Checks a purchase against the catalog, the customer's subscriptions and the caller's rights,
 * and prices it. Shared by calculate-price (no writes) and purchase (writes in one transaction).
 */
export async function resolvePurchase(ctx: AppContext, db: Db, actor: Actor, input: PurchaseInput, now: Date): Promise<ResolvedPurchase> {
  const subscriptionId = subscriptionIdOf(input.billingScopeId, 'billingScopeId');
  const sub = await getSubscription(db, subscriptionId);
  const customer = sub ? await getCustomer(db, tenantScopeOf(actor), sub.customerId) : undefined;
  if (!sub || !customer) throw badRequest('InvalidBillingScope', `Billing subscription ${subscriptionId} was not found among your customers' subscriptions`, 'billingScopeId');
  if (sub.state !== 'Active') throw badRequest('SubscriptionNotActive', `Billing subscription ${subscriptionId} is ${sub.state}; reservations are billed to an active subscription`, 'billingScopeId');

  const decision = actor.kind === 'customer'
    ? decideCustomerSelfPurchase(actor, customer, await isSubscriptionOwner(db, sub.id, actor.userId))
    : decideReservationAction(actor, 'purchase', { customer });
  if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not buy reservations for this customer.');

  const partner = await getPartner(db, customer.partnerId);
  if (!partner || !isCurrency(partner.billingCurrency)) throw new Error(`partner ${customer.partnerId} has no usable billing currency`);

  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > policyDefaults.maxQuantity) {
    throw badRequest('InvalidQuantity', `Quantity must be a whole number from 1 to ${policyDefaults.maxQuantity}`, 'quantity');
  }
  const candidates = await findSkuByName(db, input.skuName);
  const requestedType = input.reservedResourceType ? parseResourceType(input.reservedResourceType) : undefined;
  const sku = candidates.find((s) => !requestedType || s.resourceType === requestedType);
  if (!sku) throw badRequest('InvalidSku', `SKU "${input.skuName}" is not in the catalog${requestedType ? ` for ${requestedType}` : ''}`, 'sku.name');
  const term = parseTerm(input.term);
  const billingPlan = parseBillingPlan(input.billingPlan ?? 'Upfront');
  assertOffered(sku.resourceType, term, billingPlan, sku.terms);
  const location = input.location.trim().toLowerCase();
  const price = await priceAt(db, { resourceType: sku.resourceType, skuName: sku.name, location, term, billingPlan, currency: partner.billingCurrency }, now.toISOString());
  if (!price) {
    throw badRequest('InvalidLocation', `${sku.name} is not sold in "${input.location}" for ${term} ${billingPlan} in ${partner.billingCurrency}`, 'location');
  }
  const scope = await resolveScope(db, customer.id, input);
  const displayName = (input.displayName ?? '').trim() || defaultDisplayName(sku.resourceType, now);
  if (displayName.length > 64) throw badRequest('InvalidDisplayName', 'The display name has at most 64 characters', 'displayName');
  if (input.instanceFlexibility && sku.resourceType !== 'VirtualMachines') {
    throw badRequest('InstanceFlexibilityNotSupported', 'Instance size flexibility applies to virtual machine reservations only', 'instanceFlexibility');
  }
  const unitPrice = money(partner.billingCurrency, price.amountMinor);
  const total = multiply(unitPrice, input.quantity);
  return {
    customer, partner, subscriptionId, sku, resourceType: sku.resourceType, location, term, billingPlan,
    quantity: input.quantity, displayName, scope, renew: input.renew ?? false,
    instanceFlexibility: sku.resourceType === 'VirtualMachines' ? (input.instanceFlexibility ?? 'On') : null,
    price, unitPrice, total, schedule: paymentSchedule(total, billingPlan, term, now),
  };
}

function defaultDisplayName(type: ReservedResourceType, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
  return `${type}_${stamp}`;
}

export interface PriceQuote {
  reservationOrderId: string;
  resolved: ResolvedPurchase;
  expiresAt: string;
}

/** Prices a purchase and reserves an order id for it; nothing is bought. */
export async function calculatePrice(ctx: AppContext, actor: Actor, input: PurchaseInput): Promise<PriceQuote> {
  const now = ctx.clock.now();
  const resolved = await resolvePurchase(ctx, ctx.store.db, actor, input, now);
  const reservationOrderId = newId();
  const expiresAt = new Date(now.getTime() + policyDefaults.quoteLifetimeMinutes * 60_000).toISOString();
  await ctx.store.db.insertInto('price_quotes').values({
    id: reservationOrderId,
    actor_id: actor.userId,
    customer_id: resolved.customer.id,
    request: JSON.stringify(input),
    currency: resolved.total.currency,
    total_minor: resolved.total.minor,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  }).execute();
  return { reservationOrderId, resolved, expiresAt };
}

export const requestFingerprint = (input: unknown): string =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

export interface PurchaseResult {
  order: ReservationOrder;
  reservations: Reservation[];
  created: boolean;
}

/**
 * Buys a reservation order under the id the client chose (Azure's PUT semantics): the order, its
 * reservation, its payment schedule, the first revision and the audit entry land together. A
 * repeated PUT of the same request returns the existing order; a different request for an
 * existing id is refused.
 */
export async function purchase(ctx: AppContext, actor: Actor, orderIdRaw: string, input: PurchaseInput): Promise<PurchaseResult> {
  const orderId = normalizeGuid(orderIdRaw);
  try {
    return await inTransaction(ctx, (db) => purchaseWithin(ctx, db, actor, orderId, input));
  } catch (err) {
    // Two identical PUTs at once: the loser's insert hits the primary key; answer as a repeat.
    if (!(err instanceof DomainError) && isUniqueViolation(err)) {
      return existingPurchase(ctx.store.db, actor, orderId, requestFingerprint(input));
    }
    throw err;
  }
}

/** The purchase's writes, inside a transaction the caller owns (a multi-line order uses one for all lines). */
export async function purchaseWithin(
  ctx: AppContext, db: Db, actor: Actor, orderId: string, input: PurchaseInput,
  ledger: { transactionId: string; kind: 'purchase' | 'exchangePurchase' } = { transactionId: orderId, kind: 'purchase' },
): Promise<PurchaseResult> {
  const fingerprint = requestFingerprint(input);
  const now = ctx.clock.now();
  const existing = await db.selectFrom('reservation_orders').select('id').where('id', '=', orderId).executeTakeFirst();
  if (existing) return existingPurchase(db, actor, orderId, fingerprint);
  const r = await resolvePurchase(ctx, db, actor, input, now);
  const at = now.toISOString();
  const expiry = expiryFor(now, r.term).toISOString();
  const order: ReservationOrder = {
    id: orderId,
    customerId: r.customer.id,
    partnerId: r.customer.partnerId,
    resellerId: r.customer.resellerId,
    displayName: r.displayName,
    billingScopeId: `/subscriptions/${r.subscriptionId}`,
    term: r.term,
    billingPlan: r.billingPlan,
    originalQuantity: r.quantity,
    requestedAt: at,
    createdAt: at,
    benefitStartAt: at,
    expiryAt: expiry,
    provisioningState: 'Succeeded',
    currency: r.total.currency,
    unitPriceMinor: r.unitPrice.minor,
    totalMinor: r.total.minor,
    etag: 1,
  };
  const reservation = reservationOfOrder(order, {
    id: newId(),
    resourceType: r.resourceType,
    skuName: r.sku.name,
    location: r.location,
    quantity: r.quantity,
    appliedScopeType: r.scope.appliedScopeType,
    appliedScopes: r.scope.appliedScopes,
    appliedScopeProperties: r.scope.appliedScopeProperties,
    instanceFlexibility: r.instanceFlexibility,
    renew: r.renew,
  });
  await insertOrder(db, { ...order, priceId: r.price.id, createdBy: actor.userId });
  // Remembers what was asked under this order id, so a repeated PUT can be told from a different one.
  await db.insertInto('idempotency_keys').values({
    owner_id: `order:${orderId}`, key: orderId, operation: 'purchase', request_hash: fingerprint,
    status_code: 200, response: '{}', created_at: at,
  }).execute();
  await insertReservation(db, reservation);
  await insertPayments(db, orderId, r.schedule);
  await recordRevision(db, reservation, at, actor.userId, ledger.kind === 'purchase' ? 'Purchase' : 'Exchange purchase');
  const charged = r.schedule.filter((p) => p.status === 'Succeeded');
  for (const p of charged) {
    await addStatementLine(db, { partnerId: r.customer.partnerId, customerId: r.customer.id, transactionId: ledger.transactionId, at: now }, {
      currency: p.amount.currency, amountMinor: p.amount.minor, kind: ledger.kind,
      description: `${r.sku.title}, ${r.location}, ${r.term} ${r.billingPlan}, quantity ${r.quantity}${r.billingPlan === 'Monthly' ? `, instalment ${p.sequence}` : ''}`,
      reservationOrderId: orderId, reservationId: reservation.id,
    });
  }
  await recordAudit(db, actor, now, {
    action: 'reservation.purchase', targetType: 'reservationOrder', targetId: orderId,
    partnerId: r.customer.partnerId, customerId: r.customer.id,
    after: { order, reservation, total: r.total },
  });
  if (ledger.kind === 'purchase') await enqueueNotification(db, { type: 'purchase', at: now, partnerId: order.partnerId, resellerId: order.resellerId, customerId: order.customerId, targetType: 'reservationOrder', targetId: orderId, title: `Reservation purchased: ${r.sku.title}, ${r.location}, ${r.term} ${r.billingPlan}, quantity ${r.quantity}`, data: { reservationOrderId: orderId, reservationId: reservation.id, total: r.total } });
  return { order, reservations: [reservation], created: true };
}

async function existingPurchase(db: Db, actor: Actor, orderId: string, fingerprint: string): Promise<PurchaseResult> {
  const order = await getOrder(db, tenantScopeOf(actor), orderId);
  const marker = await db.selectFrom('idempotency_keys').select('request_hash').where('owner_id', '=', `order:${orderId}`).executeTakeFirst();
  if (!order || marker?.request_hash !== fingerprint) {
    throw conflict('ReservationOrderAlreadyExists', `Reservation order ${orderId} already exists with a different request; calculate a new price to get a fresh order id`, 'reservationOrderId');
  }
  return { order, reservations: await reservationsOfOrders(db, [orderId]), created: false };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

