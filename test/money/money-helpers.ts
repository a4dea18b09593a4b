import assert from 'node:assert/strict';
import type { TestServer } from '../support/test-server.ts';

/** Helpers shared by the money suites: demo users, fresh tokens, portfolio look-ups, purchases, ledger counts. */

export const GLOBAL_ADMIN = 'global.admin@contoso-kr.example';
export const HELPDESK = 'helpdesk.agent@contoso-kr.example';
export const SUPPORT = 'support@provider.example';
export const NORTHWIND_ADMIN = 'admin@northwind-reseller.example';
export const API = 'api-version=2022-11-01';
export const DAY_MS = 86_400_000;

/**
 * A bearer token that is valid at the server's current (manual) clock. Tokens live 8 hours of
 * server time; suites that move the clock forward get a new one instead of the cached one.
 */
const issued = new WeakMap<TestServer, Map<string, { token: string; at: number }>>();
export async function tokenOf(server: TestServer, email: string): Promise<string> {
  let cache = issued.get(server);
  if (!cache) issued.set(server, (cache = new Map()));
  const now = server.clock.now().getTime();
  const hit = cache.get(email);
  if (hit && now >= hit.at && now - hit.at < 6 * 3_600_000) return hit.token;
  const res = await server.call('POST', '/v1/auth/token', { body: { email, password: 'demo-password' } });
  assert.equal(res.status, 200, `sign-in of ${email}: ${JSON.stringify(res.body)}`);
  cache.set(email, { token: res.body.access_token, at: now });
  return res.body.access_token;
}

/** One reservation as the tests need it (from the Azure JSON shape the /v1 door also returns). */
export interface Res {
  id: string;
  orderId: string;
  reservationId: string;
  customerId: string;
  type: string;
  plan: string;
  term: string;
  quantity: number;
  state: string;
  displayState: string;
  billingScopeId: string;
  subscriptionId: string;
  sku: string;
  location: string;
  expiry: string;
}

function resOf(customerId: string, r: any): Res {
  const m = /\/reservationorders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})$/i.exec(r.id);
  assert.ok(m, `not a reservation id: ${r.id}`);
  return {
    id: r.id, orderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase(), customerId,
    type: r.properties.reservedResourceType, plan: r.properties.billingPlan, term: r.properties.term,
    quantity: r.properties.quantity, state: r.properties.provisioningState, displayState: r.properties.displayProvisioningState,
    billingScopeId: r.properties.billingScopeId, subscriptionId: String(r.properties.billingScopeId).split('/').pop()!,
    sku: r.sku.name, location: r.location, expiry: r.properties.expiryDateTime,
  };
}

