import { badRequest } from '../domain/errors.ts';
import { isGuid } from '../domain/ids.ts';
import type { AppliedScopeProperties, AppliedScopeType } from '../domain/reservation.ts';
import type { Db } from '../store/database.ts';
import { getSubscription, managementGroupsOf, resourceGroupsOf } from '../store/tenancy-queries.ts';

export interface ScopeRequest {
  appliedScopeType?: string;
  appliedScopes?: string[];
  appliedScopeProperties?: AppliedScopeProperties;
}

export interface ResolvedScope {
  appliedScopeType: AppliedScopeType;
  appliedScopes: string[];
  appliedScopeProperties: AppliedScopeProperties | null;
}

const SUBSCRIPTION_ID = /^\/subscriptions\/([0-9a-f-]{36})$/i;
const RESOURCE_GROUP_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([-\w._()]{1,90})$/i;
const MANAGEMENT_GROUP_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([-\w._()]{1,90})$/i;

/** Parses `/subscriptions/{guid}` and returns the GUID, or refuses with a 400 naming the field. */
export function subscriptionIdOf(value: string, target: string): string {
  const m = SUBSCRIPTION_ID.exec(value.trim());
  if (!m || !isGuid(m[1]!)) throw badRequest('InvalidSubscriptionId', `"${value}" is not a subscription id of the form /subscriptions/{guid}`, target);
  return m[1]!.toLowerCase();
}

/**
 * Rules §3: a scope may name only subscriptions, resource groups or management groups of the
 * same customer; a subscription must be active. Shared is the default under the Azure plan.
 */
export async function resolveScope(db: Db, customerId: string, req: ScopeRequest): Promise<ResolvedScope> {
  const type = (req.appliedScopeType ?? 'Shared').toLowerCase();
  if (type === 'shared') {
    return { appliedScopeType: 'Shared', appliedScopes: [], appliedScopeProperties: null };
  }
  if (type === 'single') {
    const scopes = req.appliedScopes ?? [];
    const fromProps = req.appliedScopeProperties?.resourceGroupId ?? req.appliedScopeProperties?.subscriptionId;
    const scope = scopes.length > 0 ? scopes : fromProps ? [fromProps] : [];
    if (scope.length !== 1) throw badRequest('InvalidAppliedScopes', 'A Single scope names exactly one subscription or resource group in appliedScopes', 'appliedScopes');
    const value = scope[0]!.trim();
    const rg = RESOURCE_GROUP_ID.exec(value);
    const subId = rg ? rg[1]!.toLowerCase() : subscriptionIdOf(value, 'appliedScopes');
    const sub = await getSubscription(db, subId);
    if (!sub || sub.customerId !== customerId) {
      throw badRequest('InvalidAppliedScopes', `Subscription ${subId} is not one of this customer's subscriptions`, 'appliedScopes');
    }
    if (sub.state !== 'Active') throw badRequest('SubscriptionNotActive', `Subscription ${subId} is ${sub.state}; only an active subscription can be a scope`, 'appliedScopes');
    if (rg) {
      const groups = await resourceGroupsOf(db, [subId]);
      const group = groups.find((g) => g.name.toLowerCase() === rg[2]!.toLowerCase());
      if (!group) throw badRequest('ResourceGroupNotFound', `Resource group "${rg[2]}" does not exist in subscription ${subId}`, 'appliedScopes');
      const id = `/subscriptions/${subId}/resourceGroups/${group.name}`;
      return { appliedScopeType: 'Single', appliedScopes: [id], appliedScopeProperties: { subscriptionId: `/subscriptions/${subId}`, resourceGroupId: id, displayName: group.name } };
    }
    return { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${subId}`], appliedScopeProperties: { subscriptionId: `/subscriptions/${subId}`, displayName: sub.displayName } };
  }
  if (type === 'managementgroup') {
    const raw = req.appliedScopeProperties?.managementGroupId ?? req.appliedScopes?.[0];
    const m = raw ? MANAGEMENT_GROUP_ID.exec(raw.trim()) : null;
    if (!m) throw badRequest('InvalidManagementGroup', 'A ManagementGroup scope needs appliedScopeProperties.managementGroupId of the form /providers/Microsoft.Management/managementGroups/{id}', 'appliedScopeProperties.managementGroupId');
    const groups = await managementGroupsOf(db, customerId);
    const group = groups.find((g) => g.id.toLowerCase() === m[1]!.toLowerCase());
    if (!group) throw badRequest('InvalidManagementGroup', `Management group "${m[1]}" is not one of this customer's management groups`, 'appliedScopeProperties.managementGroupId');
    return {
      appliedScopeType: 'ManagementGroup',
      appliedScopes: [],
      appliedScopeProperties: { tenantId: customerId, managementGroupId: `/providers/Microsoft.Management/managementGroups/${group.id}`, displayName: group.displayName },
    };
  }
  throw badRequest('InvalidAppliedScopeType', `"${req.appliedScopeType}" is not a scope type; use Shared, Single or ManagementGroup`, 'appliedScopeType');
}
