import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/** The ledger: tenancy, catalog, orders and reservations, payments, tokens, audit. */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema.createTable('partners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('provider_partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('billing_currency', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
    .addColumn('reseller_id', 'text', (c) => c.references('partners.id'))
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('company_name_lower', 'text', (c) => c.notNull())
    .addColumn('primary_domain', 'text', (c) => c.notNull().unique())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('customer_may_buy', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_partner_name').on('customers').columns(['partner_id', 'company_name_lower']).execute();
  await db.schema.createIndex('customers_reseller_name').on('customers').columns(['reseller_id', 'company_name_lower']).execute();

  await db.schema.createTable('azure_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('azure_plans_customer').on('azure_plans').column('customer_id').execute();

  await db.schema.createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('azure_plans.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscriptions_customer').on('subscriptions').column('customer_id').execute();

  await db.schema.createTable('resource_groups')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_groups_pk', ['subscription_id', 'name_lower'])
    .execute();

  await db.schema.createTable('management_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('management_group_subscriptions')
    .addColumn('management_group_id', 'text', (c) => c.notNull().references('management_groups.id'))
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addPrimaryKeyConstraint('management_group_subscriptions_pk', ['management_group_id', 'subscription_id'])
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('tenant_type', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.references('partners.id'))
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('access_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema.createTable('skus')
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('flex_group', 'text')
    .addColumn('flex_ratio', 'real')
    .addColumn('properties', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('skus_pk', ['resource_type', 'name'])
    .execute();

  await db.schema.createTable('prices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('billing_plan', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addUniqueConstraint('prices_natural_key', ['resource_type', 'sku_name', 'location', 'term', 'billing_plan', 'currency', 'effective_from'])
    .execute();
  await db.schema.createIndex('prices_by_location').on('prices').columns(['currency', 'location', 'resource_type']).execute();

  await db.schema.createTable('reservation_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('reseller_id', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('billing_scope_id', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('billing_plan', 'text', (c) => c.notNull())
    .addColumn('original_quantity', 'integer', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('benefit_start_at', 'text', (c) => c.notNull())
    .addColumn('expiry_at', 'text', (c) => c.notNull())
    .addColumn('provisioning_state', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('price_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('etag', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_partner_created').on('reservation_orders').columns(['partner_id', 'created_at']).execute();
  await db.schema.createIndex('orders_reseller_created').on('reservation_orders').columns(['reseller_id', 'created_at']).execute();
  await db.schema.createIndex('orders_customer_created').on('reservation_orders').columns(['customer_id', 'created_at']).execute();

  await db.schema.createTable('reservations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('reservation_orders.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('reseller_id', 'text')
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('applied_scope_type', 'text', (c) => c.notNull())
    .addColumn('applied_scopes', 'text', (c) => c.notNull())
    .addColumn('applied_scope_properties', 'text')
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('instance_flexibility', 'text')
    .addColumn('provisioning_state', 'text', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('renew', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('billing_plan', 'text', (c) => c.notNull())
    .addColumn('billing_scope_id', 'text', (c) => c.notNull())
    .addColumn('purchase_at', 'text', (c) => c.notNull())
    .addColumn('benefit_start_at', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('expiry_at', 'text', (c) => c.notNull())
    .addColumn('last_updated_at', 'text', (c) => c.notNull())
    .addColumn('split_source', 'text')
    .addColumn('split_destinations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('merge_sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('merge_destination', 'text')
    .addColumn('renew_source', 'text')
    .addColumn('renew_destination', 'text')
    .addColumn('etag', 'integer', (c) => c.notNull())
    .execute();
  // Listings are always narrowed to one tenant first (partner, reseller or customer) and ordered
  // by expiry; these indexes serve those pages and the state filters at 100,000 reservations.
  await db.schema.createIndex('reservations_order').on('reservations').column('order_id').execute();
  await db.schema.createIndex('reservations_partner_expiry').on('reservations').columns(['partner_id', 'expiry_at', 'id']).execute();
  await db.schema.createIndex('reservations_reseller_expiry').on('reservations').columns(['reseller_id', 'expiry_at', 'id']).execute();
  await db.schema.createIndex('reservations_customer_expiry').on('reservations').columns(['customer_id', 'expiry_at', 'id']).execute();
  await db.schema.createIndex('reservations_partner_state').on('reservations').columns(['partner_id', 'provisioning_state', 'expiry_at']).execute();

  await db.schema.createTable('reservation_revisions')
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reservation_revisions_pk', ['reservation_id', 'revision'])
    .execute();

  await db.schema.createTable('payments')
    .addColumn('order_id', 'text', (c) => c.notNull().references('reservation_orders.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('payment_date', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payments_pk', ['order_id', 'sequence'])
    .execute();
  await db.schema.createIndex('payments_due').on('payments').columns(['status', 'due_date']).execute();

  await db.schema.createTable('utilization_daily')
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('usage_date', 'text', (c) => c.notNull())
    .addColumn('reserved_hours', 'real', (c) => c.notNull())
    .addColumn('used_hours', 'real', (c) => c.notNull())
    .addColumn('min_pct', 'real', (c) => c.notNull())
    .addColumn('avg_pct', 'real', (c) => c.notNull())
    .addColumn('max_pct', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('utilization_daily_pk', ['reservation_id', 'usage_date'])
    .execute();

  await db.schema.createTable('price_quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('idempotency_keys')
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['owner_id', 'key'])
    .execute();

  await db.schema.createTable('audit_log')
    .addColumn('id', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
      engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('on_behalf_of', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('before_state', 'text')
    .addColumn('after_state', 'text')
    .execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();
  await db.schema.createIndex('audit_log_partner_time').on('audit_log').columns(['partner_id', 'recorded_at']).execute();
}
