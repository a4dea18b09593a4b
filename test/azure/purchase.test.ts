import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, Catalog, PurchaseRequest, ReservationOrderResponse } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, TEST_NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  API, NORTHWIND_ADMIN, clientFor, collect, customerWithActiveSubscriptions, expectRestError, idsOf, minorOf, utcDay, type DemoSubscription,
} from './azure-support.ts';

const TODAY = TEST_NOW.slice(0, 10);
const POLL = { updateIntervalInMs: 10 };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const appliedIds = (a: { reservationOrderIds?: { value?: string[] } }) =>
  new Set((a.reservationOrderIds?.value ?? []).map((id) => /reservationorders\/([0-9a-f-]{36})$/i.exec(id)?.[1]?.toLowerCase()));

describeEachEngine('Purchase through the official client', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let subs: DemoSubscription[];
  let otherCustomerSub: string;
  let vm: Catalog;

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
    const found = await customerWithActiveSubscriptions(server, token, 2);
    subs = found.active;
    const other = (await collect((async function* () {
      const res = await server.call('GET', '/v1/customers?size=500', { token });
      for (const c of res.body.items) if (c.id !== found.customer.id) yield c.id as string;
    })()))[0]!;
    otherCustomerSub = (await server.call('GET', `/v1/customers/${other}/subscriptions`, { token })).body.items[0].id;
    const catalog = await collect(client.getCatalog(subs[0]!.id, { reservedResourceType: 'VirtualMachines', location: 'koreacentral' }));
    const found3y = catalog.find((c) => c.terms?.includes('P3Y') && c.billingPlans?.P1Y?.includes('Monthly'));
    assert.ok(found3y, 'a VM SKU in koreacentral with 1 and 3 year terms');
    vm = found3y;
  });
  after(async () => server?.close());

  const request = (overrides: Partial<PurchaseRequest> = {}): PurchaseRequest => ({
    sku: { name: vm.name }, location: 'koreacentral', reservedResourceType: 'VirtualMachines',
    billingScopeId: `/subscriptions/${subs[0]!.id}`, term: 'P1Y', billingPlan: 'Monthly', quantity: 3, displayName: 'ci-monthly-vm',
    ...overrides,
  });

  async function orderCount(): Promise<number> {
    return (await collect(client.reservationOrder.list())).length;
  }

  test('calculate, then purchase under the returned order id: a Monthly order with one Shared reservation', async () => {
    const body = request();
    const quote = await client.reservationOrder.calculate(body);
    const q = quote.properties!;
    assert.match(q.reservationOrderId!, GUID);
    assert.equal(q.billingCurrencyTotal?.currencyCode, 'KRW');
    assert.deepEqual(q.pricingCurrencyTotal, q.billingCurrencyTotal);
    assert.equal(q.netTotal, q.billingCurrencyTotal!.amount);
    assert.equal(q.grandTotal, (q.netTotal ?? 0) + (q.taxTotal ?? 0));
    assert.equal(q.paymentSchedule?.length, 12, 'twelve monthly instalments for a year');
    assert.equal(q.paymentSchedule!.reduce((s, p) => s + minorOf(p.billingCurrencyTotal), 0), minorOf(q.billingCurrencyTotal));
    const one = await client.reservationOrder.calculate(request({ quantity: 1 }));
    assert.equal(minorOf(q.billingCurrencyTotal), 3 * minorOf(one.properties!.billingCurrencyTotal), 'three units cost three times one');
    assert.notEqual(one.properties!.reservationOrderId, q.reservationOrderId, 'each quote reserves its own order id');

    const ordersBefore = await orderCount();
    const orderId = q.reservationOrderId!;
    await expectRestError(client.reservationOrder.get(orderId), 404, 'ReservationOrderNotFound');
    const bought = await client.reservationOrder.purchase(orderId, body, POLL);
    assert.equal(bought.name, orderId);
    assert.equal(bought.provisioningState, 'Succeeded');
    assert.equal(bought.displayName, 'ci-monthly-vm');
    assert.equal(bought.originalQuantity, 3);
    assert.equal(bought.term, 'P1Y');
    assert.equal(bought.billingPlan, 'Monthly');
    assert.equal(bought.reservations?.length, 1);
    assert.equal(bought.createdDateTime?.toISOString(), TEST_NOW);
    assert.equal(utcDay(bought.expiryDate), '2027-11-27', 'a one-year term ends a year later');

    const got = await client.reservationOrder.get(orderId, { expand: 'planInformation' });
    assert.equal(got.name, orderId);
    const plan = got.planInformation!;
    assert.deepEqual(plan.pricingCurrencyTotal, q.billingCurrencyTotal, 'the order costs what was quoted');
    assert.equal(plan.transactions?.length, 12);
    assert.deepEqual(plan.transactions!.map((t) => [utcDay(t.dueDate), minorOf(t.pricingCurrencyTotal)]),
      q.paymentSchedule!.map((p) => [utcDay(p.dueDate), minorOf(p.pricingCurrencyTotal)]), 'the payment schedule is the quoted one');
    assert.equal(plan.transactions![0]!.status, 'Succeeded');
    assert.equal(utcDay(plan.transactions![0]!.paymentDate), TODAY, 'the first instalment is charged at purchase');
    assert.ok(plan.transactions!.slice(1).every((t) => t.status === 'Scheduled' && utcDay(t.dueDate)! > TODAY), 'the rest are scheduled');
    assert.equal(utcDay(plan.nextPaymentDueDate), '2026-12-27');

    const listed = await collect(client.reservation.list(orderId));
    assert.equal(listed.length, 1);
    const r = listed[0]!;
    const p = r.properties!;
    assert.equal(idsOf(r.id).orderId, orderId);
    assert.equal(r.sku?.name, vm.name);
    assert.equal(r.location, 'koreacentral');
    assert.equal(p.quantity, 3);
    assert.equal(p.reservedResourceType, 'VirtualMachines');
    assert.equal(p.appliedScopeType, 'Shared', 'Shared scope by default');
    assert.equal(p.userFriendlyAppliedScopeType, 'Shared');
    assert.equal(p.appliedScopes, undefined);
    assert.equal(p.instanceFlexibility, 'On', 'instance size flexibility is on by default');
    assert.equal(p.provisioningState, 'Succeeded');
    assert.equal(p.displayProvisioningState, 'Succeeded');
    assert.equal(p.billingPlan, 'Monthly');
    assert.equal(p.billingScopeId, `/subscriptions/${subs[0]!.id}`);
    assert.equal(p.expiryDateTime?.toISOString(), '2027-11-27T03:00:00.000Z');
    assert.equal(p.renew, false);

    const orders = await collect(client.reservationOrder.list());
    assert.equal(orders.length, ordersBefore + 1);
    assert.equal(orders[0]!.name, orderId, 'the newest order is listed first');
    const all = await collect(client.reservation.listAll({ filter: "properties/displayName eq 'ci-monthly-vm'" }));
    assert.deepEqual(all.map((x) => x.id), [r.id], 'listAll finds the new reservation');

    const revisions = await collect(client.reservation.listRevisions(orderId, idsOf(r.id).reservationId));
    assert.equal(revisions.length, 1, 'a new reservation has one revision');
    assert.equal(revisions[0]!.name, `${idsOf(r.id).reservationId}/1`);
    assert.equal(revisions[0]!.properties?.quantity, 3);
    assert.equal(revisions[0]!.properties?.provisioningState, 'Succeeded');

    const applied = await client.getAppliedReservationList(subs[1]!.id);
    assert.ok(appliedIds(applied).has(orderId), 'a Shared reservation applies to every subscription of the customer');
  });

  test('repeating the identical PUT returns the same order; a different body under the same id is 409', async () => {
    const body = request({ displayName: 'ci-repeat', quantity: 2 });
    const orderId = (await client.reservationOrder.calculate(body)).properties!.reservationOrderId!;
    const first = await client.reservationOrder.purchase(orderId, body, POLL);
    const count = await orderCount();
    const again = await client.reservationOrder.purchase(orderId, body, POLL);
    assert.equal(again.name, first.name);
    assert.deepEqual(again.reservations?.map((r) => r.id), first.reservations?.map((r) => r.id), 'the same reservation, not a second one');
    assert.equal(await orderCount(), count, 'no duplicate order');
    assert.equal((await collect(client.reservation.list(orderId))).length, 1);

    await expectRestError(client.reservationOrder.purchase(orderId, { ...body, quantity: 5 }, POLL), 409, 'ReservationOrderAlreadyExists');
    await expectRestError(client.reservationOrder.purchase(orderId, { ...body, displayName: 'ci-other' }, POLL), 409, 'ReservationOrderAlreadyExists');
    const after = await client.reservationOrder.get(orderId);
    assert.equal(after.originalQuantity, 2, 'the refused PUT changed nothing');
    assert.equal(after.displayName, 'ci-repeat');
    assert.equal(await orderCount(), count);
  });

  test('concurrent PUTs of one order: identical ones all get the order, different ones lose with 409', async () => {
    const count = await orderCount();
    const body = request({ displayName: 'ci-concurrent', quantity: 2 });
    const orderId = randomUUID();
    const same = await Promise.allSettled(Array.from({ length: 6 }, () => client.reservationOrder.purchase(orderId, body, POLL)));
    for (const r of same) assert.equal(r.status === 'fulfilled' ? r.value.name : String(r.reason), orderId);
    assert.equal(await orderCount(), count + 1, 'one order');
    assert.equal((await collect(client.reservation.list(orderId))).length, 1, 'one reservation');

    const raced = randomUUID();
    const quantities = [1, 2, 3, 4];
    const outcomes = await Promise.allSettled(quantities.map((quantity) => client.reservationOrder.purchase(raced, { ...body, quantity }, POLL)));
    const winners = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    assert.equal(winners.length, 1, 'exactly one of the different requests is bought');
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        assert.equal((o.reason as { statusCode?: number }).statusCode, 409, String(o.reason));
        assert.equal((o.reason as { code?: string }).code, 'ReservationOrderAlreadyExists');
      }
    }
    const stored = await client.reservationOrder.get(raced);
    assert.equal(stored.originalQuantity, winners[0]!.originalQuantity, 'the stored order is the winner');
    assert.equal(await orderCount(), count + 2);
  });

  test('Upfront three-year purchase: one paid transaction of quantity × list price', async () => {
    const body = request({ term: 'P3Y', billingPlan: 'Upfront', quantity: 2, displayName: 'ci-upfront' });
    const orderId = randomUUID();
    const bought = await client.reservationOrder.purchase(orderId, body, POLL);
    assert.equal(bought.name, orderId, 'any new GUID can be used as the order id');
    const got = await client.reservationOrder.get(orderId, { expand: 'planInformation' });
    const tx = got.planInformation!.transactions!;
    assert.equal(tx.length, 1);
    assert.equal(tx[0]!.status, 'Succeeded');
    assert.equal(utcDay(tx[0]!.paymentDate), TODAY);
    assert.equal(minorOf(tx[0]!.pricingCurrencyTotal), 2 * minorOf(vm.msrp!.p3Y), 'two units at the catalog price');
    assert.equal(got.planInformation!.nextPaymentDueDate, undefined, 'nothing left to pay');
    assert.equal(utcDay(got.expiryDate), '2029-11-27');
  });

  test('a Single scope naming a subscription of the same customer applies only there', async () => {
    const target = subs[1]!.id;
    const body = request({ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${target}`], displayName: 'ci-single', quantity: 1, billingPlan: 'Upfront' });
    const orderId = (await client.reservationOrder.calculate(body)).properties!.reservationOrderId!;
    await client.reservationOrder.purchase(orderId, body, POLL);
    const [r] = await collect(client.reservation.list(orderId));
    assert.ok(r);
    assert.equal(r.properties?.appliedScopeType, 'Single');
    assert.deepEqual(r.properties?.appliedScopes, [`/subscriptions/${target}`]);
    assert.equal(r.properties?.userFriendlyAppliedScopeType, 'Single');
    assert.equal(r.properties?.appliedScopeProperties?.subscriptionId, `/subscriptions/${target}`);
    assert.ok(appliedIds(await client.getAppliedReservationList(target)).has(orderId), 'applies to the named subscription');
    assert.ok(!appliedIds(await client.getAppliedReservationList(subs[0]!.id)).has(orderId), 'not to another subscription of the customer');

    const viaProperties = request({
      appliedScopeType: 'Single', appliedScopeProperties: { subscriptionId: `/subscriptions/${target}` }, displayName: 'ci-single-props', quantity: 1,
      renew: true, reservedResourceProperties: { instanceFlexibility: 'Off' },
    });
    const bought = await client.reservationOrder.purchase(randomUUID(), viaProperties, POLL);
    const props = bought.reservations?.[0]?.properties;
    assert.deepEqual(props?.appliedScopes, [`/subscriptions/${target}`], 'appliedScopeProperties.subscriptionId works too');
    assert.equal(props?.renew, true);
    assert.equal(props?.userFriendlyRenewState, 'On');
    assert.equal(props?.instanceFlexibility, 'Off', 'reservedResourceProperties.instanceFlexibility is kept');

    const group = subs[1]!.resourceGroups[0]!;
    const rgBody = request({ appliedScopeType: 'Single', appliedScopes: [group.id], displayName: 'ci-single-rg', quantity: 1 });
    const rg = await client.reservationOrder.purchase(randomUUID(), rgBody, POLL);
    const rgProps = rg.reservations?.[0]?.properties;
    assert.deepEqual(rgProps?.appliedScopes, [group.id]);
    assert.equal(rgProps?.userFriendlyAppliedScopeType, 'ResourceGroup');
    assert.ok(appliedIds(await client.getAppliedReservationList(target)).has(rg.name!), 'a resource-group scope applies to its subscription');
    assert.ok(!appliedIds(await client.getAppliedReservationList(subs[0]!.id)).has(rg.name!));
  });

  test('purchases that break the rules are refused and create nothing', async () => {
    const count = await orderCount();
    const foreign = request({ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${otherCustomerSub}`] });
    await expectRestError(client.reservationOrder.calculate(foreign), 400, 'InvalidAppliedScopes');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), foreign, POLL), 400, 'InvalidAppliedScopes');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ quantity: 0 }), POLL), 400, 'InvalidRequestContent');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ term: 'P7Y' }), POLL), 400, 'InvalidTerm');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ sku: { name: 'Standard_Imaginary' } }), POLL), 400, 'InvalidSku');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ location: 'antarctica' }), POLL), 400, 'InvalidLocation');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${subs[0]!.id}/resourceGroups/rg-nowhere`] }), POLL), 400, 'ResourceGroupNotFound');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ appliedScopeType: 'Single' }), POLL), 400, 'InvalidAppliedScopes');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ appliedScopeType: 'Galaxy' as never }), POLL), 400, 'InvalidAppliedScopeType');
    const sql = (await collect(client.getCatalog(subs[0]!.id, { reservedResourceType: 'SqlDatabases' })))[0]!;
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({
      sku: { name: sql.name }, location: sql.locations![0], reservedResourceType: 'SqlDatabases', reservedResourceProperties: { instanceFlexibility: 'On' },
    }), POLL), 400, 'InstanceFlexibilityNotSupported');
    await expectRestError(client.reservationOrder.purchase(randomUUID(), request({ billingScopeId: '/subscriptions/00000000-0000-4000-8000-000000000000' }), POLL), 400, 'InvalidBillingScope');
    const fabrikam = clientFor(server, await server.token(FABRIKAM_AGENT));
    await expectRestError(fabrikam.reservationOrder.purchase(randomUUID(), request(), POLL), 400, 'InvalidBillingScope');
    const northwind = clientFor(server, await server.token(NORTHWIND_ADMIN));
    const nwCustomer = (await server.call('GET', '/v1/customers?size=1', { token: await server.token(NORTHWIND_ADMIN) })).body.items[0].id;
    const nwSub = (await server.call('GET', `/v1/customers/${nwCustomer}/subscriptions`, { token: await server.token(NORTHWIND_ADMIN) })).body.items
      .find((s: any) => s.status === 'Active').id;
    await expectRestError(northwind.reservationOrder.purchase(randomUUID(), request({ billingScopeId: `/subscriptions/${nwSub}`, location: 'eastus' }), POLL), 403, 'AuthorizationFailed');
    assert.equal(await orderCount(), count, 'no order was created');
  });

  test('the purchase shows in the listAll summary when refreshed', async () => {
    const summary = async () => (await server.call('GET', `/providers/Microsoft.Capacity/reservations?${API}&refreshSummary=true&take=1`, { token })).body.summary;
    const before = await summary();
    const body = request({ displayName: 'ci-summary', quantity: 1 });
    await client.reservationOrder.purchase(randomUUID(), body, POLL);
    const after = await summary();
    assert.equal(after.succeededCount, before.succeededCount + 1);
    assert.equal(after.expiringCount, before.expiringCount);
  });

  test('the purchase response is the order as later GETs show it', async () => {
    const body = request({ displayName: 'ci-shape', quantity: 4, billingPlan: 'Upfront' });
    const orderId = randomUUID();
    const bought: ReservationOrderResponse = await client.reservationOrder.purchase(orderId, body, POLL);
    const got = await client.reservationOrder.get(orderId, { expand: 'planInformation' });
    assert.deepEqual(bought, got);
  });
});
