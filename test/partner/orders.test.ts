import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  allReservationsOf, assertError, assertWritesNothing, catalogItems, customerNamed, GUID_RE, listAllCustomers, rowCounts,
  subscriptionsOf, USERS, type RowCounts,
} from './helpers.ts';

const VM_OFFER = 'VirtualMachines:Standard_D2s_v5:koreacentral';
const SQL_OFFER = 'SqlDatabases:SQLDB_GP_Compute_Gen5:koreasouth';

describeEachEngine('partner door: orders', (engine) => {
  let server: TestServer;
  let token: string;
  let hanbit: any;
  let subscriptionId: string;
  let catalog: Map<string, any>;

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(USERS.adminAgent);
    hanbit = await customerNamed(server, token, '한빛제조');
    const subs = await subscriptionsOf(server, token, hanbit.id);
    subscriptionId = subs.find((s) => s.status === 'Active').id;
    catalog = new Map((await catalogItems(server, token)).map((i) => [i.id, i]));
  });
  after(async () => server?.close());

  const line = (overrides: Record<string, unknown> = {}) => ({
    offerId: VM_OFFER,
    quantity: 1,
    termDuration: 'P1Y',
    billingPlan: 'Upfront',
    provisioningContext: { subscriptionId, scope: 'shared' },
    ...overrides,
  });
  const order = (body: unknown, options: { token?: string; customerId?: string; key?: string } = {}) =>
    server.call('POST', `/v1/customers/${options.customerId ?? hanbit.id}/orders`, {
      token: options.token ?? token,
      body,
      headers: options.key ? { 'Idempotency-Key': options.key } : undefined,
    });
  const delta = (before: RowCounts, after: RowCounts): RowCounts =>
    Object.fromEntries(Object.keys(before).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
  const pick = (counts: RowCounts, keys: string[]) => Object.fromEntries(keys.map((k) => [k, counts[k]]));
  const unitPrice = (offerId: string, term: string, plan: string) => catalog.get(offerId)?.prices?.[term]?.[plan]?.amount as number;

  test('the catalog lists offers as {type}:{sku}:{location} with prices in the partner currency', async () => {
    assert.ok(catalog.size > 100);
    for (const [id, item] of catalog) {
      assert.equal(id, `${item.reservedResourceType}:${item.skuName}:${item.location}`);
      for (const plans of Object.values(item.prices) as any[]) {
        for (const p of Object.values(plans) as any[]) assert.equal(p.currencyCode, 'KRW');
      }
    }
    assert.ok(catalog.has(VM_OFFER));
    assert.ok(catalog.has(SQL_OFFER));
    const databricks = [...catalog.values()].find((i) => i.reservedResourceType === 'Databricks');
    assert.deepEqual(databricks.billingPlans.P1Y, ['Upfront'], 'Databricks is never offered monthly');
    const usd = await catalogItems(server, await server.token(USERS.fabrikamAgent), 'location=eastus&reservedResourceType=VirtualMachines');
    assert.ok(usd.length > 0);
    assert.ok(usd.every((i) => i.location === 'eastus' && i.reservedResourceType === 'VirtualMachines' && i.prices.P1Y.Upfront.currencyCode === 'USD'));
  });

  test('an order buys a reservation that then shows in the customer\'s list and on the Azure door', async () => {
    const before = await rowCounts(server);
    const res = await order({ lineItems: [line({ quantity: 3, friendlyName: '한빛 웹 서버' })] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.headers.get('idempotent-replayed'), null);
    assert.match(res.body.id, GUID_RE);
    assert.equal(res.body.referenceCustomerId, hanbit.id);
    assert.equal(res.body.status, 'completed');
    assert.equal(res.body.currencyCode, 'KRW');
    assert.equal(res.body.lineItems.length, 1);
    const l = res.body.lineItems[0];
    assert.equal(l.offerId, VM_OFFER);
    assert.equal(l.quantity, 3);
    assert.equal(l.friendlyName, '한빛 웹 서버');
    assert.match(l.resourceIds.reservationOrderId, GUID_RE);
    assert.equal(l.resourceIds.reservationIds.length, 1);
    const expected = unitPrice(VM_OFFER, 'P1Y', 'Upfront') * 3;
    assert.deepEqual(l.totalPrice, { currencyCode: 'KRW', amount: expected });
    assert.deepEqual(res.body.totalPrice, { currencyCode: 'KRW', amount: expected });
    const d = delta(before, await rowCounts(server));
    assert.deepEqual(pick(d, ['reservations', 'reservation_orders', 'payments', 'reservation_revisions', 'audit_log', 'price_quotes']), {
      reservations: 1, reservation_orders: 1, payments: 1, reservation_revisions: 1, audit_log: 1, price_quotes: 0,
    });

    const [reservationId] = l.resourceIds.reservationIds;
    const orderId = l.resourceIds.reservationOrderId;
    const listed = (await allReservationsOf(server, token, hanbit.id)).items.find((r) => r.name === reservationId);
    assert.ok(listed, 'the new reservation is in the customer\'s list');
    assert.equal(listed.properties.quantity, 3);
    assert.equal(listed.sku.name, 'Standard_D2s_v5');
    assert.equal(listed.location, 'koreacentral');
    assert.equal(listed.properties.displayName, '한빛 웹 서버');
    assert.equal(listed.properties.appliedScopeType, 'Shared');
    assert.equal(listed.properties.displayProvisioningState, 'Succeeded');
    assert.equal(listed.properties.billingScopeId, `/subscriptions/${subscriptionId}`);
    assert.equal(listed.properties.term, 'P1Y');
    assert.equal(listed.allowedActions.return.allowed, true);

    const azure = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${reservationId}?api-version=2022-11-01`, { token });
    assert.equal(azure.status, 200, JSON.stringify(azure.body));
    const { allowedActions, ...shape } = listed;
    assert.deepEqual(azure.body, shape);
    const azureOrder = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${orderId}?api-version=2022-11-01&$expand=planInformation`, { token });
    assert.equal(azureOrder.status, 200);
    assert.equal(azureOrder.body.properties.originalQuantity, 3);
    assert.equal(azureOrder.body.properties.planInformation.transactions.length, 1);
    assert.equal(azureOrder.body.properties.planInformation.pricingCurrencyTotal.amount, expected);
  });

  test('a Single-scope, monthly, three-year line is bought as asked', async () => {
    const before = await rowCounts(server);
    const res = await order({ lineItems: [line({ termDuration: 'P3Y', billingPlan: 'Monthly', provisioningContext: { subscriptionId, scope: 'Single' } })] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const l = res.body.lineItems[0];
    assert.equal(delta(before, await rowCounts(server)).payments, 36, 'a monthly three-year plan has 36 instalments');
    const r = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${l.resourceIds.reservationOrderId}/reservations/${l.resourceIds.reservationIds[0]}?api-version=2022-11-01`, { token });
    assert.equal(r.status, 200);
    assert.equal(r.body.properties.appliedScopeType, 'Single');
    assert.deepEqual(r.body.properties.appliedScopes, [`/subscriptions/${subscriptionId}`]);
    assert.equal(r.body.properties.billingPlan, 'Monthly');
    assert.equal(r.body.properties.term, 'P3Y');
    assert.equal(l.totalPrice.amount, unitPrice(VM_OFFER, 'P3Y', 'Monthly'));
  });

  test('a two-line order buys both lines in one go', async () => {
    const before = await rowCounts(server);
    const res = await order({ lineItems: [line({ quantity: 2 }), line({ offerId: SQL_OFFER, quantity: 4, lineItemNumber: 7 })] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.lineItems.map((l: any) => l.lineItemNumber), [0, 7]);
    const orderIds = res.body.lineItems.map((l: any) => l.resourceIds.reservationOrderId);
    assert.equal(new Set(orderIds).size, 2, 'each line is its own reservation order');
    const expected = unitPrice(VM_OFFER, 'P1Y', 'Upfront') * 2 + unitPrice(SQL_OFFER, 'P1Y', 'Upfront') * 4;
    assert.equal(res.body.totalPrice.amount, expected);
    const d = delta(before, await rowCounts(server));
    assert.equal(d.reservations, 2);
    assert.equal(d.reservation_orders, 2);
    const listed = new Set((await allReservationsOf(server, token, hanbit.id)).items.map((r) => r.name));
    for (const l of res.body.lineItems) assert.ok(listed.has(l.resourceIds.reservationIds[0]));
  });

  test('the indirect provider buys for its reseller\'s customer, in USD', async () => {
    const fabrikam = await server.token(USERS.fabrikamAgent);
    const customer = (await listAllCustomers(server, fabrikam))[0];
    const sub = (await subscriptionsOf(server, fabrikam, customer.id)).find((s) => s.status === 'Active');
    const res = await order(
      { lineItems: [line({ offerId: 'VirtualMachines:Standard_D2s_v5:eastus', provisioningContext: { subscriptionId: sub.id } })] },
      { token: fabrikam, customerId: customer.id },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.currencyCode, 'USD');
    assert.equal(res.body.referenceCustomerId, customer.id);
  });

  test('Idempotency-Key: the same key and body replay the first answer and buy nothing more', async () => {
    const body = { lineItems: [line({ quantity: 2 })] };
    const first = await order(body, { key: 'order-retry-1' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const before = await rowCounts(server);
    const again = await order(body, { key: 'order-retry-1' });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body, 'the replay is the first response, byte for byte');
    const third = await order(body, { key: 'order-retry-1' });
    assert.deepEqual(third.body, first.body);
    assert.deepEqual(await rowCounts(server), before, 'a replay writes nothing');
    // Another key with the same body is a new purchase.
    const other = await order(body, { key: 'order-retry-2' });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.id, first.body.id);
    assert.notEqual(other.body.lineItems[0].resourceIds.reservationOrderId, first.body.lineItems[0].resourceIds.reservationOrderId);
  });

  test('Idempotency-Key: the same key with a different body is 422 and buys nothing', async () => {
    const first = await order({ lineItems: [line()] }, { key: 'order-retry-3' });
    assert.equal(first.status, 201);
    const changed = await assertWritesNothing(server, () => order({ lineItems: [line({ quantity: 5 })] }, { key: 'order-retry-3' }));
    assertError(changed, 422, 'IdempotencyKeyReused', /Idempotency-Key/);
    const otherCustomer = await customerNamed(server, token, '서울물류');
    const otherSub = (await subscriptionsOf(server, token, otherCustomer.id)).find((s) => s.status === 'Active');
    const elsewhere = await assertWritesNothing(server, () =>
      order({ lineItems: [line({ provisioningContext: { subscriptionId: otherSub.id } })] }, { key: 'order-retry-3', customerId: otherCustomer.id }));
    assertError(elsewhere, 422, 'IdempotencyKeyReused');
  });

  test('Idempotency-Key: concurrent retries buy exactly once', async () => {
    const body = { lineItems: [line({ offerId: SQL_OFFER })] };
    const before = await rowCounts(server);
    const results = await Promise.all(Array.from({ length: 6 }, () => order(body, { key: 'order-concurrent-1' })));
    for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1, 'every retry gets the same order');
    assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 5);
    const d = delta(before, await rowCounts(server));
    assert.equal(d.reservations, 1);
    assert.equal(d.reservation_orders, 1);
  });

  test('Idempotency-Key: a refused request does not use up its key', async () => {
    const refused = await assertWritesNothing(server, () =>
      order({ lineItems: [line({ offerId: 'VirtualMachines:Standard_Z99:koreacentral' })] }, { key: 'order-retry-4' }));
    assertError(refused, 400, 'InvalidSku');
    const fixed = await order({ lineItems: [line()] }, { key: 'order-retry-4' });
    assert.equal(fixed.status, 201, JSON.stringify(fixed.body));
    assert.equal(fixed.headers.get('idempotent-replayed'), null);
  });

  test('Idempotency-Key: a key that is not visible ASCII is a 400', async () => {
    const res = await assertWritesNothing(server, () => order({ lineItems: [line()] }, { key: 'x'.repeat(201) }));
    assertError(res, 400, 'InvalidIdempotencyKey', /Idempotency-Key/);
  });

  test('all or nothing: a second invalid line leaves nothing of the first', async () => {
    const res = await assertWritesNothing(server, () =>
      order({ lineItems: [line(), line({ offerId: 'VirtualMachines:Standard_Z99:koreacentral' })] }));
    assertError(res, 400, 'InvalidSku', /Standard_Z99/);
    assert.match(res.body.error.target, /^lineItems\.1\./, 'the error points at the second line');
    assert.match(res.body.error.message, /lineItems\.1/, 'the message names the line');
  });

  test('all or nothing: a second line billed to another customer\'s subscription leaves nothing of the first', async () => {
    const other = await customerNamed(server, token, '서울물류');
    const otherSub = (await subscriptionsOf(server, token, other.id)).find((s) => s.status === 'Active');
    const res = await assertWritesNothing(server, () =>
      order({ lineItems: [line(), line({ provisioningContext: { subscriptionId: otherSub.id, scope: 'shared' } })] }));
    assertError(res, 400, 'InvalidBillingScope', new RegExp(otherSub.id));
    assert.equal(res.body.error.target, 'lineItems.1.provisioningContext.subscriptionId');
  });

  test('the sales agent can buy', async () => {
    const res = await order({ lineItems: [line()] }, { token: await server.token(USERS.salesAgent) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  test('the helpdesk agent gets 403 and nothing is bought', async () => {
    const helpdesk = await server.token(USERS.helpdeskAgent);
    const res = await assertWritesNothing(server, () => order({ lineItems: [line()] }, { token: helpdesk }));
    assertError(res, 403, 'AuthorizationFailed', /Sales agent|Admin agent/);
  });

  test('an indirect reseller gets 403 for its own customer and nothing is bought', async () => {
    const northwind = await server.token(USERS.northwind);
    const customer = (await listAllCustomers(server, northwind))[0];
    const sub = (await subscriptionsOf(server, northwind, customer.id)).find((s) => s.status === 'Active');
    const res = await assertWritesNothing(server, () => order(
      { lineItems: [line({ offerId: 'VirtualMachines:Standard_D2s_v5:eastus', provisioningContext: { subscriptionId: sub.id } })] },
      { token: northwind, customerId: customer.id },
    ));
    assertError(res, 403, 'AuthorizationFailed', /reseller/i);
  });

  test('the customer itself, the provider and the billing admin cannot buy', async () => {
    const [ownerToken, operatorToken, billingToken] = [await server.token(USERS.hanbitOwner), await server.token(USERS.operator), await server.token(USERS.billingAdmin)];
    const owner = await assertWritesNothing(server, () => order({ lineItems: [line()] }, { token: ownerToken }));
    assertError(owner, 403, 'AuthorizationFailed', /partner/);
    const operator = await assertWritesNothing(server, () => order({ lineItems: [line()] }, { token: operatorToken }));
    assertError(operator, 403, 'AuthorizationFailed');
    const billing = await assertWritesNothing(server, () => order({ lineItems: [line()] }, { token: billingToken }));
    assertError(billing, 404, 'CustomerNotFound');
  });

  test('an order without a token is 401 and buys nothing', async () => {
    const res = await assertWritesNothing(server, () => server.call('POST', `/v1/customers/${hanbit.id}/orders`, { body: { lineItems: [line()] } }));
    assertError(res, 401, 'AuthenticationFailed');
  });
});
