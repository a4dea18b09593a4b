import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { CATALOG_SKUS } from '../../src/seed/catalog-data.ts';
import { FOCUS_COST_1_0_COLUMNS } from '../../src/seed/focus-columns.ts';
import { writeFocusExport, writeFocusExportFiles } from '../../src/seed/focus-export.ts';
import { exportText, OPTIONS, parseCsv, RESERVATIONS, WINDOW } from './focus-export-support.ts';

const HOUR = 3_600_000;
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const MONEY = ['BilledCost', 'ContractedCost', 'EffectiveCost', 'ListCost', 'x_BilledCostInUsd', 'x_ContractedCostInUsd', 'x_EffectiveCostInUsd', 'x_ListCostInUsd'] as const;
const skus = new Map(CATALOG_SKUS.map((s) => [s.name, s]));

async function rows() {
  const { text, stats } = await exportText(OPTIONS);
  const [header, ...data] = parseCsv(text);
  const col = (name: string) => header!.indexOf(name);
  return { text, stats, header: header!, data, col };
}

describe('FOCUS export generator', () => {
  it('writes the 96 FocusCost 1.0 columns in Microsoft\'s order, every row as wide', async () => {
    const { header, data } = await rows();
    assert.equal(header.length, 96);
    assert.deepEqual(header, [...FOCUS_COST_1_0_COLUMNS]);
    assert.equal(header[0], 'BilledCost');
    assert.equal(header[95], 'x_SkuTier');
    for (const r of data) assert.equal(r.length, 96);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    const a = await exportText(OPTIONS);
    const b = await exportText(OPTIONS);
    const c = await exportText({ ...OPTIONS, seed: 43 });
    assert.equal(sha(a.text), sha(b.text));
    assert.notEqual(sha(a.text), sha(c.text));
    assert.equal(a.stats.bytes, Buffer.byteLength(a.text));
  });

  it('gives an hour the same figures whatever range is exported', async () => {
    const whole = await exportText({ ...OPTIONS, trackIntended: false });
    const lastDay = await exportText({ ...OPTIONS, from: new Date('2026-11-03T00:00:00Z'), trackIntended: false });
    // Rows whose ChargePeriodStart (column 13) falls on the last day.
    const dayRows = (text: string) => parseCsv(text).slice(1).filter((r) => r[12]!.startsWith('2026-11-03')).map((r) => r.join(','));
    const expected = dayRows(whole.text);
    assert.ok(expected.length > 50);
    assert.equal(sha(dayRows(lastDay.text).join('\n')), sha(expected.join('\n')));
    assert.equal(lastDay.stats.rows, expected.length);
  });

  it('keeps Used + Unused hours of every reservation-hour equal to quantity × the active share of the hour', async () => {
    const { data, col } = await rows();
    const perHour = new Map<string, number>();
    for (const r of data) {
      const cdi = r[col('CommitmentDiscountId')]!;
      if (cdi === '') continue;
      const status = r[col('CommitmentDiscountStatus')]!;
      const q = Number(r[col('ConsumedQuantity')]);
      const details = JSON.parse(r[col('x_SkuDetails')]!) as { RINormalizationRatio?: number };
      const normalized = status === 'Used' ? q * (details.RINormalizationRatio ?? 1) : q;
      const key = `${cdi}|${r[col('ChargePeriodStart')]}`;
      perHour.set(key, (perHour.get(key) ?? 0) + normalized);
    }
    let checked = 0;
    for (const res of RESERVATIONS) {
      const cdi = `/providers/Microsoft.Capacity/reservationOrders/${res.orderId}/reservations/${res.id}`;
      for (let t = WINDOW.from.getTime(); t < WINDOW.to.getTime(); t += HOUR) {
        const active = Math.max(0, Math.min(t + HOUR, res.activeTo.getTime()) - Math.max(t, res.activeFrom.getTime())) / HOUR;
        const key = `${cdi}|${new Date(t).toISOString().slice(0, 16)}Z`;
        const got = perHour.get(key);
        if (active === 0) {
          assert.equal(got, undefined, `no rows outside the active period (${key})`);
          continue;
        }
        assert.ok(Math.abs(got! - res.quantity * active) < 1e-6, `${key}: ${got} ≠ ${res.quantity} × ${active}`);
        checked++;
      }
    }
    // 5 reservations × 72 hours, less the hours before the first one started (13) and after the return (37).
    assert.equal(checked, 5 * 72 - 13 - 37);
  });

  it('reports other sizes of the flexibility group with their ratio to the reserved size', async () => {
    const { data, col } = await rows();
    const used = data.filter((r) => r[col('CommitmentDiscountStatus')] === 'Used');
    const seen = new Set<string>();
    for (const r of used) {
      const details = JSON.parse(r[col('x_SkuDetails')]!) as { ServiceType: string; RINormalizationRatio?: number };
      const reservation = RESERVATIONS.find((x) => r[col('CommitmentDiscountId')]!.endsWith(x.id))!;
      if (details.ServiceType === reservation.skuName) continue;
      const reserved = skus.get(reservation.skuName)!;
      const consuming = skus.get(details.ServiceType)!;
      assert.equal(consuming.flexGroup, reserved.flexGroup);
      assert.equal(details.RINormalizationRatio, consuming.flexRatio! / reserved.flexRatio!);
      seen.add(`${reservation.skuName}→${details.ServiceType}=${details.RINormalizationRatio}`);
    }
    assert.ok(seen.has('Standard_D8s_v5→Standard_D2s_v5=0.25'), [...seen].join(' '));
    assert.ok(seen.has('Standard_D2s_v5→Standard_D8s_v5=4'), [...seen].join(' '));
    // Flexibility off and the idle reservation: never consumed by another size, never Used.
    assert.ok(!used.some((r) => r[col('CommitmentDiscountId')]!.endsWith(RESERVATIONS[3]!.id)));
  });

  it('writes hourly charge periods, money as plain decimal strings, and on-demand rows without a commitment', async () => {
    const { data, col, stats } = await rows();
    for (const r of data) {
      const start = Date.parse(r[col('ChargePeriodStart')]!);
      assert.equal(Date.parse(r[col('ChargePeriodEnd')]!) - start, HOUR);
      assert.equal(start % HOUR, 0);
      for (const m of MONEY) assert.match(r[col(m)]!, /^\d+(\.\d{1,9})?$/, `${m} = ${r[col(m)]}`);
      assert.match(r[col('ConsumedQuantity')]!, /^\d+(\.\d+)?$/);
      // Costs are unit prices × quantity (to a nano-unit of rounding per hour).
      const q = Number(r[col('ConsumedQuantity')]);
      for (const [cost, unit] of [['ListCost', 'ListUnitPrice'], ['EffectiveCost', 'x_EffectiveUnitPrice']] as const) {
        assert.ok(Math.abs(Number(r[col(cost)]) - Number(r[col(unit)]) * q) < 1e-7 * (q + 1), `${cost} ${r[col(cost)]} ≠ ${r[col(unit)]} × ${q}`);
      }
    }
    const onDemand = data.filter((r) => r[col('PricingCategory')] === 'Standard');
    assert.equal(onDemand.length, stats.onDemandRows);
    assert.ok(onDemand.length > 0);
    for (const r of onDemand) {
      assert.equal(r[col('CommitmentDiscountId')], '');
      assert.equal(r[col('BilledCost')], r[col('EffectiveCost')]);
      assert.ok(Number(r[col('BilledCost')]) > 0);
    }
    // Reservation rows are amortized: nothing billed, the commitment's share in EffectiveCost.
    for (const r of data.filter((x) => x[col('PricingCategory')] === 'Committed')) assert.equal(r[col('BilledCost')], '0');
    assert.equal(stats.rows, data.length);
    assert.equal(stats.rows, stats.usedRows + stats.unusedRows + stats.onDemandRows);
  });

  it('returns what it meant: per reservation-day reserved and used hours that the rows add up to', async () => {
    const { data, col, stats } = await rows();
    const sums = new Map<string, { used: number; unused: number }>();
    for (const r of data) {
      const cdi = r[col('CommitmentDiscountId')]!;
      if (cdi === '') continue;
      const key = `${cdi.slice(-36)}|${r[col('ChargePeriodStart')]!.slice(0, 10)}`;
      const s = sums.get(key) ?? { used: 0, unused: 0 };
      const q = Number(r[col('ConsumedQuantity')]);
      if (r[col('CommitmentDiscountStatus')] === 'Used') s.used += q * ((JSON.parse(r[col('x_SkuDetails')]!) as { RINormalizationRatio?: number }).RINormalizationRatio ?? 1);
      else s.unused += q;
      sums.set(key, s);
    }
    const days = stats.intended!.reservationDays;
    assert.equal(days.length, sums.size);
    for (const d of days) {
      const s = sums.get(`${d.reservationId}|${d.usageDate}`)!;
      assert.ok(Math.abs(s.used - d.usedHours) < 1e-6);
      assert.ok(Math.abs(s.used + s.unused - d.reservedHours) < 1e-6);
      assert.ok(d.minPct <= d.avgPct && d.avgPct <= d.maxPct && d.maxPct <= 100);
    }
    const first = days.find((d) => d.reservationId === RESERVATIONS[0]!.id && d.usageDate === '2026-11-01')!;
    assert.ok(Math.abs(first.reservedHours - 3 * (10 + 40 / 60)) < 1e-9, 'bought 13:20: 10 h 40 min on its first day');
    const returned = days.find((d) => d.reservationId === RESERVATIONS[2]!.id && d.usageDate === '2026-11-02')!;
    assert.equal(returned.reservedHours, 2 * 10.75);
    const idle = days.filter((d) => d.reservationId === RESERVATIONS[3]!.id);
    assert.ok(idle.every((d) => d.usedHours === 0 && d.reservedHours === 48));
    // On-demand days: hours and cost add up to the rows.
    const demand = stats.intended!.uncoveredDays;
    const hours = data.filter((r) => r[col('PricingCategory')] === 'Standard').reduce((s, r) => s + Number(r[col('ConsumedQuantity')]), 0);
    assert.equal(demand.reduce((s, d) => s + d.usageHours, 0), hours);
    assert.ok(demand.every((d) => d.minHourlyInstances <= d.maxHourlyInstances && d.usageHours >= d.minHourlyInstances * 24));
  });

  it('writes gzip parts that gunzip to the same rows, each part with its header', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'focus-gz-'));
    try {
      const plain = await exportText({ ...OPTIONS, trackIntended: false });
      const result = await writeFocusExportFiles(dir, { ...OPTIONS, trackIntended: false, gzip: true, rowsPerFile: 200 });
      assert.equal(result.files.length, Math.ceil(plain.stats.rows / 200));
      assert.ok(result.files.every((f) => f.endsWith('.csv.gz')));
      const [header, ...expected] = plain.text.split('\n').filter(Boolean);
      const got: string[] = [];
      for (const f of result.files) {
        const [h, ...lines] = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8').split('\n').filter(Boolean);
        assert.equal(h, header);
        assert.ok(lines.length <= 200);
        got.push(...lines);
      }
      assert.deepEqual(got, expected);
      assert.equal(result.rows, plain.stats.rows);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a slow destination instead of buffering the export (backpressure)', async () => {
    let maxBuffered = 0;
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        setTimeout(done, 1);
      },
    });
    const watch = setInterval(() => { maxBuffered = Math.max(maxBuffered, slow.writableLength); }, 0);
    const stats = await writeFocusExport(slow, { ...OPTIONS, to: new Date('2026-11-11T00:00:00Z'), trackIntended: false });
    await new Promise<void>((resolve) => slow.end(resolve));
    clearInterval(watch);
    assert.equal(bytes, stats.bytes);
    assert.ok(stats.bytes > 1_000_000, `a few MB are written (${stats.bytes})`);
    // One chunk beyond the high-water mark at most: the writer waited for 'drain'.
    assert.ok(maxBuffered <= 64 * 1024 + 300 * 1024, `buffered ${maxBuffered} bytes`);
  });
});
