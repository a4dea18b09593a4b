import { z } from 'zod';
import { badRequest } from '../../domain/errors.ts';
import { reservationDetails, reservationSummaries, type ConsumptionTarget } from '../../services/usage-reports/consumption-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { parseUsageDateFilter } from './consumption-filter.ts';
import { presentDetail, presentSummary } from './consumption-presenters.ts';

/**
 * Microsoft.Consumption reservationSummaries and reservationDetails under the reservation order
 * and reservation paths (azure-api.md §3.1), over the usage imported from cost exports.
 * 2024-08-01 is the version with examples; 2023-05-01 and 2026-06-01 answer the same shapes.
 */
export const CONSUMPTION_API_VERSIONS = ['2024-08-01', '2023-05-01', '2026-06-01'] as const;
const PAGE = 1000;

const ORDER = '/providers/Microsoft.Capacity/reservationorders/:reservationOrderId';
const RESERVATION = `${ORDER}/reservations/:reservationId`;
const CONSUMPTION = '/providers/Microsoft.Consumption';

const orderParams = z.object({ reservationOrderId: guid() });
const reservationParams = z.object({ reservationOrderId: guid(), reservationId: guid() });
const baseQuery = z.looseObject({
  'api-version': z.string(),
  $filter: z.string().max(500).optional(),
  $skiptoken: z.coerce.number().int().min(0).max(10_000_000).optional(),
  // Not in Microsoft's API: a smaller page size (default and maximum 1000), kept in nextLink.
  $top: z.coerce.number().int().min(1).max(PAGE).optional(),
});
const summariesQuery = baseQuery.extend({ grain: z.string().max(20).optional() });

function grainOf(value: string | undefined): 'daily' | 'monthly' {
  if (value === undefined || value === '') throw badRequest('InvalidParameter', "The grain query parameter is required: 'daily' or 'monthly'.", 'grain');
  const g = value.toLowerCase();
  if (g !== 'daily' && g !== 'monthly') throw badRequest('InvalidParameter', `The grain '${value}' is invalid: use 'daily' or 'monthly'.`, 'grain');
  return g;
}

/** An absolute next link on this server with the caller's api-version and every other parameter kept. */
function consumptionNextLink(origin: string, path: string, query: Record<string, unknown>, skip: number): string {
  const url = new URL(path, origin);
  for (const [k, v] of Object.entries(query)) {
    if (k !== '$skiptoken' && v !== undefined && v !== '') url.searchParams.set(k, String(v));
  }
  url.searchParams.set('$skiptoken', String(skip));
  return url.toString();
}

/** The request path as the client sent it (ids as given), without the query. */
const pathOf = (rawUrl: string) => rawUrl.split('?')[0]!;

export function consumptionRoutes(): RouteSpec[] {
  const summaries = (url: string, operationId: string, params: z.ZodType<{ reservationOrderId: string; reservationId?: string }>, summary: string) => route({
    method: 'GET', url: `${url}${CONSUMPTION}/reservationSummaries`, door: 'azure', auth: 'bearer', operationId, apiVersions: CONSUMPTION_API_VERSIONS,
    summary, params, query: summariesQuery,
    responses: { 200: '{value:[reservationSummaries], nextLink}' },
    handler: async ({ ctx, actor, params: p, query, origin, request }) => {
      const grain = grainOf(query.grain);
      // Azure requires the date range for the daily grain only; monthly without it covers everything stored.
      const range = grain === 'daily' || query.$filter !== undefined ? parseUsageDateFilter(query.$filter) : {};
      const target: ConsumptionTarget = { orderId: p.reservationOrderId, reservationId: p.reservationId };
      const offset = query.$skiptoken ?? 0;
      const size = query.$top ?? PAGE;
      const result = await reservationSummaries(ctx, actor, target, grain, range, { limit: size, offset });
      return {
        body: {
          value: result.rows.map((row) => presentSummary(row, result.reservations.get(row.reservationId)!)),
          nextLink: result.more ? consumptionNextLink(origin, pathOf(request.url), query, offset + size) : undefined,
        },
      };
    },
  });
  const details = (url: string, operationId: string, params: z.ZodType<{ reservationOrderId: string; reservationId?: string }>, summary: string) => route({
    method: 'GET', url: `${url}${CONSUMPTION}/reservationDetails`, door: 'azure', auth: 'bearer', operationId, apiVersions: CONSUMPTION_API_VERSIONS,
    summary, params, query: baseQuery,
    responses: { 200: '{value:[reservationDetails], nextLink}' },
    handler: async ({ ctx, actor, params: p, query, origin, request }) => {
      const range = parseUsageDateFilter(query.$filter);
      const offset = query.$skiptoken ?? 0;
      const size = query.$top ?? PAGE;
      const result = await reservationDetails(ctx, actor, { orderId: p.reservationOrderId, reservationId: p.reservationId }, range, { limit: size, offset });
      return {
        body: {
          value: result.rows.map((row) => presentDetail(row, result.reservations.get(row.reservationId)!)),
          nextLink: result.more ? consumptionNextLink(origin, pathOf(request.url), query, offset + size) : undefined,
        },
      };
    },
  });
  return [
    summaries(ORDER, 'ReservationsSummaries_ListByReservationOrder', orderParams,
      "Daily or monthly utilization summaries of an order's reservations (grain=daily|monthly; $filter on properties/usageDate, required for daily)."),
    summaries(RESERVATION, 'ReservationsSummaries_ListByReservationOrderAndReservation', reservationParams,
      'Daily or monthly utilization summaries of one reservation (grain=daily|monthly; $filter on properties/usageDate, required for daily).'),
    details(ORDER, 'ReservationsDetails_ListByReservationOrder', orderParams,
      "Per consuming resource and day, what used an order's reservations ($filter on properties/usageDate, required)."),
    details(RESERVATION, 'ReservationsDetails_ListByReservationOrderAndReservation', reservationParams,
      'Per consuming resource and day, what used one reservation ($filter on properties/usageDate, required).'),
  ];
}
