import { z } from 'zod';
import { badRequest, DomainError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { add, toMajorNumber, zero, type CurrencyCode, type Money } from '../../domain/money.ts';
import { requireCustomer } from '../../services/customer-service.ts';
import { idempotent } from '../../services/idempotency.ts';
import { purchaseWithin, type PurchaseInput } from '../../services/purchase-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';

const lineItem = z.object({
  lineItemNumber: z.number().int().min(0).max(99).optional(),
  offerId: z.string().min(3).max(200).describe('Catalog item id from GET /v1/catalog/items: {reservedResourceType}:{skuName}:{location}'),
  friendlyName: z.string().max(64).optional(),
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1'),
  termDuration: z.enum(['P1Y', 'P3Y', 'P5Y']),
  billingPlan: z.enum(['Upfront', 'Monthly']).default('Upfront'),
  renew: z.boolean().optional(),
  provisioningContext: z.object({
    subscriptionId: guid(),
    scope: z.enum(['shared', 'single', 'Shared', 'Single']).default('shared'),
  }),
});

/** The purchase engine names Azure's fields; a refused line points at the /v1 field the client sent instead. */
const LINE_FIELD: Record<string, string> = {
  'sku.name': 'offerId', location: 'offerId', reservedResourceType: 'offerId', quantity: 'quantity', term: 'termDuration',
  billingPlan: 'billingPlan', displayName: 'friendlyName', billingScopeId: 'provisioningContext.subscriptionId',
  appliedScopes: 'provisioningContext.subscriptionId',
};

const orderBody = z.object({
  billingCycle: z.literal('one_time').default('one_time'),
  lineItems: z.array(lineItem).min(1, 'an order has at least one line item').max(20),
});

export function orderRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/customers/:customerId/orders', door: 'partner', auth: 'bearer', operationId: 'Orders_Create',
      summary: 'Buys reservations for the customer (Partner Center order with reservation line items); all lines or none. Takes an Idempotency-Key header.',
      params: z.object({ customerId: guid() }),
      body: orderBody,
      responses: { 201: 'The order with the reservation ids of each line.' },
      handler: async ({ ctx, actor, params, body, request }) => {
        const customer = await requireCustomer(ctx, actor, params.customerId);
        const key = request.headers['idempotency-key'];
        const result = await idempotent(ctx, actor, typeof key === 'string' ? key : undefined, `orders:${customer.id}`, body, async (db) => {
          const now = ctx.clock.now();
          const lines = [];
          let total: Money | undefined;
          for (const [i, line] of body.lineItems.entries()) {
            const [type, sku, location, extra] = line.offerId.split(':');
            if (!type || !sku || !location || extra !== undefined) {
              throw badRequest('InvalidOfferId', `lineItems.${i}.offerId "${line.offerId}" is not a catalog item id ({type}:{sku}:{location})`, `lineItems.${i}.offerId`);
            }
            const input: PurchaseInput = {
              reservedResourceType: type, skuName: sku, location,
              billingScopeId: `/subscriptions/${line.provisioningContext.subscriptionId}`,
              term: line.termDuration, billingPlan: line.billingPlan, quantity: line.quantity,
              displayName: line.friendlyName, renew: line.renew,
              appliedScopeType: line.provisioningContext.scope.toLowerCase() === 'single' ? 'Single' : 'Shared',
              appliedScopes: line.provisioningContext.scope.toLowerCase() === 'single' ? [`/subscriptions/${line.provisioningContext.subscriptionId}`] : undefined,
            };
            const purchased = await purchaseWithin(ctx, db, actor, newId(), input).catch((err: unknown) => {
              if (!(err instanceof DomainError) || err.status !== 400) throw err;
              const field = LINE_FIELD[err.target ?? ''];
              throw new DomainError(400, err.code, `lineItems.${i}: ${err.message}`, field ? `lineItems.${i}.${field}` : `lineItems.${i}`, err.details);
            });
            if (purchased.order.customerId !== customer.id) {
              throw badRequest('InvalidBillingScope', `lineItems.${i}: subscription ${line.provisioningContext.subscriptionId} does not belong to customer ${customer.id}`, `lineItems.${i}.provisioningContext.subscriptionId`);
            }
            const lineTotal: Money = { currency: purchased.order.currency as CurrencyCode, minor: purchased.order.totalMinor };
            total = add(total ?? zero(lineTotal.currency), lineTotal);
            lines.push({
              lineItemNumber: line.lineItemNumber ?? i,
              offerId: line.offerId,
              friendlyName: purchased.order.displayName,
              quantity: line.quantity,
              termDuration: line.termDuration,
              billingPlan: line.billingPlan,
              provisioningContext: line.provisioningContext,
              resourceIds: { reservationOrderId: purchased.order.id, reservationIds: purchased.reservations.map((r) => r.id) },
              totalPrice: { currencyCode: lineTotal.currency, amount: toMajorNumber(lineTotal) },
            });
          }
          return {
            status: 201,
            body: {
              id: newId(),
              referenceCustomerId: customer.id,
              billingCycle: 'one_time',
              currencyCode: total!.currency,
              status: 'completed',
              creationDate: now.toISOString(),
              lineItems: lines,
              totalPrice: { currencyCode: total!.currency, amount: toMajorNumber(total!) },
              attributes: { objectType: 'Order' },
            },
          };
        });
        return { status: result.status, body: result.body, headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : undefined };
      },
    }),
  ];
}
