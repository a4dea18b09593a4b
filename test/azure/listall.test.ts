import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, ReservationResponse } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, TEST_NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import { API, clientFor, collect, collectPages, customersOf, displayStates, expectRestError, idsOf, reservationsOf } from './azure-support.ts';

const NOW_MS = Date.parse(TEST_NOW);
const DAY_MS = 86_400_000;
const LIST_ALL = '/providers/Microsoft.Capacity/reservations';

const SUMMARY_KEYS: Record<string, string> = {
  Succeeded: 'succeededCount', Failed: 'failedCount', Expiring: 'expiringCount', Expired: 'expiredCount',
  Pending: 'pendingCount', Cancelled: 'cancelledCount', Processing: 'processingCount', Warning: 'warningCount', NoBenefit: 'noBenefitCount',
};

const idSet = (items: ReservationResponse[]) => new Set(items.map((r) => r.id!));

describeEachEngine('Reservation_ListAll through the official client', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let all: ReservationResponse[];

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
    all = await collect(client.reservation.listAll());
  });
  after(async () => server?.close());

  const isVm = (r: ReservationResponse) => r.properties?.reservedResourceType === 'VirtualMachines';
  const state = (r: ReservationResponse) => r.properties?.displayProvisioningState;

  /** Lists with a filter and checks the result is exactly the subset of the full list the predicate picks. */
  async function expectFilter(filter: string, predicate: (r: ReservationResponse) => boolean): Promise<ReservationResponse[]> {
    const got = await collect(client.reservation.listAll({ filter }));
    const expected = all.filter(predicate);
    assert.ok(expected.length > 0, `the demo data has reservations matching ${filter}`);
    assert.ok(expected.length < all.length, `${filter} leaves some reservations out`);
    assert.equal(idSet(got).size, got.length, `no duplicates for ${filter}`);
    assert.deepEqual(idSet(got), idSet(expected), `reservations matching ${filter}`);
    return got;
  }

  test('without options: every reservation of every customer of the caller, with qualified names', async () => {
    let expected = 0;
    const customers = await customersOf(server, token);
    assert.equal(customers.length, 12);
    for (const c of customers) expected += (await reservationsOf(server, token, c.id)).length;
    assert.equal(all.length, expected, 'listAll shows as many reservations as the customers hold');
    assert.equal(idSet(all).size, all.length, 'no duplicates');
    for (const r of all) {
      const { orderId, reservationId } = idsOf(r.id);
      assert.equal(r.name, `${orderId}/${reservationId}`, 'Reservation_ListAll names are order/reservation');
      assert.ok(r.properties?.displayProvisioningState, 'every item has a display state');
    }
  });

  test("filter displayProvisioningState eq 'Expiring': only reservations ending within 30 days of the server clock", async () => {
    const got = await expectFilter("properties/displayProvisioningState eq 'Expiring'",
      (r) => r.properties?.provisioningState === 'Succeeded' && r.properties.expiryDateTime!.getTime() > NOW_MS && r.properties.expiryDateTime!.getTime() <= NOW_MS + 30 * DAY_MS);
    for (const r of got) {
      assert.equal(state(r), 'Expiring');
      const left = r.properties!.expiryDateTime!.getTime() - NOW_MS;
      assert.ok(left > 0 && left <= 30 * DAY_MS, `${r.name} expires ${r.properties!.expiryDateTime!.toISOString()}, within 30 days of ${TEST_NOW}`);
    }
    // No reservation outside the filter is labelled Expiring either.
    assert.equal(all.filter((r) => state(r) === 'Expiring').length, got.length);
  });

  test("filter reservedResourceType eq 'VirtualMachines' (either spelling)", async () => {
    const got = await expectFilter("properties/reservedResourceType eq 'VirtualMachines'", isVm);
    assert.ok(got.every(isVm));
    const catalogSpelling = await collect(client.reservation.listAll({ filter: "properties/reservedResourceType eq 'virtualMachines'" }));
    assert.deepEqual(idSet(catalogSpelling), idSet(got));
  });

  test('filters combine with and, or and parentheses', async () => {
    await expectFilter("properties/reservedResourceType eq 'VirtualMachines' and properties/displayProvisioningState eq 'Expiring'",
      (r) => isVm(r) && state(r) === 'Expiring');
    await expectFilter("properties/reservedResourceType eq 'VirtualMachines' or properties/displayProvisioningState eq 'Expired'",
      (r) => isVm(r) || state(r) === 'Expired');
    await expectFilter("(properties/reservedResourceType eq 'VirtualMachines' and properties/displayProvisioningState eq 'Succeeded') or properties/displayProvisioningState eq 'Cancelled'",
      (r) => (isVm(r) && state(r) === 'Succeeded') || state(r) === 'Cancelled');
    await expectFilter("properties/reservedResourceType eq 'VirtualMachines' and (properties/displayProvisioningState eq 'Succeeded' or properties/displayProvisioningState eq 'Expiring')",
      (r) => isVm(r) && (state(r) === 'Succeeded' || state(r) === 'Expiring'));
    await expectFilter("properties/appliedScopeType eq 'Shared' and properties/billingPlan eq 'Monthly'",
      (r) => r.properties?.appliedScopeType === 'Shared' && r.properties.billingPlan === 'Monthly');
  });

  test('date, number and boolean comparisons', async () => {
    const endOfDec27 = Date.parse('2026-12-28T00:00:00.000Z');
    await expectFilter("properties/expiryDate le 2026-12-27 and properties/provisioningState eq 'Succeeded'",
      (r) => r.properties!.expiryDateTime!.getTime() < endOfDec27 && r.properties!.provisioningState === 'Succeeded');
    await expectFilter("properties/expiryDateTime gt '2028-01-01T00:00:00Z'", (r) => r.properties!.expiryDateTime!.getTime() > Date.parse('2028-01-01T00:00:00Z'));
    await expectFilter('properties/quantity ge 10', (r) => r.properties!.quantity! >= 10);
    await expectFilter('properties/renew eq true', (r) => r.properties!.renew === true);
    await expectFilter("properties/userFriendlyRenewState eq 'Renewed'", (r) => r.properties!.userFriendlyRenewState === 'Renewed');
    await expectFilter("properties/userFriendlyAppliedScopeType eq 'ManagementGroup'", (r) => r.properties!.userFriendlyAppliedScopeType === 'ManagementGroup');
    const archived = await collect(client.reservation.listAll({ filter: 'properties/archived eq false' }));
    assert.deepEqual(idSet(archived), idSet(all), 'nothing is archived in the demo');
  });

  test('take 7 pages through nextLink: full pages, no duplicates, nothing missing', async () => {
    const pages = await collectPages(client.reservation.listAll({ take: 7 }));
    assert.equal(pages.length, Math.ceil(all.length / 7), 'one page per 7 reservations');
    for (const p of pages.slice(0, -1)) assert.equal(p.length, 7);
    assert.ok(pages.at(-1)!.length >= 1 && pages.at(-1)!.length <= 7);
    const union = pages.flat();
    assert.equal(idSet(union).size, union.length, 'no reservation on two pages');
    assert.deepEqual(idSet(union), idSet(all));
  });

  test('take with a filter keeps the filter on every page', async () => {
    const filter = "properties/reservedResourceType eq 'VirtualMachines'";
    const pages = await collectPages(client.reservation.listAll({ filter, take: 7 }));
    const union = pages.flat();
    assert.ok(pages.length >= 3, `several pages, got ${pages.length}`);
    assert.ok(union.every(isVm), 'later pages are filtered too');
    assert.equal(idSet(union).size, union.length);
    assert.deepEqual(idSet(union), idSet(all.filter(isVm)));
  });

  test("orderby 'properties/expiryDate desc' holds across pages", async () => {
    const pages = await collectPages(client.reservation.listAll({ orderby: 'properties/expiryDate desc', take: 7 }));
    const union = pages.flat();
    assert.ok(pages.length >= 3);
    assert.equal(idSet(union).size, union.length, 'no duplicates when ordered');
    assert.deepEqual(idSet(union), idSet(all));
    const expiries = union.map((r) => r.properties!.expiryDateTime!.getTime());
    for (let i = 1; i < expiries.length; i++) assert.ok(expiries[i - 1]! >= expiries[i]!, `item ${i} is not later than item ${i - 1}`);
    assert.ok(expiries[0]! > expiries.at(-1)!, 'the order is not trivially flat');

    const asc = (await collect(client.reservation.listAll({ orderby: 'properties/expiryDate asc', filter: "properties/displayProvisioningState eq 'Succeeded'", take: 9 })))
      .map((r) => r.properties!.expiryDateTime!.getTime());
    for (let i = 1; i < asc.length; i++) assert.ok(asc[i - 1]! <= asc[i]!, 'ascending order');

    const byQuantity = await collect(client.reservation.listAll({ orderby: 'properties/quantity desc, properties/expiryDate asc', take: 50 }));
    assert.deepEqual(idSet(byQuantity), idSet(all));
    for (let i = 1; i < byQuantity.length; i++) {
      const a = byQuantity[i - 1]!.properties!;
      const b = byQuantity[i]!.properties!;
      assert.ok(a.quantity! >= b.quantity!, `quantity ${a.quantity} before ${b.quantity}`);
      if (a.quantity === b.quantity) assert.ok(a.expiryDateTime! <= b.expiryDateTime!, 'ties by expiry, ascending');
    }
  });

  test('selectedState narrows the list like the display-state filter', async () => {
    const selected = await collect(client.reservation.listAll({ selectedState: 'Expiring', take: 5 }));
    const filtered = await collect(client.reservation.listAll({ filter: "properties/displayProvisioningState eq 'Expiring'" }));
    assert.ok(selected.length > 0);
    assert.deepEqual(idSet(selected), idSet(filtered));
  });

  test('summary counts match the visible reservations per display state', async () => {
    const counts = displayStates(all);
    for (const refresh of ['', '&refreshSummary=true']) {
      const res = await server.call('GET', `${LIST_ALL}?${API}&take=5${refresh}`, { token });
      assert.equal(res.status, 200);
      const summary = res.body.summary;
      assert.ok(summary, 'the first page carries the summary');
      let total = 0;
      for (const [stateName, key] of Object.entries(SUMMARY_KEYS)) {
        assert.equal(summary[key], counts.get(stateName) ?? 0, `${key}${refresh}`);
        total += summary[key];
      }
      assert.equal(total, all.length, 'the summary counts every visible reservation once');
    }
    // Several states actually occur, so the per-state comparison means something.
    assert.ok(['Succeeded', 'Expiring', 'Expired', 'Cancelled'].every((s) => (counts.get(s) ?? 0) > 0), JSON.stringify([...counts]));
  });

  test('summary follows $filter but not selectedState', async () => {
    const filter = "properties/reservedResourceType eq 'VirtualMachines'";
    const vms = all.filter(isVm);
    const res = await server.call('GET', `${LIST_ALL}?${API}&refreshSummary=true&$filter=${encodeURIComponent(filter)}`, { token });
    assert.equal(res.status, 200);
    const counts = displayStates(vms);
    let total = 0;
    for (const [stateName, key] of Object.entries(SUMMARY_KEYS)) {
      assert.equal(res.body.summary[key], counts.get(stateName) ?? 0, `${key} among virtual machines`);
      total += res.body.summary[key];
    }
    assert.equal(total, vms.length);
    assert.equal(res.body.value.length, Math.min(100, vms.length));

    const selected = await server.call('GET', `${LIST_ALL}?${API}&refreshSummary=true&selectedState=Expiring`, { token });
    assert.equal(selected.status, 200);
    assert.ok(selected.body.value.every((r: any) => r.properties.displayProvisioningState === 'Expiring'));
    assert.equal(selected.body.summary.expiringCount, selected.body.value.length);
    assert.equal(selected.body.summary.succeededCount, displayStates(all).get('Succeeded'), 'the summary still counts the other states');
  });

  test('nextLink is absolute, on this server, and keeps api-version and the query', async () => {
    const filter = "properties/displayProvisioningState eq 'Succeeded'";
    const res = await server.call('GET', `${LIST_ALL}?${API}&take=3&$orderby=${encodeURIComponent('properties/expiryDate desc')}&$filter=${encodeURIComponent(filter)}`, { token });
    assert.equal(res.status, 200);
    const next = new URL(res.body.nextLink);
    assert.equal(next.origin, server.httpUrl);
    assert.equal(next.searchParams.get('api-version'), '2022-11-01');
    assert.equal(next.searchParams.get('$filter'), filter);
    assert.equal(next.searchParams.get('$orderby'), 'properties/expiryDate desc');
    assert.equal(next.searchParams.get('take'), '3');
    const second = await server.call('GET', `${next.pathname}${next.search}`, { token });
    assert.equal(second.status, 200);
    assert.equal(second.body.value.length, 3);
    const firstIds = new Set(res.body.value.map((r: any) => r.id));
    assert.ok(second.body.value.every((r: any) => !firstIds.has(r.id)), 'the second page continues after the first');
    const last = await server.call('GET', `${LIST_ALL}?${API}&take=1000`, { token });
    assert.equal(last.body.value.length, all.length);
    assert.equal(last.body.nextLink, undefined, 'no nextLink after the last page');
  });

  test('an invalid filter or orderby is a 400 the client raises as RestError', async () => {
    for (const filter of [
      "properties/displayProvisioningState eq 'Expiring' and",
      "properties/displayProvisioningState eq 'Nonsense'",
      "properties/noSuchProperty eq 'x'",
      "properties/reservedResourceType eq 'Spaceships'",
      "properties/displayProvisioningState eq 'Expiring",
      "properties/quantity eq 'many'",
    ]) {
      await expectRestError(() => collect(client.reservation.listAll({ filter })), 400, 'InvalidFilter');
    }
    await expectRestError(() => collect(client.reservation.listAll({ orderby: 'properties/expiryDate sideways' })), 400, 'InvalidOrderBy');
    await expectRestError(() => collect(client.reservation.listAll({ orderby: 'properties/secret desc' })), 400, 'InvalidOrderBy');
    const raw = await server.call('GET', `${LIST_ALL}?${API}&$filter=${encodeURIComponent('properties/term eq')}`, { token });
    assert.equal(raw.status, 400);
    assert.equal(raw.body.error.code, 'InvalidFilter');
    assert.match(raw.body.error.message, /filter/i);
  });
});
