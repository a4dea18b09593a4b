import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { TestServer } from '../support/test-server.ts';

/** Shared helpers of the black-box partner-door suites. Everything goes over HTTP except row counts. */

export const API_VERSION = '2022-11-01';
export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CONTOSO_ID = '6a1f3c52-8d2b-4e57-9a0c-1b2c3d4e5f60';
export const FABRIKAM_ID = '7b2e4d63-9e3c-4f68-8b1d-2c3d4e5f6071';
export const NORTHWIND_ID = '8c3f5e74-af4d-4079-9c2e-3d4e5f607182';
export const TAILSPIN_ID = '9d406f85-b05e-418a-8d3f-4e5f60718293';

export const USERS = {
  globalAdmin: 'global.admin@contoso-kr.example',
  adminAgent: 'admin.agent@contoso-kr.example',
  salesAgent: 'sales.agent@contoso-kr.example',
  helpdeskAgent: 'helpdesk.agent@contoso-kr.example',
  billingAdmin: 'billing.admin@contoso-kr.example',
  fabrikamAgent: 'admin.agent@fabrikam-dist.example',
  northwind: 'admin@northwind-reseller.example',
  tailspin: 'admin@tailspin-reseller.example',
  support: 'support@provider.example',
  operator: 'operator@provider.example',
  hanbitOwner: 'owner@hanbit-mfg.example',
} as const;

export const CONTOSO_CUSTOMERS = [
  '한빛제조', '서울물류', '청솔바이오', '누리게임즈', '다온핀테크', '바다해운',
  '별빛미디어', '솔향식품', '온새미로교육', '가람건설', '푸른숲에너지', '하늘항공',
];
export const NORTHWIND_CUSTOMERS = ['Adventure Works', 'Alpine Ski House', 'Coho Winery', 'Litware Inc.', 'Lucerne Publishing', "Margie's Travel"];
export const TAILSPIN_CUSTOMERS = ['Proseware', 'Relecloud', 'Trey Research', 'Wide World Importers', 'Woodgrove Bank', 'Fourth Coffee'];

/**
 * Row counts of every table in the store (found by introspection, so tables added later are
 * covered too). A refused request must leave every count as it was.
 */
export type RowCounts = Record<string, number>;

export async function rowCounts(server: TestServer): Promise<RowCounts> {
  const db = server.ctx.store.db;
  // Only this suite's own tables: other suites create and drop their PostgreSQL schemas meanwhile.
  const listed = server.ctx.store.engine === 'postgres'
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  const names = listed.rows.map((r) => r.name).sort();
  for (const required of ['reservations', 'reservation_orders', 'payments']) assert.ok(names.includes(required), `table ${required} exists`);
  const out: RowCounts = {};
  for (const table of names) {
    const row = await db.selectFrom(table as 'reservations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** Runs `action` and asserts that it wrote nothing to the purchase tables. */
export async function assertWritesNothing<T>(server: TestServer, action: () => Promise<T>): Promise<T> {
  const before = await rowCounts(server);
  const result = await action();
  assert.deepEqual(await rowCounts(server), before, 'a refused request must not write anything');
  return result;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

/** Asserts the shared error envelope {error:{code,message}} with the given status and code. */
export function assertError(res: CallResult, status: number, code: string, message?: RegExp): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/, 'errors are JSON');
  assert.equal(typeof res.body, 'object', `error body is JSON: ${String(res.body)}`);
  assert.equal(res.body.error?.code, code, `error code in ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length >= 10, `the message explains the error: ${res.body.error.message}`);
  if (message) assert.match(res.body.error.message, message);
}

export async function listAllCustomers(server: TestServer, token: string): Promise<any[]> {
  const res = await server.call('GET', '/v1/customers?size=500', { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.items.length, res.body.totalCount);
  return res.body.items;
}

export async function customerNamed(server: TestServer, token: string, name: string): Promise<any> {
  const found = (await listAllCustomers(server, token)).find((c) => c.companyProfile.companyName === name);
  assert.ok(found, `customer ${name} is visible`);
  return found;
}

export async function subscriptionsOf(server: TestServer, token: string, customerId: string): Promise<any[]> {
  const res = await server.call('GET', `/v1/customers/${customerId}/subscriptions`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

export async function allReservationsOf(server: TestServer, token: string, customerId: string, query = ''): Promise<{ items: any[]; totalCount: number }> {
  const res = await server.call('GET', `/v1/customers/${customerId}/reservations?size=500${query ? `&${query}` : ''}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { items: res.body.items, totalCount: res.body.totalCount };
}

/** Follows links.next from a first page and returns every page. */
export async function followPages(server: TestServer, token: string, firstUri: string, maxPages = 50): Promise<any[]> {
  const pages: any[] = [];
  let uri: string | undefined = firstUri;
  while (uri) {
    const res = await server.call('GET', uri, { token });
    assert.equal(res.status, 200, `${uri}: ${JSON.stringify(res.body)}`);
    pages.push(res.body);
    uri = res.body.links?.next?.uri;
    assert.ok(pages.length <= maxPages, 'paging terminates');
  }
  return pages;
}

/** A raw fetch to the Azure door, so the body can be anything (malformed JSON, oversized). */
export async function azureCall(server: TestServer, method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; apiVersion?: string | null } = {}): Promise<CallResult> {
  const url = new URL(path, server.httpUrl);
  if (options.apiVersion !== null) url.searchParams.set('api-version', options.apiVersion ?? API_VERSION);
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The catalog item ids visible to the caller, fetched through /v1/catalog/items. */
export async function catalogItems(server: TestServer, token: string, query = ''): Promise<any[]> {
  const res = await server.call('GET', `/v1/catalog/items?size=1000${query ? `&${query}` : ''}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}
