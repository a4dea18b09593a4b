import { AZURE_ROLES, roleDefinitionResourceId, type AzureRoleDefinition } from '../../domain/azure-roles.ts';
import type { Reservation } from '../../domain/reservation.ts';
import type { AssignmentView } from '../../services/role-assignments.ts';
import type { ScopeVerdict } from '../../services/scope-check.ts';
import { orderResourceId, reservationResourceId } from './presenters.ts';

/** Wire shapes of reservation administration: role assignments and definitions (Microsoft.Authorization), scopes, lineage. */

const AUTH = '/providers/Microsoft.Authorization';

/** The resource id of the scope an assignment sits on. */
export function scopeResourceId(a: Pick<AssignmentView, 'scopeType' | 'scopeId'>, orderIdOfReservation?: string): string {
  switch (a.scopeType) {
    case 'reservationOrder': return orderResourceId(a.scopeId);
    case 'reservation': return reservationResourceId(orderIdOfReservation ?? '', a.scopeId);
    case 'subscription': return `/subscriptions/${a.scopeId}`;
    case 'managementGroup': return `/providers/Microsoft.Management/managementGroups/${a.scopeId}`;
  }
}

export function presentRoleDefinition(d: AzureRoleDefinition) {
  return {
    id: roleDefinitionResourceId(d.id),
    name: d.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: d.name,
      type: 'BuiltInRole',
      description: d.description,
      assignableScopes: ['/'],
      permissions: [{
        actions: [
          ...(d.read ? ['Microsoft.Capacity/*/read'] : []),
          ...(d.manage ? ['Microsoft.Capacity/*/write', 'Microsoft.Capacity/*/action'] : []),
          ...(d.delegate ? ['Microsoft.Authorization/roleAssignments/*'] : []),
          ...(d.name === 'Reservation Purchaser' ? ['Microsoft.Capacity/register/action', 'Microsoft.Capacity/reservationOrders/write'] : []),
        ],
        notActions: [],
      }],
    },
  };
}

export const presentRoleDefinitions = () => ({ value: AZURE_ROLES.map(presentRoleDefinition) });

export function presentRoleAssignment(a: AssignmentView, orderIdOfReservation?: string) {
  const scope = scopeResourceId(a, orderIdOfReservation);
  return {
    id: `${scope}${AUTH}/roleAssignments/${a.id}`,
    name: a.id,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: roleDefinitionResourceId(a.role.id),
      principalId: a.principalId,
      principalType: a.principalType,
      scope,
      createdOn: a.createdAt,
      createdBy: a.createdBy ?? undefined,
    },
  };
}

/** The console's row: the same assignment with names spelled out and whether it comes from the order. */
export function presentAssignmentRow(a: AssignmentView, orderIdOfReservation?: string) {
  return {
    id: a.id,
    roleDefinitionId: roleDefinitionResourceId(a.role.id),
    roleName: a.role.name,
    principalId: a.principalId,
    principalType: a.principalType,
    principalDisplayName: a.principal?.displayName,
    principalEmail: a.principal?.email,
    principalTenant: a.principal ? (a.principal.tenantType === 'customer' ? (a.principal.guest ? 'customer (guest)' : 'customer') : 'partner') : undefined,
    scope: scopeResourceId(a, orderIdOfReservation),
    inherited: a.inherited,
    createdAt: a.createdAt,
    createdBy: a.createdBy ?? undefined,
  };
}

export function presentScopeVerdict(v: ScopeVerdict, withReason: boolean) {
  return withReason
    ? { scope: v.scope, kind: v.kind, displayName: v.displayName, valid: v.valid, reason: v.reason }
    : { scope: v.scope, valid: v.valid };
}

/** Lineage of a reservation as full resource ids: split, merge and renewal, both directions. */
export function lineageOf(r: Reservation) {
  const q = (id: string | null) => (id ? reservationResourceId(r.orderId, id) : null);
  return {
    splitSource: q(r.splitSource),
    splitDestinations: r.splitDestinations.map((d) => q(d)!),
    mergeSources: r.mergeSources.map((d) => q(d)!),
    mergeDestination: q(r.mergeDestination),
    renewSource: q(r.renewSource),
    renewDestination: q(r.renewDestination),
  };
}

/** The console's Properties page: every identifier and attribute, copyable (rules §7 asks for both ids). */
export function propertiesPage(r: Reservation, renewProperties: unknown) {
  return {
    reservationId: r.id,
    reservationResourceId: reservationResourceId(r.orderId, r.id),
    reservationOrderId: r.orderId,
    reservationOrderResourceId: orderResourceId(r.orderId),
    skuName: r.skuName,
    reservedResourceType: r.resourceType,
    region: r.location,
    term: r.term,
    billingPlan: r.billingPlan,
    billingSubscriptionId: r.billingScopeId.replace(/^\/subscriptions\//i, ''),
    billingScopeId: r.billingScopeId,
    purchaseDateTime: r.purchaseAt,
    expiryDateTime: r.expiryAt,
    renew: r.renew,
    renewProperties: renewProperties ?? undefined,
    instanceFlexibility: r.instanceFlexibility ?? undefined,
    lineage: lineageOf(r),
  };
}
