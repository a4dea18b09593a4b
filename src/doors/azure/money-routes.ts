import { z } from 'zod';
import { badRequest } from '../../domain/errors.ts';
import { calculateExchange, executeExchange, parseReservationRef, type ExchangeOutcome } from '../../services/exchange-flow.ts';
import { calculateReturn, executeReturn } from '../../services/refund-flow.ts';
import { visibleReservation } from '../../services/return-service.ts';
import { getMoneyTransaction } from '../../services/transaction-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { AZURE_API_VERSION } from './api-version.ts';
import { presentCalculateExchange, presentExchangeResult, presentRefundResponse, refundFiguresOf } from './money-presenters.ts';
import { purchaseRequestSchema, toPurchaseInput } from './schemas.ts';

const P = '/providers/Microsoft.Capacity';
const apiQuery = z.looseObject({ 'api-version': z.string().optional() });
const reservationToReturn = z.object({ reservationId: z.string().min(1).max(300), quantity: z.number().int('must be a whole number').positive('must be at least 1') });
const idempotencyKey = (h: unknown) => (typeof h === 'string' ? h : undefined);

/** Returns and exchanges on the Azure door: calculateRefund, return, calculateExchange, exchange. */
export function azureMoneyRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/calculateRefund`, door: 'azure', auth: 'bearer', operationId: 'CalculateRefund_Post',
      summary: 'Calculates the prorated refund of returning a quantity of a reservation, with the cap and every policy error; the sessionId executes it.',
      params: z.object({ reservationOrderId: guid() }), query: apiQuery,
      body: z.object({ id: z.string().max(300).optional(), properties: z.object({ scope: z.literal('Reservation').optional(), reservationToReturn }) }),
      handler: async ({ ctx, actor, params, body }) => {
        const ref = refInOrder(body.properties.reservationToReturn.reservationId, params.reservationOrderId);
        const v = await calculateReturn(ctx, actor, { ...ref, quantity: body.properties.reservationToReturn.quantity });
        const r = await visibleReservation(ctx.store.db, actor, ref.reservationOrderId, ref.reservationId);
        return { body: presentRefundResponse(refundFiguresOf(v), r.billingPlan) };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/return`, door: 'azure', auth: 'bearer', operationId: 'Return_Post',
      summary: 'Returns a reservation under a calculateRefund sessionId: 202 with the refund and a Location to poll the order. Takes an Idempotency-Key header.',
      params: z.object({ reservationOrderId: guid() }), query: apiQuery,
      body: z.object({ properties: z.object({ sessionId: guid(), scope: z.literal('Reservation').optional(), reservationToReturn, returnReason: z.string().max(1000).optional() }) }),
      responses: { 202: 'RefundResponse; the Location header leads to the reservation order.' },
      handler: async ({ ctx, actor, params, body, request, origin }) => {
        const p = body.properties;
        const ref = refInOrder(p.reservationToReturn.reservationId, params.reservationOrderId);
        const outcome = await executeReturn(ctx, actor, { sessionId: p.sessionId, target: { ...ref, quantity: p.reservationToReturn.quantity }, reason: p.returnReason }, idempotencyKey(request.headers['idempotency-key']));
        const r = await visibleReservation(ctx.store.db, actor, ref.reservationOrderId, ref.reservationId);
        const figures = { sessionId: p.sessionId, reservationOrderId: ref.reservationOrderId, quote: outcome.quote, consumed: outcome.allowance.consumed, limit: outcome.allowance.limit, policyErrors: [] };
        return {
          status: 202,
          headers: { location: `${origin}${P}/reservationOrders/${ref.reservationOrderId}?api-version=${AZURE_API_VERSION}`, 'retry-after': '1' },
          body: presentRefundResponse(figures, r.billingPlan),
        };
      },
    }),
    route({
      method: 'POST', url: `${P}/calculateExchange`, door: 'azure', auth: 'bearer', operationId: 'CalculateExchange_Post',
      summary: 'Calculates an exchange of reservations for new ones: refunds, purchases, net payable and policy errors; the sessionId executes it.',
      query: apiQuery,
      body: z.object({
        properties: z.object({
          reservationsToPurchase: z.array(purchaseRequestSchema).max(20).optional(),
          savingsPlansToPurchase: z.array(z.unknown()).max(0, 'savings plans are not sold here').optional(),
          reservationsToExchange: z.array(z.object({ reservationId: z.string().min(1).max(300), quantity: z.number().int().positive() })).min(1).max(50),
        }),
      }),
      handler: async ({ ctx, actor, body }) => {
        const v = await calculateExchange(ctx, actor, {
          returns: body.properties.reservationsToExchange,
          purchases: (body.properties.reservationsToPurchase ?? []).map(toPurchaseInput),
        });
        return { body: presentCalculateExchange(v) };
      },
    }),
    route({
      method: 'POST', url: `${P}/exchange`, door: 'azure', auth: 'bearer', operationId: 'Exchange_Post',
      summary: 'Executes a calculated exchange: 202 with Azure-AsyncOperation pointing at the operation result. Takes an Idempotency-Key header.',
      query: apiQuery, body: z.object({ properties: z.object({ sessionId: guid() }) }),
      responses: { 202: 'Accepted; poll Azure-AsyncOperation for the ExchangeOperationResultResponse.' },
      handler: async ({ ctx, actor, body, request, origin }) => {
        const outcome = await executeExchange(ctx, actor, body.properties.sessionId, idempotencyKey(request.headers['idempotency-key']));
        const url = `${origin}${P}/operationResults/${outcome.transactionId}?api-version=${AZURE_API_VERSION}`;
        return {
          status: 202,
          headers: { 'azure-asyncoperation': url, location: url, 'retry-after': '1' },
          body: presentExchangeResult(outcome, body.properties.sessionId),
        };
      },
    }),
    route({
      method: 'GET', url: `${P}/operationResults/:operationId`, door: 'azure', auth: 'bearer', operationId: 'OperationResults_Get',
      summary: 'The result of an exchange (the Azure-AsyncOperation target).',
      params: z.object({ operationId: guid() }), query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const t = await getMoneyTransaction(ctx, actor, params.operationId);
        if (t.kind !== 'exchange') throw badRequest('NotAnExchange', `Operation ${params.operationId} is a ${t.kind}, not an exchange`);
        return { body: presentExchangeResult(t.result as ExchangeOutcome, t.quoteId) };
      },
    }),
  ];
}

function refInOrder(reservationId: string, orderId: string) {
  const ref = reservationId.includes('/') ? parseReservationRef(reservationId, 'reservationToReturn.reservationId') : { reservationOrderId: orderId.toLowerCase(), reservationId: reservationId.toLowerCase() };
  if (ref.reservationOrderId !== orderId.toLowerCase()) throw badRequest('InvalidReservationId', `Reservation ${reservationId} is not in reservation order ${orderId}`, 'reservationToReturn.reservationId');
  return ref;
}
