import { findAzureRole, roleNamed, type AzureRoleDefinition, type RoleScopeType } from '../domain/azure-roles.ts';
import { badRequest, conflict, forbidden, notFound } from '../domain/errors.ts';
import { newId, normalizeGuid } from '../domain/ids.ts';
import { canSeeCustomer, decideReservationAction, tenantScopeOf, type Actor } from '../domain/policy.ts';
import type { Customer } from '../domain/tenancy.ts';
import {
  assignmentsAt, deleteAssignment, findPrincipal, getAssignment, insertAssignment, insertGroup, principalsByIds,
  type Principal, type RoleAssignment,
} from '../store/access-queries.ts';
import type { Db } from '../store/database.ts';
import { getOrder } from '../store/reservation-queries.ts';
import { getCustomerById, getSubscription } from '../store/tenancy-queries.ts';
import { authorize, decide, findVisibleReservation, type AccessTarget } from './access-service.ts';
import { recordAudit } from './audit.ts';
import { enqueueNotification } from './notifications.ts';
import { inTransaction, type AppContext } from './context.ts';

/**
 * Role assignments (rules §1): on a reservation order (its reservations inherit them), on one
 * reservation, and on a subscription (which for partner users is the "explicit access to the
 * customer's subscription" that lets sales and helpdesk agents manage). Granting and removing is
 * the policy's `manageAccess`; the last Owner of an order stays.
 */

export type AccessScope =
  | { kind: 'reservationOrder'; orderId: string }
  | { kind: 'reservation'; orderId: string; reservationId: string }
  | { kind: 'subscription'; subscriptionId: string };

export interface AssignmentView extends RoleAssignment {
  role: AzureRoleDefinition;
  principal: Principal | undefined;
  /** Listed on a reservation but held on its order. */
  inherited: boolean;
}

interface ResolvedScope {
  type: RoleScopeType;
  id: string;
  customer: Customer;
  /** For the reservation policy; undefined for a subscription. */
  target?: AccessTarget;
}

/** The scope the caller names, if the caller can see it (404 otherwise). */
async function resolveAccessScope(db: Db, actor: Actor, scope: AccessScope): Promise<ResolvedScope> {
  if (scope.kind === 'subscription') {
    const sub = await getSubscription(db, normalizeGuid(scope.subscriptionId));
    const customer = sub ? await getCustomerById(db, sub.customerId) : undefined;
    if (!sub || !customer || !canSeeCustomer(actor, customer)) throw notFound('SubscriptionNotFound', `Subscription ${scope.subscriptionId} was not found`);
    return { type: 'subscription', id: sub.id, customer };
  }
  if (scope.kind === 'reservation') {
    const r = await findVisibleReservation(db, actor, scope.orderId, scope.reservationId);
    const customer = (await getCustomerById(db, r.customerId))!;
    return { type: 'reservation', id: r.id, customer, target: { customerId: r.customerId, orderId: r.orderId, reservationId: r.id } };
  }
  const oid = normalizeGuid(scope.orderId);
  let order = await getOrder(db, tenantScopeOf(actor), oid);
  if (!order && actor.kind !== 'provider') {
    const candidate = await getOrder(db, { kind: 'all' }, oid);
    if (candidate && (await decide(db, actor, 'read', { customerId: candidate.customerId, orderId: candidate.id })).allowed) order = candidate;
  }
  if (!order) throw notFound('ReservationOrderNotFound', `Reservation order ${scope.orderId} was not found`);
  const customer = (await getCustomerById(db, order.customerId))!;
  return { type: 'reservationOrder', id: order.id, customer, target: { customerId: order.customerId, orderId: order.id } };
}

async function requireManageAccess(db: Db, actor: Actor, s: ResolvedScope): Promise<void> {
  if (s.target) return authorize(db, actor, 'manageAccess', s.target);
  // Access to a subscription is the partner's to give (AOBO owners of the customer's CSP subscriptions).
  const d = decideReservationAction(actor, 'manageAccess', { customer: s.customer });
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not grant access to this subscription.');
}

async function viewsOf(db: Db, rows: RoleAssignment[], inheritedFrom?: string): Promise<AssignmentView[]> {
  const principals = await principalsByIds(db, rows.map((r) => r.principalId));
  return rows.map((a) => ({ ...a, role: roleNamed(a.roleName), principal: principals.get(a.principalId), inherited: inheritedFrom !== undefined && a.scopeType === 'reservationOrder' }));
}

