import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, ReservationResponse } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  API, NORTHWIND_ADMIN, NORTHWIND_PARTNER_ID, clientFor, collect, customersOf, displayStates, expectRestError, idsOf, reservationsOf, subscriptionsOf,
} from './azure-support.ts';

const ids = (items: Array<{ id?: string }>) => new Set(items.map((r) => r.id!));

describeEachEngine('Tenant isolation through the Azure door', (engine) => {
  let server: TestServer;
  let contoso: AzureReservationAPI;
  let fabrikam: AzureReservationAPI;
  let northwind: AzureReservationAPI;
  let fabrikamToken: string;
  let northwindToken: string;
  let contosoAll: ReservationResponse[];
  let fabrikamAll: ReservationResponse[];

  before(async () => {
    server = await startTestServer(engine);
    contoso = clientFor(server, await server.token(ADMIN_AGENT));
    fabrikamToken = await server.token(FABRIKAM_AGENT);
    northwindToken = await server.token(NORTHWIND_ADMIN);
    fabrikam = clientFor(server, fabrikamToken);
    northwind = clientFor(server, northwindToken);
    contosoAll = await collect(contoso.reservation.listAll());
    fabrikamAll = await collect(fabrikam.reservation.listAll());
  });
  after(async () => server?.close());

  test("Fabrikam's admin agent gets 404 for everything of Contoso's", async () => {
    const target = contosoAll.find((r) => r.properties?.provisioningState === 'Succeeded')!;
    const { orderId, reservationId } = idsOf(target.id);
    await contoso.reservationOrder.get(orderId); // exists for its owner
    await expectRestError(fabrikam.reservationOrder.get(orderId), 404, 'ReservationOrderNotFound');
    await expectRestError(fabrikam.reservationOrder.get(orderId, { expand: 'planInformation' }), 404, 'ReservationOrderNotFound');
    await expectRestError(() => collect(fabrikam.reservation.list(orderId)), 404, 'ReservationOrderNotFound');
    await expectRestError(fabrikam.reservation.get(orderId, reservationId), 404, 'ReservationNotFound');
    await expectRestError(() => collect(fabrikam.reservation.listRevisions(orderId, reservationId)), 404, 'ReservationNotFound');
    const contosoSub = target.properties!.billingScopeId!.split('/').pop()!;
    await expectRestError(fabrikam.getAppliedReservationList(contosoSub), 404, 'SubscriptionNotFound');
    await expectRestError(() => collect(fabrikam.getCatalog(contosoSub)), 404, 'SubscriptionNotFound');
    // Buying on Contoso's subscription is refused without creating anything.
    const count = (await collect(contoso.reservationOrder.list())).length;
    const body = { sku: { name: target.sku!.name }, location: target.location, reservedResourceType: target.properties!.reservedResourceType, billingScopeId: `/subscriptions/${contosoSub}`, term: 'P1Y' as const, billingPlan: 'Upfront' as const, quantity: 1 };
    await expectRestError(fabrikam.reservationOrder.calculate(body), 400, 'InvalidBillingScope');
    await expectRestError(fabrikam.reservationOrder.purchase(randomUUID(), body, { updateIntervalInMs: 10 }), 400, 'InvalidBillingScope');
    assert.equal((await collect(contoso.reservationOrder.list())).length, count);
  });

  test("the two partners' listings are disjoint", async () => {
    assert.ok(contosoAll.length > 0 && fabrikamAll.length > 0);
    const c = ids(contosoAll);
    assert.ok(fabrikamAll.every((r) => !c.has(r.id!)), 'no Contoso reservation in Fabrikam\'s listAll');
    const contosoOrders = new Set((await collect(contoso.reservationOrder.list())).map((o) => o.name));
    const fabrikamOrders = (await collect(fabrikam.reservationOrder.list())).map((o) => o.name);
    assert.ok(fabrikamOrders.length > 0 && fabrikamOrders.every((o) => !contosoOrders.has(o)), 'no Contoso order in Fabrikam\'s list');
    // Billing currencies follow the partner, so nothing of the other partner slipped in.
    const fabrikamOrder = await fabrikam.reservationOrder.get(fabrikamOrders[0]!, { expand: 'planInformation' });
    assert.equal(fabrikamOrder.planInformation?.pricingCurrencyTotal?.currencyCode, 'USD');
  });

  test("a reseller's listAll holds exactly the reservations of its own customers", async () => {
    // The oracle comes from the indirect provider's view: its customers that name Northwind as reseller.
    const northwindCustomers = (await customersOf(server, fabrikamToken)).filter((c) => c.resellerId === NORTHWIND_PARTNER_ID);
    assert.equal(northwindCustomers.length, 6);
    const expected = new Set<string>();
    const subscriptions = new Set<string>();
    for (const c of northwindCustomers) {
      for (const r of await reservationsOf(server, fabrikamToken, c.id)) expected.add(r.id);
      for (const s of await subscriptionsOf(server, fabrikamToken, c.id)) subscriptions.add(`/subscriptions/${s.id}`);
    }
    const mine = await collect(northwind.reservation.listAll({ take: 13 }));
    assert.equal(ids(mine).size, mine.length);
    assert.deepEqual(ids(mine), expected);
    assert.ok(mine.length < fabrikamAll.length, 'the provider sees more than one of its resellers');
    assert.ok(mine.every((r) => subscriptions.has(r.properties!.billingScopeId!)), 'every reservation is billed to a Northwind customer');
    const f = ids(fabrikamAll);
    assert.ok(mine.every((r) => f.has(r.id!)), "the reseller's reservations are the provider's too");

    const orders = await collect(northwind.reservationOrder.list());
    assert.deepEqual(new Set(orders.map((o) => o.name)), new Set(mine.map((r) => idsOf(r.id).orderId)));

    const summary = (await server.call('GET', `/providers/Microsoft.Capacity/reservations?${API}&refreshSummary=true&take=1`, { token: northwindToken })).body.summary;
    const counts = displayStates(mine);
    assert.equal(summary.succeededCount, counts.get('Succeeded') ?? 0);
    assert.equal(summary.expiredCount, counts.get('Expired') ?? 0);
    assert.equal(Object.values(summary as Record<string, number>).reduce((a, b) => a + b, 0), mine.length, "the summary counts only the reseller's reservations");
  });

  test("a reseller cannot read the other reseller's or Contoso's orders", async () => {
    const mine = new Set((await collect(northwind.reservation.listAll())).map((r) => r.id));
    const foreign = fabrikamAll.find((r) => !mine.has(r.id))!;
    assert.ok(foreign, "Tailspin's customers have reservations");
    const { orderId, reservationId } = idsOf(foreign.id);
    await fabrikam.reservationOrder.get(orderId);
    await expectRestError(northwind.reservationOrder.get(orderId), 404, 'ReservationOrderNotFound');
    await expectRestError(northwind.reservation.get(orderId, reservationId), 404, 'ReservationNotFound');
    const contosoOrder = idsOf(contosoAll[0]!.id).orderId;
    await expectRestError(northwind.reservationOrder.get(contosoOrder), 404, 'ReservationOrderNotFound');
  });

  test('a customer user sees only its own company; the provider operator sees all, the support desk nothing', async () => {
    const customer = (await customersOf(server, fabrikamToken))[0]!;
    const own = new Set((await reservationsOf(server, fabrikamToken, customer.id)).map((r) => r.id as string));
    assert.ok(own.size > 0);
    const owner = clientFor(server, await server.token(`owner@${customer.domain}`));
    const seen = await collect(owner.reservation.listAll());
    assert.deepEqual(ids(seen), own);
    const foreign = fabrikamAll.find((r) => !own.has(r.id!))!;
    await expectRestError(owner.reservationOrder.get(idsOf(foreign.id).orderId), 404, 'ReservationOrderNotFound');

    const operator = clientFor(server, await server.token('operator@provider.example'));
    const everything = await collect(operator.reservation.listAll({ take: 500 }));
    assert.deepEqual(ids(everything), new Set([...ids(contosoAll), ...ids(fabrikamAll)]));

    const support = clientFor(server, await server.token('support@provider.example'));
    assert.deepEqual(await collect(support.reservation.listAll()), []);
    assert.deepEqual(await collect(support.reservationOrder.list()), []);
    await expectRestError(support.reservationOrder.get(idsOf(contosoAll[0]!.id).orderId), 404, 'ReservationOrderNotFound');
  });
});