export async function customersOf(server: TestServer, token: string): Promise<Array<{ id: string; name: string }>> {
  const res = await server.call('GET', '/v1/customers?size=500', { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((c: any) => ({ id: c.id, name: c.companyProfile.companyName }));
}

/** Every reservation of every customer the caller sees, through GET /v1/customers/{id}/reservations. */
export async function portfolioOf(server: TestServer, token: string): Promise<Res[]> {
  const out: Res[] = [];
  for (const c of await customersOf(server, token)) {
    const res = await server.call('GET', `/v1/customers/${c.id}/reservations?size=500`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.items.length, res.body.totalCount);
    out.push(...res.body.items.map((r: any) => resOf(c.id, r)));
  }
  return out;
}

/**
 * Hands out reservations of a portfolio, each at most once per suite, so tests sharing one server
 * never touch the same reservation.
 */
export class Picker {
  readonly #taken = new Set<string>();
  constructor(readonly all: Res[]) {}
  static async load(server: TestServer, token: string): Promise<Picker> {
    return new Picker(await portfolioOf(server, token));
  }
  /** Claims the first unclaimed reservation matching `pred`. */
  take(what: string, pred: (r: Res) => boolean): Res {
    const r = this.all.find((x) => !this.#taken.has(x.reservationId) && pred(x));
    assert.ok(r, `the demo data holds no ${what}`);
    this.#taken.add(r.reservationId);
    return r;
  }
  claim(r: Res): Res {
    this.#taken.add(r.reservationId);
    return r;
  }
  isTaken(r: Res): boolean {
    return this.#taken.has(r.reservationId);
  }
  /** Customers none of whose reservations were handed out yet. */
  untouchedCustomers(): string[] {
    const touched = new Set(this.all.filter((r) => this.#taken.has(r.reservationId)).map((r) => r.customerId));
    return [...new Set(this.all.map((r) => r.customerId))].filter((c) => !touched.has(c));
  }
}

export const isActive = (r: Res) => r.state === 'Succeeded' && (r.displayState === 'Succeeded');

/** Buys reservations through POST /v1/customers/{id}/orders, one line item each; returns their ids. */
export async function buy(
  server: TestServer, token: string, customerId: string, subscriptionId: string,
  lines: Array<{ offerId: string; quantity?: number; term?: 'P1Y' | 'P3Y' | 'P5Y'; plan?: 'Upfront' | 'Monthly' }>,
): Promise<Array<{ orderId: string; reservationId: string }>> {
  const out: Array<{ orderId: string; reservationId: string }> = [];
  for (let i = 0; i < lines.length; i += 20) {
    const chunk = lines.slice(i, i + 20);
    const res = await server.call('POST', `/v1/customers/${customerId}/orders`, {
      token,
      body: {
        lineItems: chunk.map((l, n) => ({
          lineItemNumber: n, offerId: l.offerId, quantity: l.quantity ?? 1, termDuration: l.term ?? 'P1Y', billingPlan: l.plan ?? 'Upfront',
          provisioningContext: { subscriptionId, scope: 'shared' },
        })),
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    for (const line of res.body.lineItems) out.push({ orderId: line.resourceIds.reservationOrderId, reservationId: line.resourceIds.reservationIds[0] });
  }
  return out;
}

/** PATCH /v1/settings/policy as Contoso's global admin. */
export async function patchPolicy(server: TestServer, patch: Record<string, unknown>): Promise<any> {
  const res = await server.call('PATCH', '/v1/settings/policy', { token: await tokenOf(server, GLOBAL_ADMIN), body: patch });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.policy;
}

/** The largest USD cap (cents) whose KRW limit (1350 KRW per USD, half-even) stays at or below `krw`. */
export function usdCentsForKrw(krw: number): number {
  let cents = Math.floor((krw * 100) / 1350);
  while (krwLimitOf(cents + 1) <= krw) cents++;
  while (cents > 0 && krwLimitOf(cents) > krw) cents--;
  return cents;
}
export const krwLimitOf = (usdCents: number) => Number(halfEven(BigInt(usdCents) * 1350n, 100n));

/** Integer division rounded half to even, for expected figures computed independently of the engine. */
export function halfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r = num % den;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < den) return q;
  if (twice > den || q % 2n !== 0n) return num < 0n ? q - 1n : q + 1n;
  return q;
}

export async function allowanceOf(server: TestServer, token: string, customerId: string): Promise<any> {
  const res = await server.call('GET', `/v1/customers/${customerId}/refundAllowance`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function quoteRefund(server: TestServer, token: string, r: Pick<Res, 'orderId' | 'reservationId'>, quantity: number): Promise<any> {
  const res = await server.call('POST', '/v1/refunds/quote', { token, body: { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export function refundBody(q: any, extra: Record<string, unknown> = {}) {
  return { reservationOrderId: q.target.reservationOrderId, reservationId: q.target.reservationId, quantity: q.target.quantity, sessionId: q.sessionId, ...extra };
}

export async function countRows(server: TestServer, table: 'credit_entries' | 'refund_cap_entries' | 'statement_lines' | 'money_transactions', where: { transactionId?: string; customerId?: string } = {}): Promise<number> {
  let q = server.ctx.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.transactionId) q = q.where('transaction_id' as never, '=', where.transactionId as never);
  if (where.customerId) q = q.where('customer_id' as never, '=', where.customerId as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function capSum(server: TestServer, customerId: string): Promise<number> {
  const row = await server.ctx.store.db.selectFrom('refund_cap_entries').select((eb) => eb.fn.sum<number>('amount_minor').as('s'))
    .where('customer_id', '=', customerId).executeTakeFirst();
  return Number(row?.s ?? 0);
}

export const CONTACT = {
  firstName: '민호', lastName: '이', primaryEmail: 'admin.agent@contoso-kr.example', additionalEmails: [] as string[],
  preferredContactMethod: 'email', preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};

/** A support request body (Basics, Problem, Contact) with optional overrides of each part. */
export function supportRequestBody(o: { basics?: Record<string, unknown>; problem?: Record<string, unknown>; contact?: Record<string, unknown>; extra?: Record<string, unknown> } = {}) {
  return {
    basics: { issueType: 'Billing', title: 'Return a reservation', description: 'The customer no longer needs it', ...o.basics },
    problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'moderate', ...o.problem },
    contact: { ...CONTACT, ...o.contact },
    ...o.extra,
  };
}

/** The credit ledger's entries, every page. */
export async function allCredits(server: TestServer, token: string): Promise<{ balances: any[]; items: any[] }> {
  const items: any[] = [];
  let balances: any[] = [];
  for (let offset = 0; ; offset += 500) {
    const res = await server.call('GET', `/v1/credits?size=500&offset=${offset}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    balances = res.body.balances;
    items.push(...res.body.items);
    if (items.length >= res.body.totalCount || res.body.items.length === 0) break;
  }
  return { balances, items };
}

export async function statementLines(server: TestServer, token: string, period?: string): Promise<Array<{ statement: any; line: any }>> {
  const res = await server.call('GET', `/v1/invoices${period ? `?period=${period}` : ''}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.flatMap((s: any) => s.lines.map((line: any) => ({ statement: s, line })));
}
