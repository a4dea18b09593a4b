import { forbidden, notFound } from '../domain/errors.ts';
import { normalizeGuid } from '../domain/ids.ts';
import { decideManagementGroupRead, decideReservationAction, tenantScopeOf, type Actor, type Decision, type ReservationAction, type ReservationFacts } from '../domain/policy.ts';
import type { AzureRoleName } from '../domain/azure-roles.ts';
import type { Reservation } from '../domain/reservation.ts';
import type { Customer } from '../domain/tenancy.ts';
import { assignmentsOfPrincipals, principalIdsOf, type RoleAssignment } from '../store/access-queries.ts';
import type { Db } from '../store/database.ts';
import { getReservation } from '../store/reservation-queries.ts';
import { getCustomerById } from '../store/tenancy-queries.ts';

/**
 * Effective access, computed in one place (rules §1): the actor's explicit Azure role assignments
 * on a reservation or its order (directly or through a group), plus, for partner users, whether
 * they hold explicit access to a subscription of the customer (what lets sales and helpdesk agents
 * manage). AOBO (admin agents and global admins) and the partner-role rules stay in the policy,
 * which every reservation action asks with these facts. Read fresh on every request, so an
 * assignment change takes effect on the next one.
 */

export interface AccessTarget {
  customerId: string;
  orderId: string;
  reservationId?: string;
}

async function assignmentsFor(db: Db, actor: Actor, customerIds: readonly string[]): Promise<RoleAssignment[]> {
  if (actor.kind === 'provider') return [];
  return assignmentsOfPrincipals(db, await principalIdsOf(db, actor.userId), [...new Set(customerIds)]);
}

function factsFrom(actor: Actor, customer: Customer, assignments: readonly RoleAssignment[], t: AccessTarget): ReservationFacts {
  const azureRoles: AzureRoleName[] = assignments
    .filter((a) => a.roleName !== 'Reservation Purchaser'
      && ((a.scopeType === 'reservationOrder' && a.scopeId === t.orderId) || (a.scopeType === 'reservation' && t.reservationId !== undefined && a.scopeId === t.reservationId)))
    .map((a) => a.roleName);
  // "Explicit access to the customer's Azure subscription" (rules §1) is a role assignment on one of its subscriptions.
  const hasSubscriptionAccess = actor.kind === 'partner' && assignments.some((a) => a.scopeType === 'subscription' && a.customerId === customer.id);
  return { customer, hasSubscriptionAccess, azureRoles: [...new Set(azureRoles)] };
}

/** The policy facts for each target, in order; a target whose customer is unknown gets undefined. */
export async function accessFacts(db: Db, actor: Actor, targets: readonly AccessTarget[]): Promise<Array<ReservationFacts | undefined>> {
  const customers = new Map<string, Customer | undefined>();
  for (const t of targets) if (!customers.has(t.customerId)) customers.set(t.customerId, await getCustomerById(db, t.customerId));
  const assignments = await assignmentsFor(db, actor, [...customers.keys()]);
  return targets.map((t) => {
    const customer = customers.get(t.customerId);
    return customer ? factsFrom(actor, customer, assignments, t) : undefined;
  });
}

export const targetOf = (r: Pick<Reservation, 'customerId' | 'orderId' | 'id'>): AccessTarget => ({ customerId: r.customerId, orderId: r.orderId, reservationId: r.id });

/** The policy's answer for one action on one reservation (or, without reservationId, on an order). */
export async function decide(db: Db, actor: Actor, action: ReservationAction, target: AccessTarget): Promise<Decision> {
  const [facts] = await accessFacts(db, actor, [target]);
  return facts ? decideReservationAction(actor, action, facts) : { allowed: false, reason: 'The customer is unknown.' };
}

/** Refuses with 403 and the policy's reason unless the action is allowed. */
export async function authorize(db: Db, actor: Actor, action: ReservationAction, target: AccessTarget): Promise<void> {
  const d = await decide(db, actor, action, target);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? `You may not ${action} this reservation.`);
}

/**
 * The reservation as the actor may see it: within its tenant scope, or reached through an explicit
 * role assignment (how a guest of the customer tenant sees what it was given). Otherwise 404.
 */
export async function findVisibleReservation(db: Db, actor: Actor, orderId: string, reservationId: string, target = 'reservationId'): Promise<Reservation> {
  const oid = normalizeGuid(orderId);
  const rid = normalizeGuid(reservationId);
  let r = await getReservation(db, tenantScopeOf(actor), rid);
  if (!r && actor.kind !== 'provider') {
    const candidate = await getReservation(db, { kind: 'all' }, rid);
    if (candidate && (await decide(db, actor, 'read', targetOf(candidate))).allowed) r = candidate;
  }
  if (!r || r.orderId !== oid) throw notFound('ReservationNotFound', `Reservation ${reservationId} was not found in reservation order ${orderId}`, target);
  return r;
}

/** Rules §3: may the actor name this management group of the customer as a scope? */
export async function managementGroupReadable(db: Db, actor: Actor, customer: Customer, managementGroupId: string): Promise<Decision> {
  const assignments = await assignmentsFor(db, actor, [customer.id]);
  const held = assignments.some((a) => a.scopeType === 'managementGroup' && a.scopeId.toLowerCase() === managementGroupId.toLowerCase());
  return decideManagementGroupRead(actor, customer, held);
}
