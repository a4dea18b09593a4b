import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, TEST_NOW, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The console's partner routes (issue 6): GET /v1/home (what needs attention, narrowed to the
 * caller) checked against the lists it summarizes, and GET /v1/customers/{id}/purchaseOptions
 * checked against what the purchase itself accepts.
 */
const contact = {
  firstName: 'Min-ho', lastName: 'Lee', primaryEmail: 'minho.lee@contoso-kr.example', preferredContactMethod: 'email',
  preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};

describeEachEngine('console partner routes', (engine) => {
  let server: TestServer;
  let aa: string;
  let hanbit: string;
  before(async () => {
    server = await startTestServer(engine);
    aa = await server.token(ADMIN_AGENT);
    hanbit = (await server.call('GET', `/v1/customers?search=${encodeURIComponent('한빛제조')}`, { token: aa })).body.items[0].id;
  });
  after(async () => { await server?.close(); });

  async function activeSubscription(customerId: string, token = aa): Promise<string> {
    const subs = await server.call('GET', `/v1/customers/${customerId}/subscriptions`, { token });
    return subs.body.items.find((s: { status: string }) => s.status === 'Active').id;
  }

  async function buy(customerId: string): Promise<{ orderId: string; reservationId: string }> {
    const offer = (await server.call('GET', '/v1/catalog/items?reservedResourceType=VirtualMachines&size=1', { token: aa })).body.items[0].id;
    const res = await server.call('POST', `/v1/customers/${customerId}/orders`, {
      token: aa, body: { lineItems: [{ offerId: offer, quantity: 2, termDuration: 'P1Y', provisioningContext: { subscriptionId: await activeSubscription(customerId) } }] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { orderId: res.body.lineItems[0].resourceIds.reservationOrderId, reservationId: res.body.lineItems[0].resourceIds.reservationIds[0] };
  }

  test('home: the reservations expiring within 30 days, as many as the customer lists count, soonest first', async () => {
    const home = await server.call('GET', '/v1/home', { token: aa });
    assert.equal(home.status, 200, JSON.stringify(home.body));
    const { expiring } = home.body;
    assert.ok(expiring.items.length > 0, 'the demo data has reservations expiring soon');
    const limit = new Date(new Date(TEST_NOW).getTime() + 30 * 86_400_000).toISOString();
    for (const r of expiring.items) {
      assert.equal(r.properties.provisioningState, 'Succeeded');
      assert.ok(r.properties.expiryDateTime > TEST_NOW && r.properties.expiryDateTime <= limit, r.properties.expiryDateTime);
      assert.ok(r.customerName, 'each row names its customer');
    }
    const expiries = expiring.items.map((r: { properties: { expiryDateTime: string } }) => r.properties.expiryDateTime);
    assert.deepEqual(expiries, [...expiries].sort());
    // The total equals the sum of the customers' own lists with the same filter.
    const customers = (await server.call('GET', '/v1/customers?size=500', { token: aa })).body.items;
    let sum = 0;
    for (const c of customers) sum += (await server.call('GET', `/v1/customers/${c.id}/reservations?expiringWithinDays=30&size=1`, { token: aa })).body.totalCount;
    assert.equal(expiring.totalCount, sum);
  });

  test('home: low utilization is the 7-day figure of each reservation, below the threshold, least used first', async () => {
    const { lowUtilization } = (await server.call('GET', '/v1/home', { token: aa })).body;
    assert.equal(lowUtilization.thresholdPct, 80);
    assert.equal(lowUtilization.lookBackDays, 7);
    assert.ok(lowUtilization.items.length > 0 && lowUtilization.total >= lowUtilization.items.length);
    const pcts = lowUtilization.items.map((r: { utilizationPct: number }) => r.utilizationPct);
    assert.deepEqual(pcts, [...pcts].sort((a, b) => a - b));
    for (const r of lowUtilization.items.slice(0, 3)) {
      assert.ok(r.utilizationPct < 80);
      const one = await server.call('GET', `/v1/reservations/${r.reservationOrderId}/${r.reservationId}`, { token: aa });
      const seven = one.body.properties.utilization.aggregates.find((a: { grain: number }) => a.grain === 7);
      assert.ok(Math.abs(seven.value - r.utilizationPct) < 0.01, `${r.reservationId}: ${seven.value} vs ${r.utilizationPct}`);
    }
  });

  test('home: open support requests by due time, and a closed one leaves the list', async () => {
    const created = await server.call('POST', '/v1/supportRequests', {
      token: aa,
      body: {
        basics: { issueType: 'Billing', title: 'Home check', description: 'Created by the home test.' },
        problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'moderate' },
        contact, customerId: hanbit,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const open = (await server.call('GET', '/v1/home', { token: aa })).body.supportRequests;
    const row = open.items.find((r: { id: string }) => r.id === created.body.id);
    assert.ok(row, 'the new request is listed');
    assert.equal(row.dueAt, created.body.dueAt);
    assert.equal(row.customerName, '한빛제조');
    const dues = open.items.map((r: { dueAt: string }) => r.dueAt);
    assert.deepEqual(dues, [...dues].sort());
    assert.equal((await server.call('POST', `/v1/supportRequests/${created.body.id}/close`, { token: aa })).status, 200);
    const after = (await server.call('GET', '/v1/home', { token: aa })).body.supportRequests;
    assert.equal(after.items.some((r: { id: string }) => r.id === created.body.id), false);
    assert.equal(after.totalCount, open.totalCount - 1);
  });

  test('home: a customer who returned something is closest to its cap, with the allowance the customer page shows', async () => {
    const r = await buy(hanbit);
    const q = await server.call('POST', '/v1/refunds/quote', { token: aa, body: { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 } });
    assert.equal(q.status, 200, JSON.stringify(q.body));
    const done = await server.call('POST', '/v1/refunds', { token: aa, body: { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1, sessionId: q.body.sessionId } });
    assert.equal(done.status, 201, JSON.stringify(done.body));
    const home = (await server.call('GET', '/v1/home', { token: aa })).body;
    const allowance = (await server.call('GET', `/v1/customers/${hanbit}/refundAllowance`, { token: aa })).body;
    const first = home.allowances[0];
    assert.equal(first.customerId, hanbit);
    assert.deepEqual([first.consumed, first.remaining, first.limit], [allowance.consumed, allowance.remaining, allowance.limit]);
    assert.equal(first.consumed.currencyCode, 'KRW');
    assert.ok(first.consumed.amountMinor > 0 && first.consumedPct > 0);
  });

  test('home: each caller sees only its own tenants (reseller, billing admin, customer)', async () => {
    const reseller = (await server.call('GET', '/v1/home', { token: await server.token('admin@northwind-reseller.example') })).body;
    const mine = new Set((await server.call('GET', '/v1/customers?size=500', { token: await server.token('admin@northwind-reseller.example') })).body.items.map((c: { id: string }) => c.id));
    assert.ok(reseller.expiring.items.length + reseller.lowUtilization.items.length > 0);
    for (const x of [...reseller.expiring.items, ...reseller.lowUtilization.items]) assert.ok(mine.has(x.customerId), 'only the reseller\'s customers');
    assert.equal(reseller.allowances.some((a: { customerId: string }) => a.customerId === hanbit), false);

    const billing = (await server.call('GET', '/v1/home', { token: await server.token('billing.admin@contoso-kr.example') })).body;
    assert.deepEqual([billing.expiring.totalCount, billing.lowUtilization.total, billing.supportRequests.totalCount, billing.allowances.length], [0, 0, 0, 0]);

    const owner = (await server.call('GET', '/v1/home', { token: await server.token('owner@hanbit-mfg.example') })).body;
    for (const x of [...owner.expiring.items, ...owner.lowUtilization.items]) assert.equal(x.customerId, hanbit);
    assert.equal((await server.call('GET', '/v1/home')).status, 401);
  });

  test('purchaseOptions: what the purchase itself accepts, with the reasons', async () => {
    const ok = await server.call('GET', `/v1/customers/${hanbit}/purchaseOptions`, { token: aa });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.purchase, { allowed: true });
    assert.ok(ok.body.subscriptions.some((s: { purchase: { allowed: boolean } }) => s.purchase.allowed));
    for (const s of ok.body.subscriptions) if (s.state !== 'Active') assert.equal(s.purchase.allowed, false);

    const helpdesk = (await server.call('GET', `/v1/customers/${hanbit}/purchaseOptions`, { token: await server.token('helpdesk.agent@contoso-kr.example') })).body;
    assert.equal(helpdesk.purchase.allowed, false);
    assert.match(helpdesk.purchase.reason, /Global admin, Admin agent or Sales agent/);

    // The customer owner: refused while its partner has not allowed it, then allowed on the subscriptions it owns.
    const owner = await server.token('owner@hanbit-mfg.example');
    const before = (await server.call('GET', `/v1/customers/${hanbit}/purchaseOptions`, { token: owner })).body;
    assert.equal(before.purchase.allowed, false);
    const sub = await activeSubscription(hanbit, owner);
    const offer = (await server.call('GET', '/v1/catalog/items?reservedResourceType=VirtualMachines&size=1', { token: owner })).body.items[0].id;
    const order = { lineItems: [{ offerId: offer, quantity: 1, termDuration: 'P1Y', provisioningContext: { subscriptionId: sub } }] };
    assert.equal((await server.call('POST', `/v1/customers/${hanbit}/orders`, { token: owner, body: order })).status, 403, 'and the purchase is refused too');
    assert.equal((await server.call('PUT', `/v1/customers/${hanbit}/purchasePermission`, { token: aa, body: { enabled: true } })).status, 200);
    const afterOn = (await server.call('GET', `/v1/customers/${hanbit}/purchaseOptions`, { token: owner })).body;
    assert.equal(afterOn.purchase.allowed, true);
    assert.equal(afterOn.subscriptions.find((s: { id: string }) => s.id === sub).purchase.allowed, true);
    assert.equal((await server.call('POST', `/v1/customers/${hanbit}/orders`, { token: owner, body: order })).status, 201, 'and the purchase goes through');

    const foreign = await server.call('GET', `/v1/customers/${hanbit}/purchaseOptions`, { token: await server.token('admin@northwind-reseller.example') });
    assert.equal(foreign.status, 404);
  });
});
