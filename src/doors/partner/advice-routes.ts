import { z } from 'zod';
import { parseResourceType } from '../../domain/catalog.ts';
import { exchangeAdvice } from '../../services/advice/exchange-advice.ts';
import { customerPurchaseRecommendations, LOOK_BACK_PERIODS, type LookBackPeriod } from '../../services/advice/purchase-advice.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection } from './collection.ts';
import { withMoneyJson } from './money-json.ts';

/** /v1 usage advice (issue 7): exchange proposals for a reservation, purchase recommendations for a customer. */
export function adviceRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/reservations/:reservationOrderId/:reservationId/exchangeAdvice', door: 'partner', auth: 'bearer', operationId: 'Reservations_ExchangeAdvice',
      summary: 'Same-type exchanges that fit the reservation\'s observed usage (instance size flexibility): each with the exchange quote of the policy engine (refund, new purchase, net payable, commitment rule), projected utilization and yearly saving, the body for POST /v1/exchanges/quote and a prefilled support request.',
      params: z.object({ reservationOrderId: guid(), reservationId: guid() }),
      query: z.object({ lookBackDays: queryInt(1, 60).default(30) }),
      handler: async ({ ctx, actor, params, query }) => ({
        body: withMoneyJson(await exchangeAdvice(ctx, actor, params.reservationOrderId, params.reservationId, query.lookBackDays)),
      }),
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId/purchaseRecommendations', door: 'partner', auth: 'bearer', operationId: 'Customers_PurchaseRecommendations',
      summary: 'Reservations worth buying from the customer\'s on-demand usage: SKU, region, quantity (steady base load), and per term (1 and 3 years) price, on-demand cost, saving and break-even month; the order line that buys it.',
      params: z.object({ customerId: guid() }),
      query: z.object({
        lookBackPeriod: z.enum(Object.keys(LOOK_BACK_PERIODS) as [LookBackPeriod, ...LookBackPeriod[]]).default('Last30Days'),
        scope: z.enum(['Single', 'Shared']).default('Single'),
        resourceType: z.string().max(60).optional(),
      }),
      handler: async ({ ctx, actor, params, query, request }) => {
        const items = await customerPurchaseRecommendations(ctx, actor, params.customerId, {
          lookBackPeriod: query.lookBackPeriod, scope: query.scope, resourceType: query.resourceType ? parseResourceType(query.resourceType, 'resourceType') : undefined,
        });
        return { body: collection(withMoneyJson(items) as unknown[], items.length, request.url) };
      },
    }),
  ];
}
