import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ManualClock } from '../../src/domain/clock.ts';
import { unusedCommitment, unusedHours, toMilliHours } from '../../src/domain/unused-commitment.ts';
import { runJobsOnce } from '../../src/jobs/runner.ts';
import { importUsage } from '../../src/services/usage/import-usage.ts';
import { ensureUsageWindowsCurrent, refreshUsageWindows, usageWindowsOutdated } from '../../src/services/usage-reports/usage-windows.ts';
import { windowStart } from '../../src/store/usage-window-queries.ts';
import { describeEachEngine } from '../support/engines.ts';
import { focusCsv } from './fixtures/focus-rows.ts';
import { handExport } from './fixtures/hand-export.ts';
import { openUsageWorld, type UsageWorld } from './fixtures/usage-world.ts';

/**
 * The portfolio rollup (reservation_usage_windows): kept current by the importer and by the day
 * rollover job, and equal to aggregating utilization_daily directly. The clock starts at
 * 2026-11-27T03:00Z: windows end 2026-11-26, the 7-day one starts 2026-11-20.
 */
describeEachEngine('portfolio rollup', (engine) => {
  let w: UsageWorld;
  let dir: string;
  let price: { unit: number; term: 'P1Y' | 'P3Y' | 'P5Y'; currency: string };

  const windowOf = (days: 7 | 30) => w.ctx.store.db.selectFrom('reservation_usage_windows').selectAll()
    .where('reservation_id', '=', w.reservationId).where('window_days', '=', days).executeTakeFirst();
  /** The expected unused money of `reserved` − `used` hours of the reservation under test, by the domain's reference. */
  const expectedMinor = (reserved: number, used: number) =>
    unusedCommitment(unusedHours(reserved, used), price.unit, price.term, price.currency as never).minor;

  before(async () => {
    w = await openUsageWorld(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollup-'));
    const o = await w.ctx.store.db.selectFrom('reservation_orders').select(['unit_price_minor', 'term', 'currency']).where('id', '=', w.orderId).executeTakeFirstOrThrow();
    price = { unit: Number(o.unit_price_minor), term: o.term as 'P1Y', currency: o.currency };
  });
  after(async () => {
    await w?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the demo seed leaves the windows computed for yesterday', async () => {
    assert.equal(await usageWindowsOutdated(w.ctx), false);
    const state = await w.ctx.store.db.selectFrom('usage_window_state').selectAll().orderBy('window_days').execute();
    assert.deepEqual(state.map((s) => [Number(s.window_days), s.end_date]), [[7, '2026-11-26'], [30, '2026-11-26']]);
  });

  test('an import refreshes the rollup of the reservations it touched, in its own flush', async () => {
    // The world's setup removed this reservation's daily rows without refreshing: the seed's figures are still there.
    const stale = await windowOf(7);
    assert.ok(stale, 'the seeded reservation had a 7-day row');
    assert.notEqual(Number(stale.reserved_hours), 70);
    const file = path.join(dir, 'export.csv');
    fs.writeFileSync(file, focusCsv(handExport(w)));
    await importUsage(w.ctx, { path: file });
    // Hand-computed (fixtures/hand-export.ts): 2026-11-20 22 reserved / 13 used, 2026-11-21 48 / 30 → 27 unused hours.
    for (const days of [7, 30] as const) {
      const row = await windowOf(days);
      assert.ok(row, `${days}-day row`);
      assert.equal(row.end_date, '2026-11-26');
      assert.equal(Number(row.reserved_hours), 70);
      assert.equal(Number(row.used_hours), 43);
      assert.equal(Number(row.unused_milli_hours), 27_000);
      assert.equal(Number(row.unused_minor), expectedMinor(70, 43));
      assert.equal(row.customer_id, w.customerId);
      assert.equal(row.partner_id, w.partnerId);
      assert.equal(row.currency, price.currency);
      // …and its customer's sum, which includes it.
      const customer = await w.ctx.store.db.selectFrom('customer_usage_windows').selectAll()
        .where('customer_id', '=', w.customerId).where('window_days', '=', days).where('currency', '=', price.currency).executeTakeFirstOrThrow();
      const all = await w.ctx.store.db.selectFrom('reservation_usage_windows').select((eb) => eb.fn.sum<number>('unused_minor').as('s'))
        .where('customer_id', '=', w.customerId).where('window_days', '=', days).executeTakeFirstOrThrow();
      assert.equal(Number(customer.unused_minor), Number(all.s));
    }
    assert.ok(expectedMinor(70, 43) > 0);
  });

  test('the day rollover job moves the windows; the figures follow', async () => {
    const clock = w.ctx.clock as ManualClock;
    // Same day: nothing to do.
    let report = (await runJobsOnce(w.ctx)).find((r) => r.job === 'usageWindows');
    assert.deepEqual(report?.result, { skipped: 1 });
    // Next day: the 7-day window is 2026-11-21 … 2026-11-27, so 2026-11-20 (22 reserved, 13 used) drops out of it.
    clock.advanceDays(1);
    assert.equal(await usageWindowsOutdated(w.ctx), true);
    report = (await runJobsOnce(w.ctx)).find((r) => r.job === 'usageWindows');
    assert.ok(report?.ran && report.result && report.result.rows! > 0, JSON.stringify(report));
    const week = await windowOf(7);
    assert.equal(week?.end_date, '2026-11-27');
    assert.equal(Number(week?.reserved_hours), 48);
    assert.equal(Number(week?.used_hours), 30);
    assert.equal(Number(week?.unused_minor), expectedMinor(48, 30));
    const month = await windowOf(30);
    assert.equal(Number(month?.reserved_hours), 70);
    // Eight days on, nothing of it is left in the 7-day window: its row is gone, not zero.
    // No job this time: the first portfolio request refreshes synchronously.
    clock.advanceDays(7);
    await ensureUsageWindowsCurrent(w.ctx);
    assert.equal(await usageWindowsOutdated(w.ctx), false);
    assert.equal(await windowOf(7), undefined);
    assert.equal((await windowOf(30))?.end_date, '2026-12-04');
    clock.advanceDays(-8);
  });

  test('the rollup equals aggregating utilization_daily directly over the demo data', async () => {
    await refreshUsageWindows(w.ctx);
    const db = w.ctx.store.db;
    const reservations = new Map((await db.selectFrom('reservations').innerJoin('reservation_orders', 'reservation_orders.id', 'reservations.order_id')
      .select(['reservations.id', 'reservations.partner_id', 'reservations.reseller_id', 'reservations.customer_id', 'reservation_orders.currency', 'reservation_orders.unit_price_minor', 'reservation_orders.term'])
      .execute()).map((r) => [r.id, r]));
    for (const days of [7, 30] as const) {
      const from = windowStart('2026-11-26', days);
      const expected = new Map<string, { reserved: number; used: number }>();
      for (const d of await db.selectFrom('utilization_daily').select(['reservation_id', 'reserved_hours', 'used_hours'])
        .where('usage_date', '>=', from).where('usage_date', '<=', '2026-11-26').execute()) {
        const e = expected.get(d.reservation_id) ?? { reserved: 0, used: 0 };
        e.reserved += Number(d.reserved_hours);
        e.used += Number(d.used_hours);
        expected.set(d.reservation_id, e);
      }
      const rows = await db.selectFrom('reservation_usage_windows').selectAll().where('window_days', '=', days).execute();
      assert.ok(expected.size > 50, `demo data has ${days}-day usage (${expected.size} reservations)`);
      assert.deepEqual(rows.map((r) => r.reservation_id).sort(), [...expected.keys()].sort(), `${days}: the same reservations`);
      let unused = 0;
      for (const r of rows) {
        const e = expected.get(r.reservation_id)!;
        const res = reservations.get(r.reservation_id)!;
        const what = `${days} days, reservation ${r.reservation_id}`;
        assert.ok(Math.abs(Number(r.reserved_hours) - e.reserved) < 1e-6, what);
        assert.ok(Math.abs(Number(r.used_hours) - e.used) < 1e-6, what);
        assert.equal(Number(r.unused_milli_hours), toMilliHours(unusedHours(e.reserved, e.used)), what);
        assert.equal(Number(r.unused_minor), unusedCommitment(unusedHours(e.reserved, e.used), Number(res.unit_price_minor), res.term as 'P1Y', res.currency as never).minor, what);
        assert.deepEqual([r.partner_id, r.reseller_id, r.customer_id, r.currency, r.end_date], [res.partner_id, res.reseller_id, res.customer_id, res.currency, '2026-11-26'], what);
        unused += Number(r.unused_minor);
      }
      assert.ok(unused > 0, 'some unused money in the demo data');
      // The per-customer sums are the sums of their reservations' rows.
      const sums = new Map<string, { n: number; minor: number; reserved: number }>();
      for (const r of rows) {
        const k = `${r.customer_id}|${r.currency}`;
        const e = sums.get(k) ?? { n: 0, minor: 0, reserved: 0 };
        sums.set(k, { n: e.n + 1, minor: e.minor + Number(r.unused_minor), reserved: e.reserved + Number(r.reserved_hours) });
      }
      const customers = await db.selectFrom('customer_usage_windows').selectAll().where('window_days', '=', days).execute();
      assert.equal(customers.length, sums.size);
      for (const c of customers) {
        const e = sums.get(`${c.customer_id}|${c.currency}`);
        assert.ok(e, `customer ${c.customer_id}`);
        assert.equal(Number(c.reservations), e.n);
        assert.equal(Number(c.unused_minor), e.minor);
        assert.ok(Math.abs(Number(c.reserved_hours) - e.reserved) < 1e-6);
      }
    }
  });
});
