import { forbidden } from '../../domain/errors.ts';
import { decideToggleCustomerPurchase, type Actor } from '../../domain/policy.ts';
import type { Customer } from '../../domain/tenancy.ts';
import { principalIdsOf } from '../../store/access-queries.ts';
import type { Db } from '../../store/database.ts';
import { recordAudit } from '../audit.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { requireCustomer } from '../customer-service.ts';

/** Rules §1: "customer may buy its own reservations", off by default, changed only by admin agents and global admins. */
export async function setCustomerPurchasePermission(ctx: AppContext, actor: Actor, customerId: string, enabled: boolean): Promise<Customer> {
  const customer = await requireCustomer(ctx, actor, customerId);
  const d = decideToggleCustomerPurchase(actor, customer);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not change this permission.');
  const now = ctx.clock.now();
  await inTransaction(ctx, async (db) => {
    await db.updateTable('customers').set({ customer_may_buy: enabled ? 1 : 0 }).where('id', '=', customer.id).execute();
    await recordAudit(db, actor, now, {
      action: 'customer.purchasePermissionChanged', targetType: 'customer', targetId: customer.id, partnerId: customer.partnerId, customerId: customer.id,
      before: { customerMayBuy: customer.customerMayBuy }, after: { customerMayBuy: enabled },
    });
  });
  return { ...customer, customerMayBuy: enabled };
}

/**
 * "Owner on the subscription", as data: an Owner role assignment (role_assignments, migration 0003)
 * on the subscription held by the user directly or through one of its groups.
 */
export async function isSubscriptionOwner(db: Db, subscriptionId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('role_assignments').select('id')
    .where('scope_type', '=', 'subscription').where('scope_id', '=', subscriptionId).where('role_name', '=', 'Owner')
    .where('principal_id', 'in', await principalIdsOf(db, userId)).executeTakeFirst();
  return row !== undefined;
}
