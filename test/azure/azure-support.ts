import assert from 'node:assert/strict';
import { AzureReservationAPI, type ReservationResponse } from '@azure/arm-reservations';
import type { TokenCredential } from '@azure/core-auth';
import type { TestServer } from '../support/test-server.ts';

/** Helpers shared by the Azure-door suites: the official client, paging, errors and demo look-ups. */

export const API = 'api-version=2022-11-01';
export const NORTHWIND_ADMIN = 'admin@northwind-reseller.example';
export const NORTHWIND_PARTNER_ID = '8c3f5e74-af4d-4079-9c2e-3d4e5f607182';
export const CONTOSO_PARTNER_ID = '6a1f3c52-8d2b-4e57-9a0c-1b2c3d4e5f60';
export const FABRIKAM_PARTNER_ID = '7b2e4d63-9e3c-4f68-8b1d-2c3d4e5f6071';

export function clientFor(server: TestServer, token: string): AzureReservationAPI {
  const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
  return new AzureReservationAPI(credential, { endpoint: server.url, tlsOptions: { ca: server.ca } } as never);
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Pages of a paged iterator, as the client fetched them (follows nextLink). */
export async function collectPages<T>(paged: { byPage(): AsyncIterableIterator<T[]> }): Promise<T[][]> {
  const pages: T[][] = [];
  for await (const page of paged.byPage()) pages.push([...page]);
  return pages;
}

/** Awaits a call that must fail with a RestError of the given status and ARM error code. */
export async function expectRestError(call: Promise<unknown> | (() => Promise<unknown>), statusCode: number, code: string): Promise<Error> {
  let caught: unknown;
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, `expected a RestError ${statusCode} ${code}, but the call succeeded`);
  const e = caught as { name?: string; statusCode?: number; code?: string; message?: string };
  assert.equal(e.name, 'RestError', `expected a RestError, got ${e.name}: ${e.message}`);
  assert.equal(e.statusCode, statusCode, `status of ${e.code}: ${e.message}`);
  assert.equal(e.code, code, `code (message: ${e.message})`);
  return caught as Error;
}

/** Minor units of a wire amount, so sums of many instalments compare exactly. */
export function minorOf(price: { currencyCode?: string; amount?: number } | undefined): number {
  assert.ok(price && typeof price.amount === 'number', `expected a price, got ${JSON.stringify(price)}`);
  const digits = price.currencyCode === 'KRW' || price.currencyCode === 'JPY' ? 0 : 2;
  const minor = Math.round(price.amount * 10 ** digits);
  assert.ok(Math.abs(minor - price.amount * 10 ** digits) < 1e-6, `${price.amount} ${price.currencyCode} has more decimals than the currency`);
  return minor;
}

/** "/providers/microsoft.capacity/reservationOrders/{oid}/reservations/{rid}" → { orderId, reservationId }. */
export function idsOf(id: string | undefined): { orderId: string; reservationId: string } {
  const m = /\/reservationorders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})$/i.exec(id ?? '');
  assert.ok(m, `not a reservation id: ${id}`);
  return { orderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase() };
}

export const utcDay = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);

export interface DemoCustomer {
  id: string;
  name: string;
  domain: string;
  partnerId: string;
  resellerId?: string;
}

export interface DemoSubscription {
  id: string;
  status: string;
  resourceGroups: Array<{ id: string; name: string }>;
  managementGroups: string[];
}

/** The customers a partner user sees, through the /v1 API. */
export async function customersOf(server: TestServer, token: string): Promise<DemoCustomer[]> {
  const res = await server.call('GET', '/v1/customers?size=500', { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((c: any) => ({ id: c.id, name: c.companyProfile.companyName, domain: c.companyProfile.domain, partnerId: c.partnerId, resellerId: c.resellerId }));
}

export async function subscriptionsOf(server: TestServer, token: string, customerId: string): Promise<DemoSubscription[]> {
  const res = await server.call('GET', `/v1/customers/${customerId}/subscriptions`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((s: any) => ({ id: s.id, status: s.status, resourceGroups: s.resourceGroups, managementGroups: s.managementGroups }));
}

/** Every reservation of a customer in the Azure wire shape, through the /v1 API. */
export async function reservationsOf(server: TestServer, token: string, customerId: string): Promise<any[]> {
  const res = await server.call('GET', `/v1/customers/${customerId}/reservations?size=500`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.items.length, res.body.totalCount, 'one page holds every reservation of a demo customer');
  return res.body.items;
}

/** A customer of the caller with at least `minActive` active subscriptions, and those subscriptions. */
export async function customerWithActiveSubscriptions(server: TestServer, token: string, minActive: number): Promise<{ customer: DemoCustomer; active: DemoSubscription[]; all: DemoSubscription[] }> {
  for (const customer of await customersOf(server, token)) {
    const all = await subscriptionsOf(server, token, customer.id);
    const active = all.filter((s) => s.status === 'Active');
    if (active.length >= minActive) return { customer, active, all };
  }
  throw new Error(`no demo customer has ${minActive} active subscriptions`);
}

/** Raw JSON of an Azure-door GET, over HTTPS like the client, for what the client does not expose. */
export async function rawAzureGet(server: TestServer, pathAndQuery: string, token?: string): Promise<{ status: number; body: any; headers: Headers }> {
  return server.call('GET', pathAndQuery, token ? { token } : {});
}

export function displayStates(items: ReservationResponse[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of items) {
    const s = r.properties?.displayProvisioningState ?? '(none)';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}
