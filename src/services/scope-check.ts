import { DomainError, forbidden } from '../domain/errors.ts';
import type { Actor } from '../domain/policy.ts';
import type { Customer } from '../domain/tenancy.ts';
import type { Db } from '../store/database.ts';
import { managementGroupsOf, resourceGroupsOf, subscriptionsOfCustomer } from '../store/tenancy-queries.ts';
import { managementGroupReadable } from './access-service.ts';
import { resolveScope, type ResolvedScope, type ScopeRequest } from './scope-validation.ts';

/**
 * A scope as the caller may set it (rules §3): `resolveScope` checks that it belongs to the
 * customer and is active; on top, a management group must be readable by the caller.
 */
export async function resolveScopeFor(db: Db, actor: Actor, customer: Customer, req: ScopeRequest): Promise<ResolvedScope> {
  const resolved = await resolveScope(db, customer.id, req);
  const mg = resolved.appliedScopeProperties?.managementGroupId;
  if (resolved.appliedScopeType === 'ManagementGroup' && mg) {
    const d = await managementGroupReadable(db, actor, customer, mg.split('/').pop()!);
    if (!d.allowed) throw forbidden('ManagementGroupAccessDenied', d.reason ?? 'No read access on the management group', 'appliedScopeProperties.managementGroupId');
  }
  return resolved;
}

/** How a scope id of availableScopes is read: a management group, or a subscription / resource group (Single). */
export function scopeRequestOf(scope: string): ScopeRequest {
  return /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(scope.trim())
    ? { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: scope.trim() } }
    : { appliedScopeType: 'Single', appliedScopes: [scope] };
}

export interface ScopeVerdict {
  scope: string;
  valid: boolean;
  reason?: string;
  kind?: 'Subscription' | 'ResourceGroup' | 'ManagementGroup';
  displayName?: string;
}

/** Whether one candidate scope would be accepted by an update, and if not, why (the same checks). */
export async function checkScope(db: Db, actor: Actor, customer: Customer, scope: string): Promise<ScopeVerdict> {
  try {
    const r = await resolveScopeFor(db, actor, customer, scopeRequestOf(scope));
    const kind = r.appliedScopeType === 'ManagementGroup' ? 'ManagementGroup' : r.appliedScopeProperties?.resourceGroupId ? 'ResourceGroup' : 'Subscription';
    return { scope, valid: true, kind, displayName: r.appliedScopeProperties?.displayName };
  } catch (err) {
    if (err instanceof DomainError && err.status < 500) return { scope, valid: false, reason: err.message };
    throw err;
  }
}

/** Every subscription, resource group and management group of the customer, each with its verdict, for the console's pickers. */
export async function scopeCandidates(db: Db, actor: Actor, customer: Customer): Promise<ScopeVerdict[]> {
  const subs = await subscriptionsOfCustomer(db, customer.id);
  const groups = await resourceGroupsOf(db, subs.map((s) => s.id));
  const mgs = await managementGroupsOf(db, customer.id);
  const ids = [
    ...subs.map((s) => `/subscriptions/${s.id}`),
    ...groups.map((g) => `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`),
    ...mgs.map((m) => `/providers/Microsoft.Management/managementGroups/${m.id}`),
  ];
  const out: ScopeVerdict[] = [];
  for (const id of ids) {
    const v = await checkScope(db, actor, customer, id);
    const kind = id.includes('/managementGroups/') ? 'ManagementGroup' : id.includes('/resourceGroups/') ? 'ResourceGroup' : 'Subscription';
    out.push({ ...v, kind });
  }
  return out;
}
