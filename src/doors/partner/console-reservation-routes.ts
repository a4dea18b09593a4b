import { z } from 'zod';
import { assignablePrincipals, effectiveAccess, reservationUtilization } from '../../services/reservation-console-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection } from './collection.ts';
import { presentActions } from './presenters.ts';

/** /v1 routes the console's reservation details page needs beyond Reservations_Get (issue 6). */

const R = '/v1/reservations/:reservationOrderId/:reservationId';
const reservationParams = z.object({ reservationOrderId: guid(), reservationId: guid() });

export function consoleReservationRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: `${R}/utilization`, door: 'partner', auth: 'bearer', operationId: 'Reservations_DailyUtilization',
      summary: 'Daily utilization of the reservation over the last `days` complete UTC days (default 30), one entry per day (null where no data), with the 1/7/30-day aggregates and trend.',
      params: reservationParams,
      query: z.object({ days: queryInt(7, 90).default(30) }),
      handler: async ({ ctx, actor, params, query }) => ({
        body: await reservationUtilization(ctx, actor, params.reservationOrderId, params.reservationId, query.days),
      }),
    }),
    route({
      method: 'GET', url: `${R}/effectiveAccess`, door: 'partner', auth: 'bearer', operationId: 'Reservations_EffectiveAccess',
      summary: "The caller's effective access to the reservation: its roles, the grounds of its access (AOBO, subscription access, Azure roles held directly or through a group…) and every action with allowed and, if not, why.",
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const a = await effectiveAccess(ctx, actor, params.reservationOrderId, params.reservationId);
        return { body: { ...a, actions: presentActions(a.actions) } };
      },
    }),
    route({
      method: 'GET', url: `${R}/assignablePrincipals`, door: 'partner', auth: 'bearer', operationId: 'Reservations_AssignablePrincipals',
      summary: "Users and groups a role on the reservation can be given to (the customer's tenant, its partner and reseller); for callers who may manage its access. `search` matches name or e-mail.",
      params: reservationParams,
      query: z.object({ search: z.string().trim().max(100).optional() }),
      handler: async ({ ctx, actor, params, query, request }) => {
        const items = await assignablePrincipals(ctx, actor, params.reservationOrderId, params.reservationId, query.search || undefined);
        return { body: collection(items, items.length, request.url) };
      },
    }),
  ];
}
