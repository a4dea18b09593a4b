import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * Reservation administration (issue 4): Azure role assignments on reservation orders, single
 * reservations, subscriptions and management groups; groups of users as principals; and the
 * renewal purchase properties a PATCH may set. A guest of a customer tenant is a user with the
 * `GuestUser` role, so it needs no column here.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.createTable('role_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // reservationOrder | reservation | subscription | managementGroup
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    // The customer whose resource the scope is, so a partner's or customer's listings stay in tenant.
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    // User | Group
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('role_assignments_unique', ['scope_type', 'scope_id', 'principal_id', 'role_name'])
    .execute();
  await db.schema.createIndex('role_assignments_scope').on('role_assignments').columns(['scope_type', 'scope_id']).execute();
  await db.schema.createIndex('role_assignments_principal').on('role_assignments').columns(['principal_id', 'customer_id']).execute();

  // Groups of one tenant: the partner's (customer_id null) or a customer's.
  await db.schema.createTable('access_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('access_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('access_groups.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('access_group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('access_group_members_user').on('access_group_members').column('user_id').execute();

  // renewProperties.purchaseProperties of a PATCH: what the renewal buys (rules §5 lets quantity,
  // term and billing plan differ from the reservation's own).
  await db.schema.createTable('reservation_renew_properties')
    .addColumn('reservation_id', 'text', (c) => c.primaryKey())
    .addColumn('purchase_properties', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
