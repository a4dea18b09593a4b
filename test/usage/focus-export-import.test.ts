import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import { isCurrency } from '../../src/domain/money.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import { nanoToMinor } from '../../src/seed/focus-decimal.ts';
import { seedDemoUsage, type DemoUsageReport } from '../../src/seed/focus-demo.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { describeEachEngine, openTestStore } from '../support/engines.ts';
import { TEST_NOW } from '../support/test-server.ts';

/**
 * The demo seed's usage path end to end: a generated FOCUS export of the last days, imported
 * through importUsage, must give back the utilization the generator meant, hour-exact.
 */
describeEachEngine('generated FOCUS export → importUsage', (engine) => {
  let ctx: AppContext;
  let report: DemoUsageReport;
  /** Split parts and merge results: their benefit start is stored two ways; left out (see report). */
  let reshaped: Set<string>;

  before(async () => {
    const store = await openTestStore(engine);
    ctx = { store, clock: new ManualClock(TEST_NOW), config: { ...defaultConfig } };
    await seedDemo(ctx, { reservationsPerCustomer: 3 });
    report = await seedDemoUsage(ctx, { days: 3, trackIntended: true });
    const rows = await store.db.selectFrom('reservations').select(['id', 'split_source', 'merge_sources']).execute();
    reshaped = new Set(rows.filter((r) => r.split_source !== null || r.merge_sources !== '[]').map((r) => r.id));
  });
  after(async () => ctx?.store.close());

  it('imports every generated row, rejecting and skipping none', () => {
    const s = report.import;
    assert.equal(s.rowsRejected, 0, JSON.stringify(s.rejections.slice(0, 3)));
    assert.equal(s.rowsRead, report.export.rows);
    assert.equal(s.rowsImported, report.export.rows);
    assert.deepEqual(s.unknownReservations, []);
    assert.equal(report.from, '2026-11-24');
    assert.equal(report.to, '2026-11-27');
    assert.ok(report.export.usedRows > 100 && report.export.unusedRows > 100 && report.export.onDemandRows > 100);
  });

  it('computes per reservation and day the reserved, used, min, average and max the generator meant', async () => {
    const intended = report.export.intended!.reservationDays.filter((d) => !reshaped.has(d.reservationId));
    assert.ok(intended.length > 50);
    const rows = await ctx.store.db.selectFrom('utilization_daily').selectAll()
      .where('usage_date', '>=', report.from).where('usage_date', '<', report.to).execute();
    const byKey = new Map(rows.map((r) => [`${r.reservation_id}|${r.usage_date}`, r]));
    for (const d of intended) {
      const row = byKey.get(`${d.reservationId}|${d.usageDate}`);
      assert.ok(row, `utilization of ${d.reservationId} on ${d.usageDate}`);
      const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-4, `${d.reservationId} ${d.usageDate} ${what}: imported ${a}, meant ${b}`);
      near(Number(row.reserved_hours), d.reservedHours, 'reserved hours');
      near(Number(row.used_hours), d.usedHours, 'used hours');
      near(Number(row.min_pct), d.minPct, 'min %');
      near(Number(row.avg_pct), d.avgPct, 'avg %');
      near(Number(row.max_pct), d.maxPct, 'max %');
    }
  });

  it('keeps each consuming resource\'s normalized hours, other sizes of the group by their ratio', async () => {
    const intended = report.export.intended!.reservationDays.filter((d) => !reshaped.has(d.reservationId));
    const rows = await ctx.store.db.selectFrom('reservation_usage_details').selectAll()
      .where('usage_date', '>=', report.from).where('usage_date', '<', report.to).execute();
    const byKey = new Map(rows.map((r) => [`${r.reservation_id}|${r.usage_date}|${r.instance_id}`, r]));
    let flex = 0;
    for (const d of intended) {
      for (const [instanceId, meant] of Object.entries(d.byInstance)) {
        const row = byKey.get(`${d.reservationId}|${d.usageDate}|${instanceId}`);
        assert.ok(row, `details of ${instanceId}`);
        assert.equal(row.sku_name, meant.skuName);
        assert.ok(Math.abs(Number(row.used_hours) - meant.usedHours) < 1e-4, `${instanceId}: ${row.used_hours} ≠ ${meant.usedHours}`);
        assert.ok(Math.abs(Number(row.instance_flexibility_ratio) - meant.ratio) < 1e-9);
        if (meant.ratio !== 1) flex++;
      }
    }
    assert.ok(flex > 0, 'some usage came from another size of the flexibility group');
  });

  it('sums on-demand usage per subscription, size, region and day with its concurrency and cost', async () => {
    const intended = report.export.intended!.uncoveredDays;
    assert.ok(intended.length > 10);
    const rows = await ctx.store.db.selectFrom('uncovered_usage_daily').selectAll()
      .where('usage_date', '>=', report.from).where('usage_date', '<', report.to).execute();
    const byKey = new Map(rows.map((r) => [`${r.subscription_id}|${r.sku_name}|${r.region}|${r.usage_date}`, r]));
    for (const d of intended) {
      const row = byKey.get(`${d.subscriptionId}|${d.skuName}|${d.region}|${d.usageDate}`);
      assert.ok(row, `uncovered usage ${d.subscriptionId} ${d.skuName} ${d.region} ${d.usageDate}`);
      assert.equal(row.resource_type, 'VirtualMachines');
      assert.equal(row.customer_id, d.customerId);
      assert.equal(Number(row.usage_hours), d.usageHours);
      assert.equal(row.currency, d.currency);
      assert.ok(isCurrency(d.currency));
      assert.equal(Number(row.cost_minor), nanoToMinor(d.costNano, d.currency));
    }
    // Concurrency over the hours: the steady base and the peak, workloads of one size added up.
    for (const d of intended) {
      const row = byKey.get(`${d.subscriptionId}|${d.skuName}|${d.region}|${d.usageDate}`)!;
      assert.equal(Number(row.min_hourly_instances), d.minHourlyInstances);
      assert.equal(Number(row.max_hourly_instances), d.maxHourlyInstances);
    }
    assert.equal(rows.length, intended.length);
  });

  it('re-importing the same export changes nothing', async () => {
    const snapshot = async () => JSON.stringify(await ctx.store.db.selectFrom('utilization_daily').selectAll()
      .where('usage_date', '>=', report.from).orderBy('reservation_id').orderBy('usage_date').execute());
    const before = await snapshot();
    const again = await seedDemoUsage(ctx, { days: 3 });
    assert.equal(again.import.rowsImported, report.export.rows);
    assert.equal(await snapshot(), before);
  });
});
