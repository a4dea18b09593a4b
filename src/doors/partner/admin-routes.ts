import { z } from 'zod';
import { AZURE_ROLES } from '../../domain/azure-roles.ts';
import { badRequest } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import type { Reservation } from '../../domain/reservation.ts';
import { renewPropertiesOf } from '../../store/access-queries.ts';
import { getCustomerById } from '../../store/tenancy-queries.ts';
import { findVisibleReservation } from '../../services/access-service.ts';
import type { AppContext } from '../../services/context.ts';
import { mergeReservations, setArchived, splitReservation } from '../../services/reservation-lifecycle.ts';
import { allowedActionsFor, getReservationView, reservationRevisions } from '../../services/reservation-service.ts';
import { changeBillingSubscription, updateReservation } from '../../services/reservation-update.ts';
import { createAssignment, createGroup, listAssignments, removeAssignment, type AccessScope } from '../../services/role-assignments.ts';
import { scopeCandidates } from '../../services/scope-check.ts';
import { presentAssignmentRow, presentRoleDefinition, presentScopeVerdict, propertiesPage } from '../azure/admin-presenters.ts';
import { presentOrder, presentReservation } from '../azure/presenters.ts';
import { patchProperties } from '../azure/admin-routes.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { collection } from './collection.ts';
import { presentActions } from './presenters.ts';

const R = '/v1/reservations/:reservationOrderId/:reservationId';
const reservationParams = z.object({ reservationOrderId: guid(), reservationId: guid() });
const orderParams = z.object({ reservationOrderId: guid() });

/** The console's view of one reservation: the Azure JSON, its Properties page fields, and what the caller may do. */
async function consoleReservation(ctx: AppContext, actor: Actor, r: Reservation) {
  const view = await getReservationView(ctx, actor, r.orderId, r.id);
  const azure = presentReservation(view, ctx.clock.now());
  const actions = await allowedActionsFor(ctx, actor, [view.reservation]);
  return {
    ...azure,
    properties: { ...azure.properties, ...propertiesPage(view.reservation, await renewPropertiesOf(ctx.store.db, r.id)) },
    allowedActions: presentActions(actions.get(r.id)),
  };
}

const assignmentInput = z.object({
  roleDefinitionId: z.string().min(1).max(400).optional().describe('A role definition id, or use roleName'),
  roleName: z.string().min(1).max(60).optional(),
  principalId: guid(),
});

function roleRef(body: z.infer<typeof assignmentInput>): string {
  const ref = body.roleDefinitionId ?? body.roleName;
  if (!ref) throw badRequest('MissingRole', 'Name the role with roleDefinitionId or roleName', 'roleDefinitionId');
  return ref;
}

