import type { TenantScope } from '../domain/policy.ts';
import { isActive } from '../domain/reservation.ts';
import { reservationFromRow } from '../store/reservation-rows.ts';
import { getCustomer, getSubscription, managementGroupsOf } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';

/**
 * The orders whose benefit reaches a subscription now (rules §3): shared reservations of its
 * customer, single-scope ones naming it or one of its resource groups, and management-group ones
 * whose group holds it. Null when the caller cannot see the subscription.
 */
export async function appliedReservationOrderIds(ctx: AppContext, scope: TenantScope, subscriptionId: string): Promise<string[] | null> {
  const sub = await getSubscription(ctx.store.db, subscriptionId);
  const customer = sub ? await getCustomer(ctx.store.db, scope, sub.customerId) : undefined;
  if (!sub || !customer) return null;
  const now = ctx.clock.now();
  const rows = await ctx.store.db.selectFrom('reservations').selectAll()
    .where('customer_id', '=', customer.id)
    .where('provisioning_state', '=', 'Succeeded')
    .where('expiry_at', '>', now.toISOString())
    .execute();
  const groups = await managementGroupsOf(ctx.store.db, customer.id);
  const groupsWithSub = new Set(groups.filter((g) => g.subscriptionIds.includes(sub.id)).map((g) => g.id.toLowerCase()));
  const prefix = `/subscriptions/${sub.id}`;
  const ids = new Set<string>();
  for (const r of rows.map(reservationFromRow)) {
    if (!isActive(r, now)) continue;
    const applies =
      r.appliedScopeType === 'Shared' ||
      (r.appliedScopeType === 'Single' && r.appliedScopes.some((s) => s.toLowerCase() === prefix || s.toLowerCase().startsWith(`${prefix}/`))) ||
      (r.appliedScopeType === 'ManagementGroup' && groupsWithSub.has((r.appliedScopeProperties?.managementGroupId ?? '').split('/').pop()!.toLowerCase()));
    if (applies) ids.add(r.orderId);
  }
  return [...ids].sort();
}
