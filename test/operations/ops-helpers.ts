import assert from 'node:assert/strict';
import { newId } from '../../src/domain/ids.ts';
import type { Actor } from '../../src/domain/policy.ts';
import { actorOfUser } from '../../src/services/actors.ts';
import type { AppContext } from '../../src/services/context.ts';
import { purchase, type PurchaseInput } from '../../src/services/purchase-service.ts';

export const DAY_MS = 86_400_000;

/** A partner user as an actor, with one of its customers, an active subscription and the partner currency. */
export async function partnerSetup(ctx: AppContext, email: string): Promise<{ actor: Actor; customerId: string; subscriptionId: string; currency: string }> {
  const user = await ctx.store.db.selectFrom('users').select(['id', 'partner_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const actor = await actorOfUser(ctx.store.db, user.id);
  assert.ok(actor);
  const partner = await ctx.store.db.selectFrom('partners').select('billing_currency').where('id', '=', user.partner_id!).executeTakeFirstOrThrow();
  const sub = await ctx.store.db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
    .select(['subscriptions.id', 'customers.id as customer_id'])
    .where('customers.partner_id', '=', user.partner_id!).where('customers.reseller_id', 'is', null).where('subscriptions.state', '=', 'Active')
    .orderBy('subscriptions.id').executeTakeFirstOrThrow();
  return { actor, customerId: sub.customer_id, subscriptionId: sub.id, currency: partner.billing_currency };
}

/** A VM SKU on sale now for P1Y in the currency and plan. */
export async function vmPrice(ctx: AppContext, currency: string, plan: 'Upfront' | 'Monthly') {
  const p = await ctx.store.db.selectFrom('prices').selectAll()
    .where('resource_type', '=', 'VirtualMachines').where('term', '=', 'P1Y').where('billing_plan', '=', plan).where('currency', '=', currency)
    .where('effective_from', '<=', ctx.clock.now().toISOString()).orderBy('sku_name').orderBy('location').executeTakeFirstOrThrow();
  return p;
}

/** Buys one reservation through the purchase service (the same code every door calls). */
export async function buyOne(ctx: AppContext, setup: Awaited<ReturnType<typeof partnerSetup>>, o: { renew?: boolean; plan?: 'Upfront' | 'Monthly'; quantity?: number } = {}) {
  const price = await vmPrice(ctx, setup.currency, o.plan ?? 'Upfront');
  const input: PurchaseInput = {
    skuName: price.sku_name, location: price.location, reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${setup.subscriptionId}`,
    term: 'P1Y', billingPlan: o.plan ?? 'Upfront', quantity: o.quantity ?? 2, renew: o.renew ?? false, appliedScopeType: 'Shared', instanceFlexibility: 'Off',
  };
  const result = await purchase(ctx, setup.actor, newId(), input);
  return { order: result.order, reservation: result.reservations[0]!, price };
}

export async function reservationRow(ctx: AppContext, id: string) {
  return ctx.store.db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function outboxOf(ctx: AppContext, targetId: string, type?: string) {
  let q = ctx.store.db.selectFrom('notification_outbox').selectAll().where('target_id', '=', targetId);
  if (type) q = q.where('event_type', '=', type);
  return q.execute();
}
