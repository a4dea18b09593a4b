import { z } from 'zod';
import { getCustomerById } from '../../store/tenancy-queries.ts';
import { findVisibleReservation } from '../../services/access-service.ts';
import { setArchived, mergeReservations, splitReservation } from '../../services/reservation-lifecycle.ts';
import { updateReservation } from '../../services/reservation-update.ts';
import { createAssignment, getAssignmentAt, listAssignments, removeAssignment, type AccessScope } from '../../services/role-assignments.ts';
import { checkScope } from '../../services/scope-check.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { presentRoleAssignment, presentRoleDefinitions, presentScopeVerdict } from './admin-presenters.ts';
import { presentReservation } from './presenters.ts';
import { purchaseRequestSchema, scopeProperties } from './schemas.ts';

const P = '/providers/Microsoft.Capacity';
const AUTH = 'providers/Microsoft.Authorization';
const apiQuery = z.looseObject({ 'api-version': z.string().optional() });
const orderParams = z.object({ reservationOrderId: guid() });
const reservationParams = z.object({ reservationOrderId: guid(), reservationId: guid() });

/** Azure's Patch: every field optional; `name` is the display name. */
export const patchProperties = z.object({
  appliedScopeType: z.enum(['Single', 'Shared', 'ManagementGroup']).optional(),
  appliedScopes: z.array(z.string().min(1).max(400)).max(1).optional().nullable(),
  appliedScopeProperties: scopeProperties.optional().nullable(),
  instanceFlexibility: z.enum(['On', 'Off']).optional(),
  name: z.string().max(200).optional(),
  renew: z.boolean().optional(),
  renewProperties: z.object({ purchaseProperties: purchaseRequestSchema.optional() }).optional(),
  reviewDateTime: z.string().optional(),
});

const assignmentBody = z.object({ properties: z.object({ roleDefinitionId: z.string().min(1).max(400), principalId: guid(), principalType: z.string().max(40).optional() }) });

