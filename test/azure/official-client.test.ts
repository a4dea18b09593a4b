import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, ReservationOrderResponse, ReservationResponse } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, TEST_NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  clientFor, collect, collectPages, customersOf, idsOf, minorOf, reservationsOf, subscriptionsOf, utcDay,
} from './azure-support.ts';

const NOW = new Date(TEST_NOW);
const TODAY = TEST_NOW.slice(0, 10);
const MONTHS: Record<string, number> = { P1Y: 12, P3Y: 36, P5Y: 60 };

describeEachEngine('Azure door through @azure/arm-reservations', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let orders: ReservationOrderResponse[];
  let reservations: ReservationResponse[];
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
    orders = await collect(client.reservationOrder.list());
    reservations = await collect(client.reservation.listAll());
  });
  after(async () => server?.close());

  test('lists and gets reservation orders', async () => {
    assert.ok(orders.length > 100, `expected the demo orders, got ${orders.length}`);
    const one = await client.reservationOrder.get(orders[0]!.name!, { expand: 'planInformation' });
    assert.equal(one.name, orders[0]!.name);
    assert.ok(one.planInformation?.transactions?.length);
  });

  test('reservationOrder.list pages over every visible order once, each with its reservations', async () => {
    const pages = await collectPages(client.reservationOrder.list());
    assert.ok(pages.length >= 2, `more than one page of 100 orders expected, got ${pages.length}`);
    const names = pages.flat().map((o) => o.name!);
    assert.equal(new Set(names).size, names.length, 'no order appears twice across pages');
    // Every order has at least one reservation, so the orders are exactly the orders of the visible reservations.
    const fromReservations = new Set(reservations.map((r) => idsOf(r.id).orderId));
    assert.deepEqual(new Set(names), fromReservations);
    for (const o of orders) {
      assert.equal(o.type, 'Microsoft.Capacity/reservationOrders');
      assert.equal(o.id?.toLowerCase(), `/providers/microsoft.capacity/reservationorders/${o.name}`);
      assert.equal(o.planInformation, undefined, 'the list carries no payment plan');
      assert.ok(o.reservations?.length, `order ${o.name} lists its reservations`);
      for (const r of o.reservations!) assert.equal(idsOf(r.id).orderId, o.name);
      assert.ok(o.expiryDateTime! > o.createdDateTime!, `order ${o.name} expires after it was created`);
    }
    // Newest first.
    for (let i = 1; i < orders.length; i++) assert.ok(orders[i - 1]!.createdDateTime! >= orders[i]!.createdDateTime!, 'orders are listed newest first');
  });

  test('reservationOrder.get with planInformation: payments add up, paid ones are past, scheduled ones future', async () => {
    const monthly = orders.filter((o) => o.billingPlan === 'Monthly');
    const upfront = orders.filter((o) => o.billingPlan === 'Upfront');
    assert.ok(monthly.length >= 10 && upfront.length >= 5, 'the demo has both plans');
    const sample = [...monthly.filter((_, i) => i % Math.ceil(monthly.length / 14) === 0), ...upfront.slice(0, 5)];
    const seen = new Set<string>();
    for (const listed of sample) {
      const o = await client.reservationOrder.get(listed.name!, { expand: 'planInformation' });
      const plan = o.planInformation;
      assert.ok(plan?.transactions?.length, `order ${o.name} has a payment plan`);
      const tx = plan.transactions!;
      const currency = plan.pricingCurrencyTotal!.currencyCode;
      assert.ok(currency === 'KRW', `Contoso bills in KRW, got ${currency}`);
      assert.equal(tx.length, o.billingPlan === 'Monthly' ? MONTHS[o.term!] : 1, `${o.billingPlan} ${o.term} instalments of ${o.name}`);
      const sum = tx.reduce((s, t) => s + minorOf(t.pricingCurrencyTotal), 0);
      assert.equal(sum, minorOf(plan.pricingCurrencyTotal), `instalments of ${o.name} add up to the total`);
      assert.ok(sum > 0);
      assert.equal(utcDay(plan.startDate), utcDay(o.createdDateTime), 'the plan starts when the order was created');
      for (const [i, t] of tx.entries()) {
        seen.add(t.status!);
        assert.equal(t.pricingCurrencyTotal!.currencyCode, currency);
        assert.deepEqual(t.billingCurrencyTotal, t.pricingCurrencyTotal);
        if (i > 0) {
          assert.ok(t.dueDate! > tx[i - 1]!.dueDate!, 'instalments are in date order');
          const prev = tx[i - 1]!.dueDate!;
          const months = (t.dueDate!.getUTCFullYear() - prev.getUTCFullYear()) * 12 + t.dueDate!.getUTCMonth() - prev.getUTCMonth();
          assert.equal(months, 1, 'monthly instalments fall one month apart');
        }
        switch (t.status) {
          case 'Succeeded':
            assert.ok(t.paymentDate, 'a paid instalment has a payment date');
            assert.ok(utcDay(t.dueDate)! <= TODAY, `paid instalment due ${utcDay(t.dueDate)} is not in the future`);
            break;
          case 'Scheduled':
            assert.equal(t.paymentDate, undefined, 'a scheduled instalment is not paid');
            assert.ok(utcDay(t.dueDate)! > TODAY, `scheduled instalment due ${utcDay(t.dueDate)} is in the future`);
            break;
          case 'Cancelled':
            assert.equal(o.provisioningState, 'Cancelled', 'only a returned order has cancelled instalments');
            break;
          default:
            assert.fail(`unexpected payment status ${t.status}`);
        }
      }
      const firstScheduled = tx.find((t) => t.status === 'Scheduled');
      assert.equal(utcDay(plan.nextPaymentDueDate), utcDay(firstScheduled?.dueDate), 'the next payment is the first scheduled one');
      if (o.billingPlan === 'Upfront') assert.equal(tx[0]!.status, 'Succeeded', 'an upfront order is paid at purchase');
      const plain = await client.reservationOrder.get(listed.name!);
      assert.equal(plain.planInformation, undefined, 'without $expand there is no payment plan');
      assert.equal(plain.originalQuantity, o.originalQuantity);
    }
    assert.ok(seen.has('Succeeded') && seen.has('Scheduled'), `the sample covers paid and scheduled instalments, saw ${[...seen]}`);
  });

  test('reservation.list returns exactly the reservations of the order, gettable one by one', async () => {
    const byOrder = new Map<string, ReservationResponse[]>();
    for (const r of reservations) {
      const { orderId } = idsOf(r.id);
      byOrder.set(orderId, [...(byOrder.get(orderId) ?? []), r]);
    }
    const multi = [...byOrder.entries()].filter(([, rs]) => rs.length > 1).slice(0, 3);
    const single = [...byOrder.entries()].filter(([, rs]) => rs.length === 1).slice(0, 2);
    assert.ok(multi.length === 3, 'the demo has split or merged orders with several reservations');
    for (const [orderId, expected] of [...multi, ...single]) {
      const listed = await collect(client.reservation.list(orderId));
      assert.deepEqual(new Set(listed.map((r) => r.id)), new Set(expected.map((r) => r.id)), `reservations of order ${orderId}`);
      for (const r of listed) {
        const { reservationId } = idsOf(r.id);
        assert.equal(r.name, reservationId, 'Reservation_List uses the short name');
        assert.equal(r.type, 'Microsoft.Capacity/reservationOrders/reservations');
        const got = await client.reservation.get(orderId, reservationId);
        assert.equal(got.id, r.id);
        assert.equal(got.name, reservationId);
        assert.equal(got.properties?.quantity, r.properties?.quantity);
        assert.equal(got.properties?.provisioningState, r.properties?.provisioningState);
        assert.equal(got.sku?.name, r.sku?.name);
      }
    }
  });

  test('reservation.get carries 1/7/30-day utilization that matches the daily usage', async () => {
    const active = reservations.filter((r) => r.properties?.displayProvisioningState === 'Succeeded'
      && r.properties.purchaseDateTime! < new Date(NOW.getTime() - 40 * 86_400_000)
      && !r.properties.splitProperties && !r.properties.mergeProperties);
    assert.ok(active.length >= 6);
    const windowDays = (n: number) => {
      const first = new Date(NOW.getTime() - n * 86_400_000).toISOString().slice(0, 10);
      const last = new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 10);
      return { first, last };
    };
    for (const listed of active.slice(0, 6)) {
      const { orderId, reservationId } = idsOf(listed.id);
      const r = await client.reservation.get(orderId, reservationId);
      const u = r.properties?.utilization;
      assert.ok(u?.aggregates, `active reservation ${reservationId} has utilization`);
      assert.deepEqual(u.aggregates.map((a) => a.grain), [1, 7, 30]);
      assert.ok(['UP', 'DOWN', 'SAME'].includes(u.trend!), `trend ${u.trend}`);
      const daily = await server.ctx.store.db.selectFrom('utilization_daily').selectAll()
        .where('reservation_id', '=', reservationId).execute();
      for (const a of u.aggregates) {
        assert.equal(a.grainUnit, 'days');
        assert.equal(a.valueUnit, 'percentage');
        assert.ok(a.value! >= 0 && a.value! <= 100, `utilization ${a.value}% is a percentage`);
        const { first, last } = windowDays(a.grain!);
        const days = daily.filter((d) => d.usage_date >= first && d.usage_date <= last);
        assert.equal(days.length, a.grain, `${a.grain} complete days of usage for ${reservationId}`);
        const reserved = days.reduce((s, d) => s + d.reserved_hours, 0);
        const used = days.reduce((s, d) => s + d.used_hours, 0);
        assert.ok(Math.abs(a.value! - (used / reserved) * 100) <= 0.006, `grain ${a.grain}: ${a.value} vs ${(used / reserved) * 100}`);
      }
    }
  });

  test('listRevisions of a split reservation: the split, then the purchase', async () => {
    const split = reservations.find((r) => r.properties?.provisioningState === 'Split');
    assert.ok(split, 'the demo has split reservations');
    const { orderId, reservationId } = idsOf(split.id);
    const revisions = await collect(client.reservation.listRevisions(orderId, reservationId));
    assert.equal(revisions.length, 2);
    assert.deepEqual(revisions.map((r) => r.name), [`${reservationId}/2`, `${reservationId}/1`]);
    assert.deepEqual(revisions.map((r) => r.properties?.provisioningState), ['Split', 'Succeeded']);
    assert.equal(revisions[0]!.properties?.splitProperties?.splitDestinations?.length, 2);
    assert.equal(revisions[1]!.properties?.splitProperties, undefined, 'before the split there was nothing to point at');
    const destinations = split.properties!.splitProperties!.splitDestinations!;
    const quantities = [];
    for (const d of destinations) {
      const ids = idsOf(d);
      assert.equal(ids.orderId, orderId, 'split parts stay in the order');
      const destRevisions = await collect(client.reservation.listRevisions(orderId, ids.reservationId));
      assert.equal(destRevisions.length, 1);
      assert.equal(destRevisions[0]!.properties?.splitProperties?.splitSource, split.id);
      quantities.push(destRevisions[0]!.properties!.quantity!);
    }
    assert.equal(quantities.reduce((a, b) => a + b, 0), split.properties!.quantity, 'the parts add up to the source');
  });

  test('getAppliedReservationList names the active orders whose scope reaches the subscription', async () => {
    let checked = 0;
    let nonEmpty = 0;
    for (const customer of (await customersOf(server, token)).slice(0, 5)) {
      const subs = await subscriptionsOf(server, token, customer.id);
      const own = await reservationsOf(server, token, customer.id);
      for (const sub of subs.filter((s) => s.status === 'Active')) {
        const expected = new Set<string>();
        for (const r of own) {
          const p = r.properties;
          if (p.provisioningState !== 'Succeeded' || p.expiryDateTime <= TEST_NOW) continue;
          const applies = p.appliedScopeType === 'Shared'
            || (p.appliedScopeType === 'Single' && (p.appliedScopes[0] === `/subscriptions/${sub.id}` || p.appliedScopes[0].startsWith(`/subscriptions/${sub.id}/`)))
            || (p.appliedScopeType === 'ManagementGroup' && sub.managementGroups.includes(p.appliedScopeProperties.managementGroupId));
          if (applies) expected.add(idsOf(r.id).orderId);
        }
        const applied = await client.getAppliedReservationList(sub.id);
        assert.equal(applied.type, 'Microsoft.Capacity/AppliedReservations');
        const ids = applied.reservationOrderIds?.value ?? [];
        const got = new Set(ids.map((id) => /reservationorders\/([0-9a-f-]{36})$/i.exec(id)?.[1]?.toLowerCase()));
        assert.deepEqual(got, expected, `applied reservations of subscription ${sub.id}`);
        checked++;
        if (expected.size) nonEmpty++;
      }
    }
    assert.ok(checked >= 5 && nonEmpty >= 3, `checked ${checked} subscriptions, ${nonEmpty} with applied orders`);
  });

  test('operation.list names the provider operations', async () => {
    const ops = await collect(client.operation.list());
    const names = ops.map((o) => o.name!.toLowerCase());
    assert.equal(new Set(names).size, names.length, 'operation names are unique');
    for (const expected of ['reservationorders/read', 'reservationorders/write', 'reservationorders/reservations/read', 'calculateprice/action', 'catalogs/read', 'appliedreservations/read']) {
      assert.ok(names.includes(`microsoft.capacity/${expected}`), `operations include ${expected}`);
    }
    for (const o of ops) {
      assert.ok(o.display?.provider && o.display.resource && o.display.operation && o.display.description, `display of ${o.name}`);
      assert.equal(typeof o.isDataAction, 'boolean');
    }
  });
});
