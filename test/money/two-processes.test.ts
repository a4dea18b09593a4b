import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { dropTestSchema, postgresUnavailable, TEST_DATABASE_URL } from '../support/engines.ts';
import { call, startProcess, stopProcess, urlWithSchema, type Proc } from '../support/server-process.ts';
import { GLOBAL_ADMIN, krwLimitOf, usdCentsForKrw } from './money-helpers.ts';

/**
 * The refund cap across processes: two real servers (`resdesk serve`, NODE_ENV=production) share
 * one PostgreSQL schema; forty concurrent returns for one customer, split across both, must not
 * consume more than the cap. The servers run on the real clock, so the reservations returned are
 * bought through them just before.
 */

const TITLE = 'refund cap with two server processes sharing one PostgreSQL database';
const ADMIN_AGENT = 'admin.agent@contoso-kr.example';

function suite(): void {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let store: Store | undefined;
  const procs: Proc[] = [];
  before(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), pgSchema: schema, poolSize: 4 });
    // The servers use the real clock; the demo world is generated around the same instant.
    const ctx: AppContext = { store, clock: new ManualClock(new Date()), config: { ...defaultConfig } };
    await seedDemo(ctx);
    const url = urlWithSchema(schema);
    procs.push(...(await Promise.all([startProcess(url), startProcess(url)])));
  });
  after(async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await store?.close();
    await dropTestSchema(schema);
  });

  test('forty concurrent returns, half through each process, never consume more than the cap', async () => {
    const [a, b] = procs.map((p) => p.url) as [string, string];
    const signIn = async (base: string, email: string) => {
      const res = await call(base, 'POST', '/v1/auth/token', { body: { email, password: 'demo-password' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.access_token as string;
    };
    const token = await signIn(a, ADMIN_AGENT);
    const me = await call(b, 'GET', '/v1/me', { token });
    assert.equal(me.status, 200, `a token issued by one process works on the other: ${JSON.stringify(me.body)}`);
    const globalAdmin = await signIn(b, GLOBAL_ADMIN);

    const customers = await call(a, 'GET', '/v1/customers?size=1', { token });
    const customerId = customers.body.items[0].id as string;
    const subs = await call(b, 'GET', `/v1/customers/${customerId}/subscriptions`, { token });
    const subscriptionId = subs.body.items.find((s: any) => s.status === 'Active').id as string;
    const bought: Array<{ orderId: string; reservationId: string }> = [];
    for (const base of [a, b]) {
      const order = await call(base, 'POST', `/v1/customers/${customerId}/orders`, {
        token,
        body: { lineItems: Array.from({ length: 20 }, (_, i) => ({ lineItemNumber: i, offerId: 'VirtualMachines:Standard_B2s:koreacentral', quantity: 1, termDuration: 'P1Y', provisioningContext: { subscriptionId } })) },
      });
      assert.equal(order.status, 201, JSON.stringify(order.body));
      bought.push(...order.body.lineItems.map((l: any) => ({ orderId: l.resourceIds.reservationOrderId, reservationId: l.resourceIds.reservationIds[0] })));
    }
    const quotes = [];
    for (const [i, r] of bought.entries()) {
      const q = await call(i % 2 ? b : a, 'POST', '/v1/refunds/quote', { token, body: { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 } });
      assert.equal(q.status, 200, JSON.stringify(q.body));
      assert.deepEqual(q.body.policyErrors, []);
      quotes.push(q.body);
    }
    const commitment = quotes[0].quote.cancelledCommitment.amountMinor as number;
    assert.ok(quotes.every((q) => q.quote.cancelledCommitment.amountMinor === commitment));
    const allowance = await call(a, 'GET', `/v1/customers/${customerId}/refundAllowance`, { token });
    const consumed0 = allowance.body.consumed.amountMinor as number;
    const cents = usdCentsForKrw(consumed0 + Math.floor(commitment * 10.5));
    const limit = krwLimitOf(cents);
    const fits = Math.floor((limit - consumed0) / commitment);
    assert.equal(fits, 10);
    const patched = await call(b, 'PATCH', '/v1/settings/policy', { token: globalAdmin, body: { refundCapUsdCents: cents } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));

    const results = await Promise.all(quotes.map((q, i) => call(i % 2 ? a : b, 'POST', '/v1/refunds', {
      token, body: { reservationOrderId: q.target.reservationOrderId, reservationId: q.target.reservationId, quantity: 1, sessionId: q.sessionId },
    })));
    const accepted = results.filter((x) => x.status === 201);
    const refused = results.filter((x) => x.status !== 201);
    for (const x of refused) {
      assert.ok((x.status === 400 && x.body?.error?.code === 'RefundLimitExceeded') || (x.status === 409 && typeof x.body?.error?.code === 'string'), `${x.status} ${JSON.stringify(x.body)}`);
    }
    assert.ok(accepted.length >= 1 && accepted.length <= fits, `accepted ${accepted.length}, ${fits} fit`);
    if (!refused.some((x) => x.status === 409)) assert.equal(accepted.length, fits, 'every return that fits is accepted');

    const db = store!.db;
    const sum = await db.selectFrom('refund_cap_entries').select((eb) => eb.fn.sum<number>('amount_minor').as('s')).where('customer_id', '=', customerId).executeTakeFirst();
    assert.ok(Number(sum?.s ?? 0) <= limit, `cap entries ${sum?.s} exceed the limit ${limit}`);
    assert.equal(Number(sum?.s ?? 0), consumed0 + accepted.length * commitment);
    const credits = await db.selectFrom('credit_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    assert.equal(Number(credits.n), accepted.length, 'one credit per accepted return');
    const cancelled = await db.selectFrom('reservations').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', bought.map((r) => r.reservationId)).where('provisioning_state', '=', 'Cancelled').executeTakeFirstOrThrow();
    assert.equal(Number(cancelled.n), accepted.length);
    const after = await call(b, 'GET', `/v1/customers/${customerId}/refundAllowance`, { token });
    assert.ok(after.body.consumed.amountMinor <= after.body.limit.amountMinor);
  });
}

if (postgresUnavailable && process.env.REQUIRE_ALL_SUITES === '1') {
  // CI promises PostgreSQL: a missing one is a failure, not a skip.
  test(TITLE, () => assert.fail(postgresUnavailable!));
} else {
  describe(TITLE, { skip: postgresUnavailable ?? false }, suite);
}
