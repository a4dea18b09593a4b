import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  allReservationsOf, assertError, assertWritesNothing, CONTOSO_CUSTOMERS, FABRIKAM_ID, listAllCustomers, NORTHWIND_CUSTOMERS, NORTHWIND_ID,
  subscriptionsOf, TAILSPIN_CUSTOMERS, TAILSPIN_ID, USERS,
} from './helpers.ts';

const ALL_ACTIONS = ['read', 'purchase', 'return', 'exchange', 'updateScope', 'rename', 'renew', 'split', 'merge', 'archive', 'manageAccess', 'createSupportRequest'];

describeEachEngine('partner door: who sees which customers', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  const tok = (email: string) => server.token(email);
  const names = (items: any[]) => items.map((c) => c.companyProfile.companyName).sort();

  /** A customer of another partner, as that partner sees it. */
  async function fabrikamCustomer(): Promise<any> {
    const all = await listAllCustomers(server, await tok(USERS.fabrikamAgent));
    return all.find((c) => c.companyProfile.companyName === 'Adventure Works');
  }

  test('the indirect provider sees the 12 customers of its two resellers', async () => {
    const items = await listAllCustomers(server, await tok(USERS.fabrikamAgent));
    assert.deepEqual(names(items), [...NORTHWIND_CUSTOMERS, ...TAILSPIN_CUSTOMERS].sort());
    for (const c of items) {
      assert.equal(c.partnerId, FABRIKAM_ID);
      assert.equal(c.relationshipToPartner, 'reseller');
      assert.ok([NORTHWIND_ID, TAILSPIN_ID].includes(c.resellerId), `${c.companyProfile.companyName} has a reseller`);
    }
    assert.equal(items.filter((c) => c.resellerId === NORTHWIND_ID).length, 6);
  });

  test('an indirect reseller sees only its own 6 customers', async () => {
    const northwind = await listAllCustomers(server, await tok(USERS.northwind));
    assert.deepEqual(names(northwind), [...NORTHWIND_CUSTOMERS].sort());
    assert.ok(northwind.every((c) => c.resellerId === NORTHWIND_ID));
    const tailspin = await listAllCustomers(server, await tok(USERS.tailspin));
    assert.deepEqual(names(tailspin), [...TAILSPIN_CUSTOMERS].sort());
  });

  test('a reseller cannot open the other reseller\'s customer', async () => {
    const tailspinCustomer = (await listAllCustomers(server, await tok(USERS.tailspin)))[0];
    const res = await server.call('GET', `/v1/customers/${tailspinCustomer.id}`, { token: await tok(USERS.northwind) });
    assertError(res, 404, 'CustomerNotFound');
    assert.ok(!JSON.stringify(res.body).includes(tailspinCustomer.companyProfile.companyName));
  });

  test('the provider operator sees all 24 customers; the support desk sees none', async () => {
    const operator = await listAllCustomers(server, await tok(USERS.operator));
    assert.equal(operator.length, 24);
    assert.deepEqual(names(operator), [...CONTOSO_CUSTOMERS, ...NORTHWIND_CUSTOMERS, ...TAILSPIN_CUSTOMERS].sort());
    const support = await server.call('GET', '/v1/customers', { token: await tok(USERS.support) });
    assert.equal(support.status, 200);
    assert.equal(support.body.totalCount, 0);
    assert.deepEqual(support.body.items, []);
    assertError(await server.call('GET', `/v1/customers/${operator[0].id}`, { token: await tok(USERS.support) }), 404, 'CustomerNotFound');
  });

  test('a customer owner sees only its own customer', async () => {
    const token = await tok(USERS.hanbitOwner);
    const own = await listAllCustomers(server, token);
    assert.deepEqual(names(own), ['한빛제조']);
    const me = await server.call('GET', '/v1/me', { token });
    assert.equal(own[0].id, me.body.customerId);
    assert.equal((await server.call('GET', `/v1/customers/${own[0].id}/reservations`, { token })).status, 200);
    const contoso = await listAllCustomers(server, await tok(USERS.adminAgent));
    const neighbour = contoso.find((c) => c.companyProfile.companyName === '서울물류');
    for (const path of ['', '/subscriptions', '/reservations']) {
      assertError(await server.call('GET', `/v1/customers/${neighbour.id}${path}`, { token }), 404, 'CustomerNotFound');
    }
  });

  test('Contoso cannot see a Fabrikam customer: 404, never 403, and nothing of it in the answer', async () => {
    const foreign = await fabrikamCustomer();
    const token = await tok(USERS.adminAgent);
    const secrets = [foreign.companyProfile.companyName, foreign.companyProfile.domain, 'Fabrikam', 'Northwind'];
    const foreignSub = (await subscriptionsOf(server, await tok(USERS.fabrikamAgent), foreign.id))[0];
    for (const path of ['', '/subscriptions', '/reservations', '/reservations?state=Expiring']) {
      const res = await server.call('GET', `/v1/customers/${foreign.id}${path}`, { token });
      assertError(res, 404, 'CustomerNotFound');
      const text = JSON.stringify(res.body);
      for (const s of [...secrets, foreignSub.friendlyName]) assert.ok(!text.includes(s), `the 404 for ${path || '/'} does not mention ${s}`);
    }
    const order = await assertWritesNothing(server, () => server.call('POST', `/v1/customers/${foreign.id}/orders`, {
      token,
      body: { lineItems: [{ offerId: 'VirtualMachines:Standard_D2s_v5:eastus', quantity: 1, termDuration: 'P1Y', provisioningContext: { subscriptionId: foreignSub.id } }] },
    }));
    assertError(order, 404, 'CustomerNotFound');
    assert.ok(!JSON.stringify(order.body).includes(foreign.companyProfile.companyName));
    // The answer for a foreign customer is the answer for a customer that does not exist.
    const missing = await server.call('GET', '/v1/customers/00000000-0000-4000-8000-000000000000', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, (await server.call('GET', `/v1/customers/${foreign.id}`, { token })).body.error.code);
  });

  test('Fabrikam cannot see a Contoso customer either', async () => {
    const contoso = (await listAllCustomers(server, await tok(USERS.adminAgent)))[0];
    const res = await server.call('GET', `/v1/customers/${contoso.id}`, { token: await tok(USERS.fabrikamAgent) });
    assertError(res, 404, 'CustomerNotFound');
    assert.ok(!JSON.stringify(res.body).includes(contoso.companyProfile.companyName));
  });

  test('a foreign reservation is 404 on the Azure door too', async () => {
    const foreign = await fabrikamCustomer();
    const reservation = (await allReservationsOf(server, await tok(USERS.fabrikamAgent), foreign.id)).items[0];
    const own = await server.call('GET', `${reservation.id}?api-version=2022-11-01`, { token: await tok(USERS.fabrikamAgent) });
    assert.equal(own.status, 200, 'the owner can read it');
    const token = await tok(USERS.adminAgent);
    const res = await server.call('GET', `${reservation.id}?api-version=2022-11-01`, { token });
    assertError(res, 404, 'ReservationNotFound');
    assert.ok(!JSON.stringify(res.body).includes(reservation.properties.displayName));
    const orderId = reservation.id.split('/reservations/')[0];
    assertError(await server.call('GET', `${orderId}?api-version=2022-11-01`, { token }), 404, 'ReservationOrderNotFound');
    const listAll = await server.call('GET', '/providers/Microsoft.Capacity/reservations?api-version=2022-11-01&take=1000', { token });
    assert.equal(listAll.status, 200);
    assert.ok(!listAll.body.value.some((r: any) => r.name.endsWith(reservation.name)), 'listAll leaves out other partners\' reservations');
  });

  test('the billing admin sees no customers (its role has no view of reservations)', async () => {
    const res = await server.call('GET', '/v1/customers', { token: await tok(USERS.billingAdmin) });
    assert.equal(res.status, 200);
    assert.equal(res.body.totalCount, 0);
  });

  test('allowedActions: the admin agent may return', async () => {
    const token = await tok(USERS.adminAgent);
    const customer = (await listAllCustomers(server, token))[0];
    const { items } = await allReservationsOf(server, token, customer.id);
    assert.ok(items.length > 0);
    for (const r of items) {
      assert.deepEqual(Object.keys(r.allowedActions).sort(), [...ALL_ACTIONS].sort());
      assert.deepEqual(r.allowedActions.return, { allowed: true });
      assert.deepEqual(r.allowedActions.exchange, { allowed: true });
      assert.deepEqual(r.allowedActions.purchase, { allowed: true });
    }
  });

  test('allowedActions: the indirect provider\'s admin agent may return for its resellers\' customers', async () => {
    const token = await tok(USERS.fabrikamAgent);
    const customer = await fabrikamCustomer();
    const { items } = await allReservationsOf(server, token, customer.id);
    assert.ok(items.length > 0);
    assert.ok(items.every((r) => r.allowedActions.return.allowed === true));
  });

  test('allowedActions: the helpdesk agent may read but not return, and is told why', async () => {
    const token = await tok(USERS.helpdeskAgent);
    const customer = (await listAllCustomers(server, token))[0];
    const { items } = await allReservationsOf(server, token, customer.id);
    assert.ok(items.length > 0);
    for (const r of items) {
      assert.deepEqual(r.allowedActions.read, { allowed: true });
      assert.equal(r.allowedActions.return.allowed, false);
      assert.equal(typeof r.allowedActions.return.reason, 'string');
      assert.match(r.allowedActions.return.reason, /helpdesk|subscription/i);
      assert.equal(r.allowedActions.purchase.allowed, false);
      assert.ok(r.allowedActions.purchase.reason);
    }
  });

  test('allowedActions: a reseller may only read', async () => {
    const token = await tok(USERS.northwind);
    const customer = (await listAllCustomers(server, token))[0];
    const { items } = await allReservationsOf(server, token, customer.id);
    assert.ok(items.length > 0);
    for (const r of items) {
      const allowed = Object.entries(r.allowedActions).filter(([, d]: [string, any]) => d.allowed).map(([a]) => a);
      assert.deepEqual(allowed, ['read']);
      for (const a of ALL_ACTIONS.filter((x) => x !== 'read')) {
        assert.match(r.allowedActions[a].reason, /reseller/i, `${a} is refused with a reason`);
      }
    }
  });

  test('allowedActions: the provider operator and the customer owner may only read', async () => {
    for (const email of [USERS.operator, USERS.hanbitOwner]) {
      const token = await tok(email);
      const customer = (await listAllCustomers(server, token)).find((c) => c.companyProfile.companyName === '한빛제조');
      const { items } = await allReservationsOf(server, token, customer.id);
      assert.ok(items.length > 0);
      for (const r of items) {
        const allowed = Object.entries(r.allowedActions).filter(([, d]: [string, any]) => d.allowed).map(([a]) => a);
        assert.deepEqual(allowed, ['read'], email);
      }
    }
  });

  test('the same reservations read the same for everyone who may see them', async () => {
    const viewers = [USERS.fabrikamAgent, USERS.northwind, USERS.operator];
    const customer = await fabrikamCustomer();
    const lists = [];
    for (const email of viewers) {
      const { items } = await allReservationsOf(server, await tok(email), customer.id);
      lists.push(items.map(({ allowedActions, ...rest }) => rest));
    }
    assert.ok(lists[0]!.length > 0);
    assert.deepEqual(lists[1], lists[0]);
    assert.deepEqual(lists[2], lists[0]);
  });
});
