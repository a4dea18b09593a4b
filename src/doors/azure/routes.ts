import { z } from 'zod';
import { parseResourceType } from '../../domain/catalog.ts';
import { parseFilter } from '../../domain/odata-filter.ts';
import { notFound } from '../../domain/errors.ts';
import { tenantScopeOf } from '../../domain/policy.ts';
import { catalogForSubscription } from '../../services/catalog-service.ts';
import { calculatePrice, purchase } from '../../services/purchase-service.ts';
import {
  getOrderView, getReservationView, listOrderViews, listReservationViews, reservationRevisions, reservationSummary,
} from '../../services/reservation-service.ts';
import { parseOrderBy } from '../../store/reservation-filter.ts';
import { appliedReservationOrderIds } from '../../services/applied-reservations.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { nextLink } from './api-version.ts';
import { azureAdminRoutes } from './admin-routes.ts';
import { azureMoneyRoutes } from './money-routes.ts';
import { AZURE_OPERATIONS } from './operations.ts';
import { presentCalculatePrice, presentCatalogItem, presentOrder, presentReservation } from './presenters.ts';
import { purchaseRequestSchema, toPurchaseInput } from './schemas.ts';

const P = '/providers/Microsoft.Capacity';
const PAGE = 100;

const apiQuery = z.looseObject({ 'api-version': z.string().optional() });
const orderParams = z.object({ reservationOrderId: guid() });
const reservationParams = z.object({ reservationOrderId: guid(), reservationId: guid() });
const skipToken = z.coerce.number().int().min(0).max(10_000_000).optional();

