import { z } from 'zod';
import { calculateExchange, executeExchange, type ExchangeRequest } from '../../services/exchange-flow.ts';
import { calculateReturn, executeReturn } from '../../services/refund-flow.ts';
import { partnerCredits, partnerStatements, refundAllowance } from '../../services/billing-service.ts';
import { changeMoneyPolicy, moneyPolicyPatch, readMoneyPolicy } from '../../services/settings-service.ts';
import type { PurchaseInput } from '../../services/purchase-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection } from './collection.ts';
import { withMoneyJson } from './money-json.ts';

const returnTarget = z.object({ reservationOrderId: guid(), reservationId: guid(), quantity: z.number().int('must be a whole number').positive('must be at least 1') });
const idempotencyKey = (h: unknown) => (typeof h === 'string' ? h : undefined);

/** A purchase inside an exchange, in the /v1 order-line style. */
const exchangePurchase = z.object({
  offerId: z.string().min(3).max(200),
  quantity: z.number().int().positive(),
  termDuration: z.enum(['P1Y', 'P3Y', 'P5Y']),
  billingPlan: z.enum(['Upfront', 'Monthly']).default('Upfront'),
  subscriptionId: guid(),
  scope: z.enum(['shared', 'single']).default('shared'),
  friendlyName: z.string().max(64).optional(),
});
export const exchangeBody = z.object({
  returns: z.array(z.object({ reservationOrderId: guid(), reservationId: guid(), quantity: z.number().int().positive() })).min(1).max(50),
  purchases: z.array(exchangePurchase).min(1).max(20),
});

export function toExchangeRequest(body: z.infer<typeof exchangeBody>): ExchangeRequest {
  return {
    returns: body.returns.map((r) => ({ reservationId: `${r.reservationOrderId}/${r.reservationId}`, quantity: r.quantity })),
    purchases: body.purchases.map((p): PurchaseInput => {
      const [type = '', sku = '', location = ''] = p.offerId.split(':');
      return {
        reservedResourceType: type, skuName: sku, location, billingScopeId: `/subscriptions/${p.subscriptionId}`,
        term: p.termDuration, billingPlan: p.billingPlan, quantity: p.quantity, displayName: p.friendlyName,
        appliedScopeType: p.scope === 'single' ? 'Single' : 'Shared',
        appliedScopes: p.scope === 'single' ? [`/subscriptions/${p.subscriptionId}`] : undefined,
      };
    }),
  };
}

export function moneyRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/refunds/quote', door: 'partner', auth: 'bearer', operationId: 'Refunds_Quote',
      summary: 'Quotes the return of a quantity of a reservation: prorated refund, fee, the customer\'s allowance before and after, every policy error. The sessionId executes it.',
      body: returnTarget,
      handler: async ({ ctx, actor, body }) => ({ body: withMoneyJson(await calculateReturn(ctx, actor, body)) }),
    }),
    route({
      method: 'POST', url: '/v1/refunds', door: 'partner', auth: 'bearer', operationId: 'Refunds_Create',
      summary: 'Returns a reservation now (self-service) under a quote\'s sessionId. Takes an Idempotency-Key header.',
      body: returnTarget.extend({ sessionId: guid(), returnReason: z.string().max(1000).optional() }),
      responses: { 201: 'The executed return: credit, cap consumption, remainder reservation.' },
      handler: async ({ ctx, actor, body, request }) => {
        const outcome = await executeReturn(ctx, actor, { sessionId: body.sessionId, target: { reservationOrderId: body.reservationOrderId, reservationId: body.reservationId, quantity: body.quantity }, reason: body.returnReason }, idempotencyKey(request.headers['idempotency-key']));
        return { status: 201, body: withMoneyJson(outcome) };
      },
    }),
    route({
      method: 'POST', url: '/v1/exchanges/quote', door: 'partner', auth: 'bearer', operationId: 'Exchanges_Quote',
      summary: 'Quotes an exchange of reservations (with quantities) for new ones of the same type: refunds, purchases, net payable, commitment rule, policy errors.',
      body: exchangeBody,
      handler: async ({ ctx, actor, body }) => ({ body: withMoneyJson(await calculateExchange(ctx, actor, toExchangeRequest(body))) }),
    }),
    route({
      method: 'POST', url: '/v1/exchanges', door: 'partner', auth: 'bearer', operationId: 'Exchanges_Create',
      summary: 'Executes a quoted exchange (self-service). Takes an Idempotency-Key header.',
      body: z.object({ sessionId: guid() }),
      responses: { 201: 'The executed exchange with the new reservation ids.' },
      handler: async ({ ctx, actor, body, request }) => ({ status: 201, body: withMoneyJson(await executeExchange(ctx, actor, body.sessionId, idempotencyKey(request.headers['idempotency-key']))) }),
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId/refundAllowance', door: 'partner', auth: 'bearer', operationId: 'Customers_RefundAllowance',
      summary: 'The customer\'s refund allowance over the rolling window: limit, consumed, remaining, and each entry with its release date.',
      params: z.object({ customerId: guid() }),
      handler: async ({ ctx, actor, params }) => ({ body: withMoneyJson(await refundAllowance(ctx, actor, params.customerId)) }),
    }),
    route({
      method: 'GET', url: '/v1/credits', door: 'partner', auth: 'bearer', operationId: 'Credits_Get',
      summary: 'The partner\'s credit ledger: balance per currency and entries (refund credits, exchange charges).',
      query: z.object({ size: queryInt(1, 500).default(100), offset: queryInt(0, 1_000_000).default(0) }),
      handler: async ({ ctx, actor, query }) => {
        const c = await partnerCredits(ctx, actor, query.size, query.offset);
        return { body: { balances: withMoneyJson(c.balances), ...collection(withMoneyJson(c.entries) as unknown[], c.total, '/v1/credits') } };
      },
    }),
    route({
      method: 'GET', url: '/v1/invoices', door: 'partner', auth: 'bearer', operationId: 'Invoices_List',
      summary: 'Statements per month and currency with their lines: purchases, refunds, and both sides of each exchange.',
      query: z.object({ period: z.string().regex(/^\d{4}-\d{2}$/).optional(), customerId: guid().optional() }),
      handler: async ({ ctx, actor, query }) => {
        const statements = await partnerStatements(ctx, actor, query.period, query.customerId);
        return { body: collection(withMoneyJson(statements) as unknown[], statements.length, '/v1/invoices') };
      },
    }),
    route({
      method: 'GET', url: '/v1/settings/policy', door: 'partner', auth: 'bearer', operationId: 'Settings_GetPolicy',
      summary: 'The partner\'s money policy (cap, window, fee, exchange groups, non-refundable types, cut-off date, quote lifetime, USD rates) with the defaults.',
      handler: async ({ ctx, actor }) => ({ body: await readMoneyPolicy(ctx, actor) }),
    }),
    route({
      method: 'PATCH', url: '/v1/settings/policy', door: 'partner', auth: 'bearer', operationId: 'Settings_UpdatePolicy',
      summary: 'Changes policy values (global admin only); unknown fields are refused.',
      body: moneyPolicyPatch,
      handler: async ({ ctx, actor, body }) => ({ body: { policy: await changeMoneyPolicy(ctx, actor, body) } }),
    }),
  ];
}