/** Reservation administration on the Azure door: update, availableScopes, split, merge, archive, and Microsoft.Authorization on orders. */
export function azureAdminRoutes(): RouteSpec[] {
  const roleRoutes = (base: string, scopeOf: (p: Record<string, string>) => AccessScope, tag: string): RouteSpec[] => [
    route({
      method: 'GET', url: `${base}/${AUTH}/roleAssignments`, door: 'azure', auth: 'bearer', operationId: `RoleAssignments_ListFor${tag}`,
      summary: `Role assignments on the ${tag === 'Order' ? 'reservation order' : 'reservation (with those inherited from its order)'}.`,
      params: tag === 'Order' ? orderParams : reservationParams, query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const p = params as Record<string, string>;
        const views = await listAssignments(ctx, actor, scopeOf(p));
        return { body: { value: views.map((v) => presentRoleAssignment(v, p.reservationOrderId!.toLowerCase())) } };
      },
    }),
    route({
      method: 'GET', url: `${base}/${AUTH}/roleAssignments/:assignmentId`, door: 'azure', auth: 'bearer', operationId: `RoleAssignments_GetFor${tag}`,
      summary: 'One role assignment.',
      params: (tag === 'Order' ? orderParams : reservationParams).extend({ assignmentId: guid() }), query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const p = params as Record<string, string>;
        return { body: presentRoleAssignment(await getAssignmentAt(ctx, actor, scopeOf(p), p.assignmentId!), p.reservationOrderId!.toLowerCase()) };
      },
    }),
    route({
      method: 'PUT', url: `${base}/${AUTH}/roleAssignments/:assignmentId`, door: 'azure', auth: 'bearer', operationId: `RoleAssignments_CreateFor${tag}`,
      summary: 'Grants a built-in role to a user or group (201; repeating the same assignment answers 200).',
      params: (tag === 'Order' ? orderParams : reservationParams).extend({ assignmentId: guid() }), query: apiQuery, body: assignmentBody,
      responses: { 201: 'The role assignment.' },
      handler: async ({ ctx, actor, params, body }) => {
        const p = params as Record<string, string>;
        const { created, view } = await createAssignment(ctx, actor, scopeOf(p), p.assignmentId!, body.properties);
        return { status: created ? 201 : 200, body: presentRoleAssignment(view, p.reservationOrderId!.toLowerCase()) };
      },
    }),
    route({
      method: 'DELETE', url: `${base}/${AUTH}/roleAssignments/:assignmentId`, door: 'azure', auth: 'bearer', operationId: `RoleAssignments_DeleteFor${tag}`,
      summary: 'Removes a role assignment; the last Owner of an order cannot be removed (409).',
      params: (tag === 'Order' ? orderParams : reservationParams).extend({ assignmentId: guid() }), query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        const p = params as Record<string, string>;
        return { body: presentRoleAssignment(await removeAssignment(ctx, actor, scopeOf(p), p.assignmentId!), p.reservationOrderId!.toLowerCase()) };
      },
    }),
    route({
      method: 'GET', url: `${base}/${AUTH}/roleDefinitions`, door: 'azure', auth: 'bearer', operationId: `RoleDefinitions_ListFor${tag}`,
      summary: 'The built-in roles that can be assigned on reservations (rules §1).',
      params: tag === 'Order' ? orderParams : reservationParams, query: apiQuery,
      handler: async () => ({ body: presentRoleDefinitions() }),
    }),
  ];

  return [
    route({
      method: 'PATCH', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Update',
      summary: 'Changes scope, display name, renewal or instance flexibility; 200 with the reservation (the client\'s poller completes at once). Honours If-Match.',
      params: reservationParams, query: apiQuery, body: z.object({ properties: patchProperties }),
      handler: async ({ ctx, actor, params, body, request }) => {
        const p = body.properties;
        const ifMatch = request.headers['if-match'];
        const r = await updateReservation(ctx, actor, params.reservationOrderId, params.reservationId, {
          appliedScopeType: p.appliedScopeType, appliedScopes: p.appliedScopes ?? undefined, appliedScopeProperties: p.appliedScopeProperties ?? undefined,
          name: p.name, renew: p.renew, renewProperties: p.renewProperties, instanceFlexibility: p.instanceFlexibility,
        }, typeof ifMatch === 'string' ? ifMatch : undefined);
        return { body: presentReservation(r, ctx.clock.now()) };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId/availableScopes`, door: 'azure', auth: 'bearer', operationId: 'Reservation_AvailableScopes',
      summary: 'Which of the given scopes the reservation could be applied to.',
      params: reservationParams, query: apiQuery,
      body: z.object({ properties: z.object({ scopes: z.array(z.string().min(1).max(400)).min(1).max(100) }) }),
      handler: async ({ ctx, actor, params, body }) => {
        const r = await findVisibleReservation(ctx.store.db, actor, params.reservationOrderId, params.reservationId);
        const customer = (await getCustomerById(ctx.store.db, r.customerId))!;
        const verdicts = [];
        for (const s of body.properties.scopes) verdicts.push(await checkScope(ctx.store.db, actor, customer, s));
        return { body: { properties: { scopes: verdicts.map((v) => presentScopeVerdict(v, false)) } } };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/split`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Split',
      summary: 'Splits a reservation into two or more with quantities that sum to the original; 200 with the new reservations and the source.',
      params: orderParams, query: apiQuery,
      body: z.object({ properties: z.object({ quantities: z.array(z.number().int('must be a whole number').positive('must be at least 1')).min(2).max(50), reservationId: z.string().min(1).max(300) }) }),
      handler: async ({ ctx, actor, params, body }) => {
        const { source, destinations } = await splitReservation(ctx, actor, params.reservationOrderId, body.properties.reservationId, body.properties.quantities);
        const now = ctx.clock.now();
        return { body: [...destinations, source].map((r) => presentReservation(r, now, 'qualified')) };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/merge`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Merge',
      summary: 'Merges two or more like reservations of the order into one; 200 with the new reservation and the sources.',
      params: orderParams, query: apiQuery,
      body: z.object({ properties: z.object({ sources: z.array(z.string().min(1).max(300)).min(2).max(50) }) }),
      handler: async ({ ctx, actor, params, body }) => {
        const { destination, sources } = await mergeReservations(ctx, actor, params.reservationOrderId, body.properties.sources);
        const now = ctx.clock.now();
        return { body: [destination, ...sources].map((r) => presentReservation(r, now, 'qualified')) };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId/archive`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Archive',
      summary: 'Archives a cancelled, expired or failed reservation (200, no body).',
      params: reservationParams, query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        await setArchived(ctx, actor, params.reservationOrderId, params.reservationId, true);
        return { status: 200 };
      },
    }),
    route({
      method: 'POST', url: `${P}/reservationOrders/:reservationOrderId/reservations/:reservationId/unarchive`, door: 'azure', auth: 'bearer', operationId: 'Reservation_Unarchive',
      summary: 'Restores an archived reservation (200, no body).',
      params: reservationParams, query: apiQuery,
      handler: async ({ ctx, actor, params }) => {
        await setArchived(ctx, actor, params.reservationOrderId, params.reservationId, false);
        return { status: 200 };
      },
    }),
    ...roleRoutes(`${P}/reservationOrders/:reservationOrderId`, (p) => ({ kind: 'reservationOrder', orderId: p.reservationOrderId! }), 'Order'),
    ...roleRoutes(`${P}/reservationOrders/:reservationOrderId/reservations/:reservationId`, (p) => ({ kind: 'reservation', orderId: p.reservationOrderId!, reservationId: p.reservationId! }), 'Reservation'),
  ];
}