export function adminRoutes(): RouteSpec[] {
  const accessRoutes = (base: string, params: z.ZodObject, scopeOf: (p: Record<string, string>) => AccessScope, what: string, orderOf: (p: Record<string, string>) => string | undefined): RouteSpec[] => [
    route({
      method: 'GET', url: `${base}/roleAssignments`, door: 'partner', auth: 'bearer', operationId: `Access_List${what}`,
      summary: `Role assignments on the ${what.toLowerCase()}, with principal names.`,
      params,
      handler: async ({ ctx, actor, params: p, request }) => {
        const views = await listAssignments(ctx, actor, scopeOf(p as Record<string, string>));
        const items = views.map((v) => presentAssignmentRow(v, orderOf(p as Record<string, string>)));
        return { body: collection(items, items.length, request.url) };
      },
    }),
    route({
      method: 'POST', url: `${base}/roleAssignments`, door: 'partner', auth: 'bearer', operationId: `Access_Add${what}`,
      summary: `Grants a built-in role on the ${what.toLowerCase()} to a user or group (201).`,
      params, body: assignmentInput,
      responses: { 201: 'The role assignment.' },
      handler: async ({ ctx, actor, params: p, body }) => {
        const { view } = await createAssignment(ctx, actor, scopeOf(p as Record<string, string>), newId(), { roleDefinitionId: roleRef(body), principalId: body.principalId });
        return { status: 201, body: presentAssignmentRow(view, orderOf(p as Record<string, string>)) };
      },
    }),
    route({
      method: 'DELETE', url: `${base}/roleAssignments/:assignmentId`, door: 'partner', auth: 'bearer', operationId: `Access_Remove${what}`,
      summary: 'Removes a role assignment; the last Owner of an order cannot be removed (409).',
      params: params.extend({ assignmentId: guid() }),
      handler: async ({ ctx, actor, params: p }) => {
        const q = p as Record<string, string>;
        return { body: presentAssignmentRow(await removeAssignment(ctx, actor, scopeOf(q), q.assignmentId!), orderOf(q)) };
      },
    }),
  ];

  return [
    route({
      method: 'GET', url: R, door: 'partner', auth: 'bearer', operationId: 'Reservations_Get',
      summary: 'One reservation for the console: the Azure JSON, every identifier and attribute (both ids as GUID and resource id, lineage), and the caller\'s allowed actions.',
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const r = await findVisibleReservation(ctx.store.db, actor, params.reservationOrderId, params.reservationId);
        return { body: await consoleReservation(ctx, actor, r) };
      },
    }),
    route({
      method: 'PATCH', url: R, door: 'partner', auth: 'bearer', operationId: 'Reservations_Update',
      summary: 'Changes scope, display name (displayName), renewal or instance flexibility; refused changes leave the reservation as it was.',
      params: reservationParams,
      body: patchProperties.omit({ name: true, reviewDateTime: true }).extend({ displayName: z.string().max(200).optional() }),
      handler: async ({ ctx, actor, params, body, request }) => {
        const ifMatch = request.headers['if-match'];
        const r = await updateReservation(ctx, actor, params.reservationOrderId, params.reservationId, {
          appliedScopeType: body.appliedScopeType, appliedScopes: body.appliedScopes ?? undefined, appliedScopeProperties: body.appliedScopeProperties ?? undefined,
          name: body.displayName, renew: body.renew, renewProperties: body.renewProperties, instanceFlexibility: body.instanceFlexibility,
        }, typeof ifMatch === 'string' ? ifMatch : undefined);
        return { body: await consoleReservation(ctx, actor, r) };
      },
    }),
    route({
      method: 'GET', url: `${R}/availableScopes`, door: 'partner', auth: 'bearer', operationId: 'Reservations_AvailableScopes',
      summary: 'Every subscription, resource group and management group of the customer, each valid or not with the reason, for the scope pickers.',
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const r = await findVisibleReservation(ctx.store.db, actor, params.reservationOrderId, params.reservationId);
        const customer = (await getCustomerById(ctx.store.db, r.customerId))!;
        const items = (await scopeCandidates(ctx.store.db, actor, customer)).map((v) => presentScopeVerdict(v, true));
        const shared = { scope: 'Shared', kind: 'Shared', displayName: 'Every subscription of the customer', valid: true };
        return { body: collection([shared, ...items], items.length + 1, `/v1/reservations/${r.orderId}/${r.id}/availableScopes`) };
      },
    }),
    route({
      method: 'GET', url: `${R}/revisions`, door: 'partner', auth: 'bearer', operationId: 'Reservations_Revisions',
      summary: 'Every revision of the reservation, newest first, with what changed.',
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const revisions = await reservationRevisions(ctx, actor, params.reservationOrderId, params.reservationId);
        const now = ctx.clock.now();
        const items = revisions.map((rev) => ({ revision: rev.revision, recordedAt: rev.recordedAt, change: rev.change, reservation: presentReservation(rev.snapshot, now) }));
        return { body: collection(items, items.length, `/v1/reservations/${params.reservationOrderId}/${params.reservationId}/revisions`) };
      },
    }),
    route({
      method: 'POST', url: `${R}/split`, door: 'partner', auth: 'bearer', operationId: 'Reservations_Split',
      summary: 'Splits the reservation into two or more with quantities that sum to its own; cancels its renewal.',
      params: reservationParams,
      body: z.object({ quantities: z.array(z.number().int('must be a whole number').positive('must be at least 1')).min(2).max(50) }),
      handler: async ({ ctx, actor, params, body }) => {
        const { source, destinations } = await splitReservation(ctx, actor, params.reservationOrderId, params.reservationId, body.quantities);
        const now = ctx.clock.now();
        return { body: { source: presentReservation(source, now), destinations: destinations.map((d) => presentReservation(d, now)) } };
      },
    }),
    route({
      method: 'POST', url: '/v1/reservationOrders/:reservationOrderId/merge', door: 'partner', auth: 'bearer', operationId: 'ReservationOrders_Merge',
      summary: 'Merges two or more like reservations of the order (reservation GUIDs or resource ids) into one; cancels their renewal.',
      params: orderParams,
      body: z.object({ sources: z.array(z.string().min(1).max(300)).min(2).max(50) }),
      handler: async ({ ctx, actor, params, body }) => {
        const { destination, sources } = await mergeReservations(ctx, actor, params.reservationOrderId, body.sources);
        const now = ctx.clock.now();
        return { body: { destination: presentReservation(destination, now), sources: sources.map((s) => presentReservation(s, now)) } };
      },
    }),
    route({
      method: 'POST', url: `${R}/archive`, door: 'partner', auth: 'bearer', operationId: 'Reservations_Archive',
      summary: 'Archives a cancelled, expired or failed reservation.',
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const r = await setArchived(ctx, actor, params.reservationOrderId, params.reservationId, true);
        return { body: await consoleReservation(ctx, actor, r) };
      },
    }),
    route({
      method: 'POST', url: `${R}/unarchive`, door: 'partner', auth: 'bearer', operationId: 'Reservations_Unarchive',
      summary: 'Restores an archived reservation.',
      params: reservationParams,
      handler: async ({ ctx, actor, params }) => {
        const r = await setArchived(ctx, actor, params.reservationOrderId, params.reservationId, false);
        return { body: await consoleReservation(ctx, actor, r) };
      },
    }),
    route({
      method: 'PATCH', url: '/v1/reservationOrders/:reservationOrderId', door: 'partner', auth: 'bearer', operationId: 'ReservationOrders_Update',
      summary: 'Links the order and its reservations to another active subscription of the same customer (billingScopeId).',
      params: orderParams,
      body: z.object({ billingScopeId: z.string().min(1).max(300) }),
      handler: async ({ ctx, body, actor, params }) => {
        const { order, reservations } = await changeBillingSubscription(ctx, actor, params.reservationOrderId, body.billingScopeId);
        const azure = presentOrder(order, reservations, ctx.clock.now());
        return { body: { ...azure, properties: { ...azure.properties, billingScopeId: order.billingScopeId } } };
      },
    }),
    route({
      method: 'GET', url: '/v1/roleDefinitions', door: 'partner', auth: 'bearer', operationId: 'RoleDefinitions_List',
      summary: 'The built-in roles that can be assigned on reservations and subscriptions (rules §1).',
      handler: async () => {
        const items = AZURE_ROLES.map((d) => ({ ...presentRoleDefinition(d), roleName: d.name, assignableTo: d.assignableTo }));
        return { body: collection(items, items.length, '/v1/roleDefinitions') };
      },
    }),
    route({
      method: 'POST', url: '/v1/accessGroups', door: 'partner', auth: 'bearer', operationId: 'AccessGroups_Create',
      summary: 'Creates a group of users (of the partner, or of a customer with customerId) that role assignments can name.',
      body: z.object({ displayName: z.string().min(1).max(100), customerId: guid().optional(), members: z.array(guid()).max(500).default([]) }),
      responses: { 201: 'The group with its members.' },
      handler: async ({ ctx, actor, body }) => ({ status: 201, body: await createGroup(ctx, actor, body) }),
    }),
    ...accessRoutes('/v1/reservationOrders/:reservationOrderId', orderParams, (p) => ({ kind: 'reservationOrder', orderId: p.reservationOrderId! }), 'Order', () => undefined),
    ...accessRoutes(R, reservationParams, (p) => ({ kind: 'reservation', orderId: p.reservationOrderId!, reservationId: p.reservationId! }), 'Reservation', (p) => p.reservationOrderId!.toLowerCase()),
    ...accessRoutes('/v1/subscriptions/:subscriptionId', z.object({ subscriptionId: guid() }), (p) => ({ kind: 'subscription', subscriptionId: p.subscriptionId! }), 'Subscription', () => undefined),
  ];
}

