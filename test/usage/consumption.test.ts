import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { CONTOSO_ID, pickReservation, setDays, type PickedReservation } from './usage-fixtures.ts';

const V = '2024-08-01';
const orderPath = (r: PickedReservation) => `/providers/Microsoft.Capacity/reservationorders/${r.orderId}/providers/Microsoft.Consumption`;
const resPath = (r: PickedReservation) => `/providers/Microsoft.Capacity/reservationorders/${r.orderId}/reservations/${r.id}/providers/Microsoft.Consumption`;
const filter = (from: string, to: string) => encodeURIComponent(`properties/usageDate ge ${from} and properties/usageDate le ${to}`);

describeEachEngine('Consumption reservationSummaries and reservationDetails', (engine) => {
  let server: TestServer;
  let token: string;
  let r: PickedReservation;
  /** Every reservation of r's order, for the order-level listings. */
  let orderReservations: string[];

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    r = await pickReservation(server.ctx, CONTOSO_ID);
    const siblings = await server.ctx.store.db.selectFrom('reservations').select('id').where('order_id', '=', r.orderId).execute();
    orderReservations = siblings.map((s) => s.id);
    // Only r has data in the order: its siblings' rows are removed so the order-level sums are r's.
    for (const id of orderReservations) await setDays(server.ctx, id, []);
    // A reservation bought at 13:00 on 30 October: 11 hours on its first day (rules §6).
    await setDays(server.ctx, r.id, [
      { date: '2026-10-30', reserved: 11, used: 5.5, min: 0, avg: 50, max: 100 },
      { date: '2026-10-31', reserved: 24, used: 18, min: 50, avg: 75, max: 100 },
      { date: '2026-11-01', reserved: 24, used: 24, min: 100, avg: 100, max: 100 },
      { date: '2026-11-02', reserved: 24, used: 12, min: 25, avg: 50, max: 75 },
    ]);
    await server.ctx.store.db.insertInto('reservation_usage_details').values([
      { reservation_id: r.id, usage_date: '2026-10-31', instance_id: '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-a', sku_name: 'Standard_D2s_v3', instance_flexibility_group: 'DSv3 Series', instance_flexibility_ratio: 1, reserved_hours: 24, used_hours: 12, hourly: null },
      { reservation_id: r.id, usage_date: '2026-10-31', instance_id: '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-b', sku_name: 'Standard_D4s_v3', instance_flexibility_group: 'DSv3 Series', instance_flexibility_ratio: 2, reserved_hours: 24, used_hours: 6, hourly: null },
      { reservation_id: r.id, usage_date: '2026-11-01', instance_id: '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-a', sku_name: 'Standard_D2s_v3', instance_flexibility_group: 'DSv3 Series', instance_flexibility_ratio: 1, reserved_hours: 24, used_hours: 24, hourly: null },
    ]).execute();
  });
  after(async () => server?.close());

  test('daily grain: one row per day in the range, the stored figures in the ARM shape', async () => {
    const res = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${filter('2026-10-31', '2026-11-01')}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.nextLink, undefined);
    assert.equal(res.body.value.length, 2);
    const [first, second] = res.body.value;
    assert.equal(first.type, 'Microsoft.Consumption/reservationSummaries');
    assert.equal(first.id, `providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.id}/providers/Microsoft.Consumption/reservationSummaries/20261031`);
    assert.equal(first.name, `${r.orderId}_${r.id}_20261031`);
    assert.deepEqual(first.properties, {
      reservationOrderId: r.orderId, reservationId: r.id, skuName: r.skuName, kind: 'Reservation',
      reservedHours: 24, usageDate: '2026-10-31T00:00:00Z', usedHours: 18,
      minUtilizationPercentage: 50, avgUtilizationPercentage: 75, maxUtilizationPercentage: 100,
      purchasedQuantity: r.quantity, totalReservedQuantity: r.quantity,
      usedQuantity: Math.round(r.quantity * 0.75 * 10_000) / 10_000,
      remainingQuantity: Math.round((r.quantity - Math.round(r.quantity * 0.75 * 10_000) / 10_000) * 10_000) / 10_000,
      utilizedPercentage: 75,
    });
    assert.equal(second.properties.usageDate, '2026-11-01T00:00:00Z');
    assert.equal(second.properties.usedHours, 24);
  });

  test('monthly grain: sums per month, min of minimums, max of maximums, average weighted by reserved hours', async () => {
    const res = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=${V}&grain=monthly&$filter=${filter('2026-10-01', '2026-11-30')}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [oct, nov] = res.body.value.map((v: any) => v.properties);
    // October: 11 + 24 reserved, 5.5 + 18 used; average (50×11 + 75×24) ÷ 35 = 2350 ÷ 35 = 67.142857…
    assert.equal(oct.usageDate, '2026-10-01T00:00:00Z');
    assert.equal(oct.reservedHours, 35);
    assert.equal(oct.usedHours, 23.5);
    assert.equal(oct.minUtilizationPercentage, 0);
    assert.equal(oct.maxUtilizationPercentage, 100);
    assert.equal(oct.avgUtilizationPercentage, 67.14);
    assert.equal(oct.utilizedPercentage, 67.14);
    // November: 24 + 24 reserved, 24 + 12 used; average (100×24 + 50×24) ÷ 48 = 75.
    assert.equal(nov.usageDate, '2026-11-01T00:00:00Z');
    assert.equal(nov.reservedHours, 48);
    assert.equal(nov.usedHours, 36);
    assert.equal(nov.minUtilizationPercentage, 25);
    assert.equal(nov.maxUtilizationPercentage, 100);
    assert.equal(nov.avgUtilizationPercentage, 75);
    assert.equal(res.body.value[1].name, `${r.orderId}_${r.id}_20261101`);
    // The range cuts months: only 2 November of November.
    const cut = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=${V}&grain=monthly&$filter=${filter('2026-11-02', '2026-11-30')}`, { token });
    assert.deepEqual(cut.body.value.map((v: any) => [v.properties.reservedHours, v.properties.usedHours]), [[24, 12]]);
    // Without a $filter, monthly covers everything stored.
    const all = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=${V}&grain=Monthly`, { token });
    assert.equal(all.status, 200);
    assert.equal(all.body.value.length, 2);
  });

  test('the order path lists the reservations of the order; paging keeps the api-version in nextLink', async () => {
    const res = await server.call('GET', `${orderPath(r)}/reservationSummaries?api-version=2026-06-01&grain=daily&$filter=${filter('2026-10-01', '2026-11-30')}&$top=3`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.value.length, 3);
    const next = new URL(res.body.nextLink);
    assert.equal(next.searchParams.get('api-version'), '2026-06-01');
    assert.equal(next.searchParams.get('grain'), 'daily');
    assert.equal(next.searchParams.get('$skiptoken'), '3');
    const page2 = await server.call('GET', `${next.pathname}${next.search}`, { token });
    assert.equal(page2.status, 200, JSON.stringify(page2.body));
    assert.equal(page2.body.value.length, 1);
    assert.equal(page2.body.nextLink, undefined);
    const dates = [...res.body.value, ...page2.body.value].map((v: any) => v.properties.usageDate.slice(0, 10));
    assert.deepEqual(dates, ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
  });

  test('$filter: case-insensitive keywords and property, quoted dates, either order', async () => {
    for (const f of [
      'Properties/UsageDate GE 2026-10-31 AND properties/usagedate LE 2026-11-01',
      "properties/usageDate le '2026-11-01' and properties/usageDate ge '2026-10-31'",
    ]) {
      const res = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${encodeURIComponent(f)}`, { token });
      assert.equal(res.status, 200, `${f}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.value.length, 2, f);
    }
  });

  test('bad grain, filter or api-version: an ARM error and nothing else', async () => {
    const cases: Array<[string, number, string]> = [
      [`${resPath(r)}/reservationSummaries?api-version=${V}&$filter=${filter('2026-10-01', '2026-10-31')}`, 400, 'InvalidParameter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=weekly&$filter=${filter('2026-10-01', '2026-10-31')}`, 400, 'InvalidParameter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${encodeURIComponent('properties/usageDate gt 2026-10-01 and properties/usageDate le 2026-10-31')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${encodeURIComponent('properties/usageDate ge 2026-10-01')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${encodeURIComponent('properties/usageDate ge 2026-10-01 or properties/usageDate le 2026-10-31')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${filter('2026-11-01', '2026-10-01')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${filter('2026-02-30', '2026-03-01')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${encodeURIComponent('properties/usageDate ge 2026-10-01 and properties/usageDate ge 2026-10-31')}`, 400, 'InvalidFilter'],
      [`${resPath(r)}/reservationSummaries?api-version=2022-11-01&grain=daily&$filter=${filter('2026-10-01', '2026-10-31')}`, 400, 'InvalidApiVersionParameter'],
      [`${resPath(r)}/reservationSummaries?grain=daily&$filter=${filter('2026-10-01', '2026-10-31')}`, 400, 'MissingApiVersionParameter'],
      [`${resPath(r)}/reservationDetails?api-version=${V}`, 400, 'InvalidFilter'],
      [`${orderPath(r)}/reservationDetails?api-version=${V}&$filter=${encodeURIComponent('properties/usageDate eq 2026-10-31')}`, 400, 'InvalidFilter'],
    ];
    for (const [path, status, code] of cases) {
      const res = await server.call('GET', path, { token });
      assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code, path);
      assert.equal(typeof res.body.error.message, 'string');
    }
    // 2023-05-01 is accepted too.
    const old = await server.call('GET', `${resPath(r)}/reservationSummaries?api-version=2023-05-01&grain=daily&$filter=${filter('2026-10-31', '2026-10-31')}`, { token });
    assert.equal(old.status, 200);
  });

  test('details: one row per consuming resource and day, with size, flexibility group and ratio', async () => {
    const res = await server.call('GET', `${orderPath(r)}/reservationDetails?api-version=${V}&$filter=${filter('2026-10-31', '2026-10-31')}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.value.length, 2);
    const [a, b] = res.body.value;
    assert.equal(a.type, 'Microsoft.Consumption/reservationDetails');
    assert.deepEqual(a.properties, {
      reservationOrderId: r.orderId, reservationId: r.id, skuName: 'Standard_D2s_v3', kind: 'Reservation',
      reservedHours: 24, usageDate: '2026-10-31T00:00:00Z', usedHours: 12,
      instanceId: '/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm-a',
      instanceFlexibilityGroup: 'DSv3 Series', instanceFlexibilityRatio: 1, totalReservedQuantity: r.quantity,
    });
    assert.equal(b.properties.skuName, 'Standard_D4s_v3');
    assert.equal(b.properties.instanceFlexibilityRatio, 2);
    assert.equal(b.properties.usedHours, 6);
    assert.notEqual(a.name, b.name);
    const paged = await server.call('GET', `${resPath(r)}/reservationDetails?api-version=${V}&$filter=${filter('2026-10-01', '2026-11-30')}&$top=2`, { token });
    assert.equal(paged.body.value.length, 2);
    const next = new URL(paged.body.nextLink);
    assert.equal(next.searchParams.get('api-version'), V);
    const rest = await server.call('GET', `${next.pathname}${next.search}`, { token });
    assert.deepEqual(rest.body.value.map((v: any) => v.properties.usageDate), ['2026-11-01T00:00:00Z']);
  });

  test("another tenant's order or reservation is not found, on every path", async () => {
    const fabrikam = await server.token(FABRIKAM_AGENT);
    const paths: Array<[string, string]> = [
      [`${orderPath(r)}/reservationSummaries?api-version=${V}&grain=daily&$filter=${filter('2026-10-01', '2026-11-30')}`, 'ReservationOrderNotFound'],
      [`${resPath(r)}/reservationSummaries?api-version=${V}&grain=monthly`, 'ReservationNotFound'],
      [`${orderPath(r)}/reservationDetails?api-version=${V}&$filter=${filter('2026-10-01', '2026-11-30')}`, 'ReservationOrderNotFound'],
      [`${resPath(r)}/reservationDetails?api-version=${V}&$filter=${filter('2026-10-01', '2026-11-30')}`, 'ReservationNotFound'],
    ];
    for (const [path, code] of paths) {
      const res = await server.call('GET', path, { token: fabrikam });
      assert.equal(res.status, 404, path);
      assert.equal(res.body.error.code, code, path);
      assert.equal(res.body.value, undefined);
    }
    const anonymous = await server.call('GET', paths[0]![0]);
    assert.equal(anonymous.status, 401);
  });
});