/** The Azure-compatible door: Microsoft.Capacity 2022-11-01, for the official clients. */
export function azureRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: `${P}/operations`, door: 'azure', auth: 'none', operationId: 'Operation_List',
      summary: 'Lists the operations of the Microsoft.Capacity provider.',
      query: apiQuery,
      handler: async () => ({ body: { value: AZURE_OPERATIONS } }),
    }),
    route({
      method: 'GET', url: `${P}/reservationOrders`, door: 'azure', auth: 'bearer', operationId: 'ReservationOrder_List',
      summary: 'Lists the reservation orders the caller can see.',
      query: apiQuery.extend({ $skiptoken: skipToken }),
      handler: async ({ ctx, actor, query, origin }) => {
        const offset = query.$skiptoken ?? 0;
        const views = await listOrderViews(ctx, actor, PAGE + 1, offset);
        const now = ctx.clock.now();
        return {
          body: {
            value: views.slice(0, PAGE).map((v) => presentOrder(v.order, v.reservations, now)),
            nextLink: views.length > PAGE ? nextLink(origin, `${P}/reservationOrders`, { $skiptoken: offset + PAGE }) : undefined,
          },
        };
      },
    }),
    route({
      method: 'GET', url: `${P}/reservationOrders/:reservationOrderId`, door: 'azure', auth: 'bearer', operationId: 'ReservationOrder_Get',
      summary: 'Gets a reservation order; $expand=planInformation adds the payment schedule.',
      params: orderParams,
      query: apiQuery.extend({ $expand: z.string().optional(), expand: z.string().optional() }),
      handler: async ({ ctx, actor, params, query }) => {
        const v = await getOrderView(ctx, actor, params.reservationOrderId);
        const expand = (query.$expand ?? query.expand ?? '').toLowerCase().includes('planinformation');
        return { body: presentOrder(v.order, v.reservations, ctx.clock.now(), expand ? v.payments : undefined) };
      },
    }),
    route({
      method: 'PUT', url: `${P}/reservationOrders/:reservationOrderId`, door: 'azure', auth: 'bearer', operationId: 'ReservationOrder_Purchase',
      summary: 'Buys a reservation order under the id from calculatePrice (or any new GUID). Repeating the same request returns the order.',
      params: orderParams, query: apiQuery, body: purchaseRequestSchema,
      responses: { 200: 'The order, provisioningState Succeeded.' },
      handler: async ({ ctx, actor, params, body }) => {
        const result = await purchase(ctx, actor, params.reservationOrderId, toPurchaseInput(body));
        const v = await getOrderView(ctx, actor, result.order.id);
        return { status: 200, body: presentOrder(v.order, v.reservations, ctx.clock.now(), v.payments) };
      },
    }),
    route({
      method: 'POST', url: `${P}/calculatePrice`, door: 'azure', auth: 'bearer', operationId: 'ReservationOrder_Calculate',
      summary: 'Prices a purchase and returns the reservationOrderId to buy it under.',
      query: apiQuery, body: purchaseRequestSchema,
      handler: async ({ ctx, actor, body }) => {
        const quote = await calculatePrice(ctx, actor, toPurchaseInput(body));
        return { body: presentCalculatePrice(quote.reservationOrderId, quote.resolved) };
      },
    }),
    route({
      method: 'GET', url: `${P}/reservationOrders/:reservationOrderId/reservations`, door: 'azure', auth: 'bearer', operationId: 'Reservation_List',
      summary: 'Lists the reservations of an order.',
      params: orderParams, query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const order = await getOrderView(ctx, actor, params.reservationOrderId);
        const views = await listReservationViews(ctx, actor, { orderId: order.order.id, limit: 1000, offset: 0 });
        const now = ctx.clock.now();
        return { body: { value: views.map((v) => presentReservation(v, now)) } };
      },
    }),
    route({
      method: 'GET', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Get',
      summary: 'Gets one reservation, with its utilization.',
      params: reservationParams, query: apiQuery.extend({ $expand: z.string().optional(), expand: z.string().optional() }),
      handler: async ({ ctx, actor, params }) => {
        const view = await getReservationView(ctx, actor, params.reservationOrderId, params.reservationId);
        return { body: presentReservation(view, ctx.clock.now()) };
      },
    }),
    route({
      method: 'GET', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId/revisions`, door: 'azure', auth: 'bearer', operationId: 'Reservation_ListRevisions',
      summary: 'Lists every revision of a reservation, newest first.',
      params: reservationParams, query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const revisions = await reservationRevisions(ctx, actor, params.reservationOrderId, params.reservationId);
        const now = ctx.clock.now();
        return {
          body: {
            value: revisions.map((rev) => {
              const p = presentReservation(rev.snapshot, now);
              return { ...p, name: `${rev.snapshot.id}/${rev.revision}`, id: `${p.id}/revisions/${rev.revision}` };
            }),
          },
        };
      },
    }),
    route({
      method: 'GET', url: `${P}/reservations`, door: 'azure', auth: 'bearer', operationId: 'Reservation_ListAll',
      summary: 'Lists every reservation the caller can see, with $filter, $orderby, take, $skiptoken paging and state counts.',
      query: apiQuery.extend({
        $filter: z.string().max(2000).optional(),
        $orderby: z.string().max(300).optional(),
        refreshSummary: z.string().optional(),
        $skiptoken: skipToken,
        selectedState: z.string().max(40).optional(),
        take: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      handler: async ({ ctx, actor, query, origin }) => {
        const parts = [query.$filter, query.selectedState ? `properties/displayProvisioningState eq '${query.selectedState.replace(/'/g, "''")}'` : undefined]
          .filter((p): p is string => Boolean(p && p.trim()));
        const filterText = parts.map((p) => `(${p})`).join(' and ');
        const filter = filterText ? parseFilter(filterText) : undefined;
        const orderBy = parseOrderBy(query.$orderby);
        const take = query.take ?? PAGE;
        const offset = query.$skiptoken ?? 0;
        const [views, summary] = await Promise.all([
          listReservationViews(ctx, actor, { filter, orderBy, limit: take + 1, offset }),
          reservationSummary(ctx, actor, query.$filter ?? '', query.$filter ? parseFilter(query.$filter) : undefined, query.refreshSummary === 'true'),
        ]);
        const now = ctx.clock.now();
        return {
          body: {
            value: views.slice(0, take).map((v) => presentReservation(v, now, 'qualified')),
            nextLink: views.length > take
              ? nextLink(origin, `${P}/reservations`, { $filter: query.$filter, $orderby: query.$orderby, selectedState: query.selectedState, take, $skiptoken: offset + take })
              : undefined,
            summary,
          },
        };
      },
    }),
    route({
      method: 'GET', url: '/subscriptions/:subscriptionId/providers/Microsoft.Capacity/catalogs', door: 'azure', auth: 'bearer', operationId: 'GetCatalog',
      summary: 'The reservation catalog for a subscription, priced in its billing currency.',
      params: z.object({ subscriptionId: guid() }),
      query: apiQuery.extend({
        reservedResourceType: z.string().max(60).optional(),
        location: z.string().max(60).optional(),
        publisherId: z.string().optional(), offerId: z.string().optional(), planId: z.string().optional(),
        $filter: z.string().max(500).optional(),
        $skip: z.coerce.number().int().min(0).optional(),
        $take: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      handler: async ({ ctx, actor, params, query, origin }) => {
        const type = query.reservedResourceType ? parseResourceType(query.reservedResourceType) : undefined;
        const entries = await catalogForSubscription(ctx, actor, params.subscriptionId, { resourceType: type, location: query.location });
        if (!entries) throw notFound('SubscriptionNotFound', `Subscription ${params.subscriptionId} was not found`);
        const skip = query.$skip ?? 0;
        const take = query.$take ?? 500;
        const page = entries.slice(skip, skip + take);
        return {
          body: {
            value: page.map(presentCatalogItem),
            nextLink: skip + take < entries.length
              ? nextLink(origin, `/subscriptions/${params.subscriptionId}/providers/Microsoft.Capacity/catalogs`, { reservedResourceType: query.reservedResourceType, location: query.location, $skip: skip + take, $take: take })
              : undefined,
            totalItems: entries.length,
          },
        };
      },
    }),
    route({
      method: 'GET', url: '/subscriptions/:subscriptionId/providers/Microsoft.Capacity/appliedReservations', door: 'azure', auth: 'bearer', operationId: 'GetAppliedReservationList',
      summary: 'The reservation orders whose benefit applies to a subscription.',
      params: z.object({ subscriptionId: guid() }), query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const ids = await appliedReservationOrderIds(ctx, tenantScopeOf(actor), params.subscriptionId.toLowerCase());
        if (!ids) throw notFound('SubscriptionNotFound', `Subscription ${params.subscriptionId} was not found`);
        return {
          body: {
            id: `/subscriptions/${params.subscriptionId}/providers/microsoft.capacity/AppliedReservations/default`,
            name: 'default',
            type: 'Microsoft.Capacity/AppliedReservations',
            properties: { reservationOrderIds: { value: ids.map((id) => `/providers/Microsoft.Capacity/reservationorders/${id}`) } },
          },
        };
      },
    }),
    ...azureMoneyRoutes(),
    ...azureAdminRoutes(),
  ];
}

