import { newId } from '../domain/ids.ts';
import type { Db } from '../store/database.ts';

/**
 * Each demo customer's owner account holds Owner on every subscription of its customer (the rules
 * §1 prerequisite for buying itself), as role assignments at subscription scope.
 */
export async function seedSubscriptionOwners(db: Db, at: string): Promise<void> {
  const rows = await db.selectFrom('users').innerJoin('subscriptions', 'subscriptions.customer_id', 'users.customer_id')
    .select(['subscriptions.id as subscription_id', 'subscriptions.customer_id', 'users.id as user_id'])
    .where('users.tenant_type', '=', 'customer').where('users.email', 'like', 'owner@%').orderBy('subscriptions.id').execute();
  for (let i = 0; i < rows.length; i += 200) {
    await db.insertInto('role_assignments').values(rows.slice(i, i + 200).map((r) => ({
      id: newId(), scope_type: 'subscription', scope_id: r.subscription_id, customer_id: r.customer_id!, role_name: 'Owner',
      principal_id: r.user_id, principal_type: 'User', created_at: at, created_by: null,
    }))).execute();
  }
}
