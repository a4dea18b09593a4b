import { notFound } from '../domain/errors.ts';
import { normalizeGuid } from '../domain/ids.ts';
import { decideToggleCustomerPurchase, tenantScopeOf, type Actor } from '../domain/policy.ts';
import type { Customer } from '../domain/tenancy.ts';
import { getCustomer, managementGroupsOf, resourceGroupsOf, searchCustomers, subscriptionsOfCustomer } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';

export function listCustomers(ctx: AppContext, actor: Actor, search: string | undefined, limit: number, offset: number) {
  return searchCustomers(ctx.store.db, tenantScopeOf(actor), search?.trim() || undefined, limit, offset);
}

/** The customer if the caller may see it; otherwise "not found", never a hint that it exists. */
export async function requireCustomer(ctx: AppContext, actor: Actor, customerId: string): Promise<Customer> {
  const c = await getCustomer(ctx.store.db, tenantScopeOf(actor), normalizeGuid(customerId));
  if (!c) throw notFound('CustomerNotFound', `Customer ${customerId} was not found`, 'customerId');
  return c;
}

export async function customerSubscriptions(ctx: AppContext, actor: Actor, customerId: string) {
  const customer = await requireCustomer(ctx, actor, customerId);
  const subs = await subscriptionsOfCustomer(ctx.store.db, customer.id);
  const [groups, mgs] = await Promise.all([
    resourceGroupsOf(ctx.store.db, subs.map((s) => s.id)),
    managementGroupsOf(ctx.store.db, customer.id),
  ]);
  return { customer, subscriptions: subs, resourceGroups: groups, managementGroups: mgs };
}

export function customerPermissions(actor: Actor, customer: Customer) {
  return { toggleCustomerPurchase: decideToggleCustomerPurchase(actor, customer) };
}
