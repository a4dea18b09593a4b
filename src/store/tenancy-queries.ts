import { sql, type Selectable, type SqlBool } from 'kysely';
import type { TenantScope } from '../domain/policy.ts';
import type { AzureSubscription, Customer, Partner, PartnerType, SubscriptionState } from '../domain/tenancy.ts';
import type { Db } from './database.ts';
import type { CustomersTable, PartnersTable } from './schema.ts';
import { tenantCondition } from './tenant-filter.ts';

export function customerFromRow(c: Selectable<CustomersTable>): Customer {
  return {
    id: c.id,
    companyName: c.company_name,
    primaryDomain: c.primary_domain,
    country: c.country,
    partnerId: c.partner_id,
    resellerId: c.reseller_id,
    customerMayBuy: c.customer_may_buy === 1,
  };
}

export function partnerFromRow(p: Selectable<PartnersTable>): Partner {
  return {
    id: p.id,
    name: p.name,
    type: p.type as PartnerType,
    providerPartnerId: p.provider_partner_id,
    billingCurrency: p.billing_currency,
    country: p.country,
  };
}

export async function getPartner(db: Db, id: string): Promise<Partner | undefined> {
  const row = await db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? partnerFromRow(row) : undefined;
}

export async function listPartners(db: Db): Promise<Partner[]> {
  return (await db.selectFrom('partners').selectAll().orderBy('name').execute()).map(partnerFromRow);
}

export async function searchCustomers(db: Db, scope: TenantScope, search: string | undefined, limit: number, offset: number): Promise<{ items: Customer[]; total: number }> {
  let q = db.selectFrom('customers').where((eb) => tenantCondition(eb, scope, 'customers'));
  if (search) {
    const term = search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    // ESCAPE is spelled out: PostgreSQL and SQLite differ in their default escape character.
    q = q.where((eb) => eb.or([
      sql<SqlBool>`company_name_lower like ${`%${term}%`} escape '\\'`,
      sql<SqlBool>`primary_domain like ${`%${term}%`} escape '\\'`,
    ]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('company_name_lower').orderBy('id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(customerFromRow), total: Number(count.n) };
}

export async function getCustomer(db: Db, scope: TenantScope, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id)
    .where((eb) => tenantCondition(eb, scope, 'customers')).executeTakeFirst();
  return row ? customerFromRow(row) : undefined;
}

/** Unscoped: for the engine's own checks after the caller's access was established. */
export async function getCustomerById(db: Db, id: string): Promise<Customer | undefined> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? customerFromRow(row) : undefined;
}

export async function getSubscription(db: Db, id: string): Promise<AzureSubscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row
    ? { id: row.id, customerId: row.customer_id, planId: row.plan_id, displayName: row.display_name, state: row.state as SubscriptionState }
    : undefined;
}

export async function subscriptionsOfCustomer(db: Db, customerId: string): Promise<AzureSubscription[]> {
  const rows = await db.selectFrom('subscriptions').selectAll().where('customer_id', '=', customerId).orderBy('display_name').execute();
  return rows.map((row) => ({ id: row.id, customerId: row.customer_id, planId: row.plan_id, displayName: row.display_name, state: row.state as SubscriptionState }));
}

export async function resourceGroupsOf(db: Db, subscriptionIds: readonly string[]): Promise<Array<{ subscriptionId: string; name: string; location: string }>> {
  if (subscriptionIds.length === 0) return [];
  const rows = await db.selectFrom('resource_groups').selectAll().where('subscription_id', 'in', subscriptionIds).orderBy('name_lower').execute();
  return rows.map((r) => ({ subscriptionId: r.subscription_id, name: r.name, location: r.location }));
}

export async function managementGroupsOf(db: Db, customerId: string): Promise<Array<{ id: string; displayName: string; subscriptionIds: string[] }>> {
  const groups = await db.selectFrom('management_groups').selectAll().where('customer_id', '=', customerId).orderBy('display_name').execute();
  if (groups.length === 0) return [];
  const members = await db.selectFrom('management_group_subscriptions').selectAll()
    .where('management_group_id', 'in', groups.map((g) => g.id)).execute();
  return groups.map((g) => ({
    id: g.id,
    displayName: g.display_name,
    subscriptionIds: members.filter((m) => m.management_group_id === g.id).map((m) => m.subscription_id),
  }));
}
