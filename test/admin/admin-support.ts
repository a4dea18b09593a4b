import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../src/services/auth-service.ts';
import type { TestServer } from '../support/test-server.ts';

/** Fixtures of the administration suites, found in the demo world through the /v1 API. */

export const CONTOSO_ID = '6a1f3c52-8d2b-4e57-9a0c-1b2c3d4e5f60';
export const ADMIN = 'admin.agent@contoso-kr.example';
export const SALES = 'sales.agent@contoso-kr.example';
export const HELPDESK = 'helpdesk.agent@contoso-kr.example';
export const P = '/providers/Microsoft.Capacity';
export const API = 'api-version=2022-11-01';

export interface CustomerEstate {
  id: string;
  name: string;
  subscriptions: Array<{ id: string; status: string; resourceGroups: Array<{ id: string; name: string }>; managementGroups: string[] }>;
  managementGroups: Array<{ id: string; name: string }>;
}

export async function estates(server: TestServer, token: string): Promise<CustomerEstate[]> {
  const customers = await server.call('GET', '/v1/customers?size=500', { token });
  assert.equal(customers.status, 200);
  const out: CustomerEstate[] = [];
  for (const c of customers.body.items) {
    const subs = await server.call('GET', `/v1/customers/${c.id}/subscriptions`, { token });
    assert.equal(subs.status, 200);
    out.push({ id: c.id, name: c.companyProfile.companyName, subscriptions: subs.body.items, managementGroups: subs.body.managementGroups });
  }
  return out;
}

/** The customer's active (Succeeded, not expiring soon, not archived) reservations, largest quantity first. */
export async function activeReservations(server: TestServer, token: string, customerId: string): Promise<any[]> {
  const res = await server.call('GET', `/v1/customers/${customerId}/reservations?size=500&state=Succeeded`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.filter((r: any) => !r.properties.archived).sort((a: any, b: any) => b.properties.quantity - a.properties.quantity);
}

export function idsOf(r: { id: string }): { orderId: string; reservationId: string } {
  const m = /reservationOrders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})$/i.exec(r.id);
  assert.ok(m, `not a reservation id: ${r.id}`);
  return { orderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase() };
}

/** Adds a user straight to the store (user management is another suite's subject) and signs it in. */
export async function addUser(server: TestServer, u: { tenant: 'partner' | 'customer'; partnerId?: string; customerId?: string; roles: string[] }): Promise<{ id: string; email: string; token: string }> {
  const id = randomUUID();
  const email = `user-${id.slice(0, 8)}@${u.tenant}.test.example`;
  await server.ctx.store.db.insertInto('users').values({
    id, email, display_name: `Test ${u.roles.join('+')}`, tenant_type: u.tenant, partner_id: u.partnerId ?? null, customer_id: u.customerId ?? null,
    roles: JSON.stringify(u.roles), password_hash: await hashPassword('demo-password'), disabled: 0, created_at: new Date().toISOString(),
  }).execute();
  return { id, email, token: await server.token(email) };
}

export async function userIdOf(server: TestServer, email: string): Promise<string> {
  const row = await server.ctx.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** A snapshot of a reservation and its audit and revision counts, to prove a refusal changed nothing. */
export async function footprint(server: TestServer, reservationId: string) {
  const db = server.ctx.store.db;
  const row = await db.selectFrom('reservations').selectAll().where('id', '=', reservationId).executeTakeFirstOrThrow();
  const revisions = await db.selectFrom('reservation_revisions').select((eb) => eb.fn.countAll<number>().as('n')).where('reservation_id', '=', reservationId).executeTakeFirstOrThrow();
  const audit = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const reservations = await db.selectFrom('reservations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { row, revisions: Number(revisions.n), audit: Number(audit.n), reservations: Number(reservations.n) };
}

export const OWNER_ROLE = '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
export const READER_ROLE = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7';
