import { decideCustomerSelfPurchase, decideReservationAction, type Actor, type Decision } from '../domain/policy.ts';
import { subscriptionsOfCustomer } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';
import { requireCustomer } from './customer-service.ts';
import { isSubscriptionOwner } from './identity/purchase-permission.ts';

export interface PurchaseOptions {
  purchase: Decision;
  subscriptions: Array<{ id: string; displayName: string; state: string; purchase: Decision }>;
}

/**
 * The console's Buy reservation tab asks this first, so it offers a purchase only where the
 * purchase service (resolvePurchase) would accept it: the same decisions, per billing subscription.
 */
export async function purchaseOptions(ctx: AppContext, actor: Actor, customerId: string): Promise<PurchaseOptions> {
  const customer = await requireCustomer(ctx, actor, customerId);
  const subs = await subscriptionsOfCustomer(ctx.store.db, customer.id);
  const base = decideReservationAction(actor, 'purchase', { customer });
  const subscriptions = await Promise.all(subs.map(async (s) => {
    let purchase: Decision;
    if (s.state !== 'Active') purchase = { allowed: false, reason: `The subscription is ${s.state}; reservations are billed to an active subscription.` };
    else if (actor.kind === 'customer') purchase = decideCustomerSelfPurchase(actor, customer, await isSubscriptionOwner(ctx.store.db, s.id, actor.userId));
    else purchase = base;
    return { id: s.id, displayName: s.displayName, state: s.state, purchase };
  }));
  const anyAllowed = subscriptions.find((s) => s.purchase.allowed);
  const purchase: Decision = anyAllowed ? { allowed: true }
    : !base.allowed ? base
    : subscriptions[0]?.purchase.allowed === false ? subscriptions[0].purchase
    : { allowed: false, reason: 'The customer has no active Azure subscription to bill a reservation to.' };
  return { purchase, subscriptions };
}