export async function listAssignments(ctx: AppContext, actor: Actor, scope: AccessScope): Promise<AssignmentView[]> {
  const db = ctx.store.db;
  const s = await resolveAccessScope(db, actor, scope);
  if (s.target) await authorize(db, actor, 'read', s.target);
  else await requireManageAccess(db, actor, s);
  const own = await assignmentsAt(db, s.type, [s.id]);
  if (s.type !== 'reservation') return viewsOf(db, own);
  const fromOrder = await assignmentsAt(db, 'reservationOrder', [s.target!.orderId]);
  return viewsOf(db, [...fromOrder, ...own], s.target!.orderId);
}

export async function getAssignmentAt(ctx: AppContext, actor: Actor, scope: AccessScope, assignmentId: string): Promise<AssignmentView> {
  const views = await listAssignments(ctx, actor, scope);
  const found = views.find((v) => v.id === normalizeGuid(assignmentId));
  if (!found) throw notFound('RoleAssignmentNotFound', `Role assignment ${assignmentId} was not found at this scope`);
  return found;
}

/** A principal may hold roles on a customer's resources if it belongs to that customer's tenant or to its partner or reseller. */
function principalFits(p: Principal, c: Customer): boolean {
  if (p.tenantType === 'customer') return p.customerId === c.id;
  return p.partnerId === c.partnerId || (c.resellerId !== null && p.partnerId === c.resellerId);
}

export async function createAssignment(
  ctx: AppContext, actor: Actor, scope: AccessScope, assignmentId: string, input: { roleDefinitionId: string; principalId: string },
): Promise<{ created: boolean; view: AssignmentView }> {
  return inTransaction(ctx, async (db) => {
    const s = await resolveAccessScope(db, actor, scope);
    await requireManageAccess(db, actor, s);
    const role = findAzureRole(input.roleDefinitionId);
    if (!role) throw badRequest('RoleDefinitionDoesNotExist', `"${input.roleDefinitionId}" is not a built-in role definition; list them under roleDefinitions`, 'properties.roleDefinitionId');
    if (!role.assignableTo.includes(s.type)) throw badRequest('InvalidRoleAssignmentScope', `${role.name} can be assigned only on ${role.assignableTo.join(', ')}`, 'properties.roleDefinitionId');
    const principal = await findPrincipal(db, normalizeGuid(input.principalId));
    if (!principal) throw badRequest('PrincipalNotFound', `Principal ${input.principalId} does not exist`, 'properties.principalId');
    if (!principalFits(principal, s.customer)) throw badRequest('PrincipalNotInTenant', `Principal ${input.principalId} belongs neither to the customer's tenant nor to its partner`, 'properties.principalId');
    const id = normalizeGuid(assignmentId);
    const existing = await getAssignment(db, id);
    if (existing) {
      if (existing.scopeType === s.type && existing.scopeId === s.id && existing.roleName === role.name && existing.principalId === principal.id) {
        return { created: false, view: (await viewsOf(db, [existing]))[0]! };
      }
      throw conflict('RoleAssignmentUpdateNotPermitted', `Role assignment ${id} exists with other properties; role assignments cannot be changed, delete and create instead`);
    }
    const same = (await assignmentsAt(db, s.type, [s.id])).find((a) => a.principalId === principal.id && a.roleName === role.name);
    if (same) throw conflict('RoleAssignmentExists', `${principal.displayName} already holds ${role.name} here (assignment ${same.id})`);
    const a: RoleAssignment = {
      id, scopeType: s.type, scopeId: s.id, customerId: s.customer.id, roleName: role.name, principalId: principal.id,
      principalType: principal.type, createdAt: ctx.clock.now().toISOString(), createdBy: actor.userId,
    };
    await insertAssignment(db, a);
    await recordAudit(db, actor, ctx.clock.now(), {
      action: 'roleAssignment.create', targetType: s.type, targetId: s.id, partnerId: s.customer.partnerId, customerId: s.customer.id,
      after: { assignmentId: id, role: role.name, principalId: principal.id, principalType: principal.type },
    });
    await enqueueNotification(db, {
      type: 'accessChange', at: ctx.clock.now(), partnerId: s.customer.partnerId, resellerId: s.customer.resellerId, customerId: s.customer.id,
      targetType: s.type, targetId: s.id, title: `${principal.displayName} was given ${role.name} on ${s.type} ${s.id}`,
      data: { change: 'added', assignmentId: id, role: role.name, principalId: principal.id },
    });
    return { created: true, view: (await viewsOf(db, [a]))[0]! };
  });
}

export async function removeAssignment(ctx: AppContext, actor: Actor, scope: AccessScope, assignmentId: string): Promise<AssignmentView> {
  return inTransaction(ctx, async (db) => {
    const s = await resolveAccessScope(db, actor, scope);
    const a = await getAssignment(db, normalizeGuid(assignmentId));
    if (!a || a.scopeType !== s.type || a.scopeId !== s.id) throw notFound('RoleAssignmentNotFound', `Role assignment ${assignmentId} was not found at this scope`);
    await requireManageAccess(db, actor, s);
    if (a.roleName === 'Owner' && a.scopeType === 'reservationOrder') {
      const owners = (await assignmentsAt(db, 'reservationOrder', [s.id])).filter((x) => x.roleName === 'Owner');
      if (owners.length <= 1) throw conflict('LastOwnerCannotBeRemoved', `Assignment ${a.id} is the last Owner of reservation order ${s.id}; add another Owner first`);
    }
    const [view] = await viewsOf(db, [a]);
    await deleteAssignment(db, a.id);
    await recordAudit(db, actor, ctx.clock.now(), {
      action: 'roleAssignment.delete', targetType: s.type, targetId: s.id, partnerId: s.customer.partnerId, customerId: s.customer.id,
      before: { assignmentId: a.id, role: a.roleName, principalId: a.principalId, principalType: a.principalType },
    });
    await enqueueNotification(db, {
      type: 'accessChange', at: ctx.clock.now(), partnerId: s.customer.partnerId, resellerId: s.customer.resellerId, customerId: s.customer.id,
      targetType: s.type, targetId: s.id, title: `${view?.principal?.displayName ?? a.principalId} lost ${a.roleName} on ${s.type} ${s.id}`,
      data: { change: 'removed', assignmentId: a.id, role: a.roleName, principalId: a.principalId },
    });
    return view!;
  });
}

/**
 * A group of principals: of the caller's partner, or (with customerId) of a customer's tenant.
 * Creating one is managing access, so the policy's manageAccess on that customer decides.
 */
export async function createGroup(ctx: AppContext, actor: Actor, input: { displayName: string; customerId?: string; members: string[] }) {
  return inTransaction(ctx, async (db) => {
    if (actor.kind !== 'partner') throw forbidden('AuthorizationFailed', 'Groups are created by the partner.');
    let customer: Customer | undefined;
    if (input.customerId) {
      customer = await getCustomerById(db, normalizeGuid(input.customerId));
      if (!customer || !canSeeCustomer(actor, customer)) throw notFound('CustomerNotFound', `Customer ${input.customerId} was not found`, 'customerId');
      const d = decideReservationAction(actor, 'manageAccess', { customer });
      if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not manage access for this customer.');
    } else if (!actor.roles.some((r) => r === 'GlobalAdmin' || r === 'AdminAgent') || actor.partnerType === 'IndirectReseller') {
      throw forbidden('AuthorizationFailed', 'Partner groups are created by global admins and admin agents.');
    }
    const members = [...new Set(input.members.map(normalizeGuid))];
    for (const [i, m] of members.entries()) {
      const p = await findPrincipal(db, m);
      const fits = p && p.type === 'User' && (customer ? p.customerId === customer.id : p.tenantType === 'partner' && p.partnerId === actor.partnerId);
      if (!fits) throw badRequest('InvalidGroupMember', `User ${m} does not exist in the group's tenant`, `members.${i}`);
    }
    const group = { id: newId(), partnerId: customer ? null : actor.partnerId, customerId: customer?.id ?? null, displayName: input.displayName.trim(), createdAt: ctx.clock.now().toISOString() };
    await insertGroup(db, group, members);
    await recordAudit(db, actor, ctx.clock.now(), {
      action: 'accessGroup.create', targetType: 'accessGroup', targetId: group.id, partnerId: customer?.partnerId ?? actor.partnerId, customerId: customer?.id ?? null,
      after: { displayName: group.displayName, members },
    });
    return { ...group, members };
  });
}

