import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { importUsage } from '../../src/services/usage/import-usage.ts';
import { UsageFileError } from '../../src/services/usage/usage-model.ts';
import { describeEachEngine } from '../support/engines.ts';
import { FOCUS_COLUMNS, focusCsv, usedHours } from './fixtures/focus-rows.ts';
import { detailsOf, EXPECTED_UTILIZATION, handExport, utilizationOf } from './fixtures/hand-export.ts';
import { openUsageWorld, type UsageWorld } from './fixtures/usage-world.ts';

/**
 * Files as they come: gzip, CRLF and BOM, folders of export parts, re-imports and overlapping
 * exports, corrupt rows and files, and Consumption reservation details in JSON and CSV.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-ingest-files-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describeEachEngine('usage ingest: files, re-imports and corrupt input', (engine) => {
  let w: UsageWorld;
  let dir: string;
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  before(async () => {
    w = await openUsageWorld(engine);
    dir = fs.mkdtempSync(path.join(tmp, `${engine}-`));
  });
  after(() => w.close());

  test('gzip is recognized by its magic bytes (whatever the name), with CRLF line ends and a BOM', async () => {
    const file = write('export.csv', zlib.gzipSync(focusCsv(handExport(w), { eol: '\r\n', bom: true })));
    const s = await importUsage(w.ctx, { path: file });
    assert.equal(s.rowsRejected, 0, JSON.stringify(s.rejections));
    assert.equal(s.rowsImported, 63);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('importing the same export again changes nothing', async () => {
    const before = await detailsOf(w);
    const s = await importUsage(w.ctx, { path: write('again.csv', focusCsv(handExport(w))) });
    assert.equal(s.rowsImported, 63);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
    assert.deepEqual(await detailsOf(w), before);
  });

  test('an overlapping export replaces the hours it carries instead of adding to them', async () => {
    const base = { orderId: w.orderId, reservationId: w.reservationId, subscriptionId: w.subscriptionId };
    // A corrected export of 2026-11-21 00:00–06:00: vm-a as before, vm-c did not run after all.
    const corrected = [
      ...usedHours({ ...base, vm: 'vm-a', size: 'Standard_D4s_v5', date: '2026-11-21', from: 0, to: 6, ratio: 1 }),
      ...usedHours({ ...base, vm: 'vm-c', size: 'Standard_D8s_v5', date: '2026-11-21', from: 0, to: 6, ratio: 2, quantity: 0 }),
    ];
    await importUsage(w.ctx, { path: write('corrected.csv', focusCsv(corrected)) });
    assert.deepEqual(await utilizationOf(w), [
      EXPECTED_UTILIZATION[0],
      { date: '2026-11-21', reserved: 48, used: 24, min: 50, avg: 50, max: 50 },
    ]);
    // And the original export brings the original figures back.
    await importUsage(w.ctx, { path: write('original.csv', focusCsv(handExport(w))) });
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('a folder of export parts (nested, some gzip-compressed, beside a manifest) is read whole', async () => {
    const rows = handExport(w);
    const half = Math.floor(rows.length / 2);
    const folder = path.join(dir, 'export-folder');
    write('export-folder/20261101-20261130/part_0_0001.csv.gz', zlib.gzipSync(focusCsv(rows.slice(0, half))));
    write('export-folder/20261101-20261130/part_0_0002.csv', focusCsv(rows.slice(half)));
    write('export-folder/20261101-20261130/manifest.json', JSON.stringify({ manifestVersion: '2024-04-01', blobCount: 2 }));
    const s = await importUsage(w.ctx, { path: folder });
    assert.equal(s.rowsRead, rows.length);
    assert.equal(s.rowsImported, 63);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('corrupt rows are rejected with their line and reason, and none of them applies even partly', async () => {
    const good = handExport(w);
    const base = { orderId: w.orderId, reservationId: w.reservationId, subscriptionId: w.subscriptionId };
    const hour15 = usedHours({ ...base, vm: 'vm-a', size: 'Standard_D4s_v5', date: '2026-11-20', from: 15, to: 16, ratio: 1 })[0]!;
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    const bad = [
      { ...hour15, ConsumedQuantity: 'abc' },
      { ...hour15, ConsumedQuantity: '0', ChargePeriodStart: '20/11/2026 15:00' },
      { ...hour15, ConsumedQuantity: '0', x_SkuDetails: '{"ServiceType":"Standard_D4s_v5","RINormalizationRatio":"zero"}' },
      { ...hour15, ConsumedQuantity: '0', CommitmentDiscountStatus: 'Half' },
      ...usedHours({ ...base, reservationId: unknown, vm: 'vm-x', size: 'Standard_D4s_v5', date: '2026-11-20', from: 0, to: 2 }),
    ];
    const lines = focusCsv([...good, ...bad]).split('\n');
    // A line with broken quoting, as line good.length + 6.
    lines.splice(good.length + 5, 0, `${lines[2]!.slice(0, 20)}"oops,1`);
    const file = write('corrupt.csv', lines.join('\n'));
    const s = await importUsage(w.ctx, { path: file });
    const first = good.length + 2;
    assert.deepEqual(s.rejections.map((r) => r.line), [first, first + 1, first + 2, first + 3, first + 4]);
    assert.match(s.rejections[0]!.reason, /ConsumedQuantity 'abc' is not a non-negative number/);
    assert.match(s.rejections[1]!.reason, /ChargePeriodStart '20\/11\/2026 15:00' is not an ISO-8601 UTC date-time/);
    assert.match(s.rejections[2]!.reason, /RINormalizationRatio 'zero' is not a positive number/);
    assert.match(s.rejections[3]!.reason, /CommitmentDiscountStatus 'Half' is neither Used nor Unused/);
    assert.match(s.rejections[4]!.reason, /bad quoting/);
    assert.equal(s.rowsRejected, 5);
    assert.deepEqual(s.unknownReservations, [{ reservationId: unknown, rows: 2 }]);
    assert.equal(s.rowsRead, good.length + bad.length + 1);
    assert.equal(s.rowsImported + s.rowsSkipped + s.rowsRejected, s.rowsRead);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('a file missing a required column is refused as a whole, with the column named, and nothing is imported', async () => {
    const columns = FOCUS_COLUMNS.filter((c) => c !== 'ConsumedQuantity');
    const base = { orderId: w.orderId, reservationId: w.reservationId, subscriptionId: w.subscriptionId };
    const rows = usedHours({ ...base, vm: 'vm-z', size: 'Standard_D4s_v5', date: '2026-11-20', from: 13, to: 24, ratio: 1 });
    const file = write('no-quantity.csv', focusCsv(rows, { columns }));
    await assert.rejects(importUsage(w.ctx, { path: file }), (err: Error) => err instanceof UsageFileError && /missing required FOCUS column: ConsumedQuantity/.test(err.message));
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
    const failed = await w.ctx.store.db.selectFrom('usage_imports').selectAll().where('file_name', '=', file).executeTakeFirstOrThrow();
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /ConsumedQuantity/);
  });

  test('wrong field counts and a file that is not an export are reported clearly', async () => {
    const text = focusCsv(handExport(w).slice(0, 2)).replace(/\n$/, '\nonly,three,fields\n');
    const s = await importUsage(w.ctx, { path: write('short-row.csv', text) });
    assert.deepEqual(s.rejections, [{ line: 4, reason: `expected ${FOCUS_COLUMNS.length} fields, found 3` }]);
    await assert.rejects(importUsage(w.ctx, { path: write('prices.csv', 'resourceType,skuName,unitPrice\nVirtualMachines,Standard_D2s_v5,1\n') }), /unrecognized file/);
  });

  // 2026-11-22 from reservation details: vm-a 20 h (ratio 1) + vm-b 10 h of D2s_v5 (ratio 0.5) = 25 of 48;
  // known only per day, spread evenly: every hour 25/24 of 2 = 52.083333 %.
  const DETAILS_DAY = { date: '2026-11-22', reserved: 48, used: 25, min: 52.083333, avg: 52.083333, max: 52.083333 };
  const detailProps = () => [
    { reservationOrderId: w.orderId, reservationId: w.reservationId, skuName: 'Standard_D4s_v5', reservedHours: 48, usageDate: '2026-11-22T00:00:00.0000000Z', usedHours: 20, instanceId: `/subscriptions/${w.subscriptionId}/resourcegroups/rg1/providers/microsoft.compute/virtualmachines/vm-a`, instanceFlexibilityRatio: 1, instanceFlexibilityGroup: 'DSv5 Series', totalReservedQuantity: 2, kind: 'legacy' },
    { reservationOrderId: w.orderId, reservationId: w.reservationId, skuName: 'Standard_D2s_v5', reservedHours: 48, usageDate: '2026-11-22T00:00:00.0000000Z', usedHours: 10, instanceId: `/subscriptions/${w.subscriptionId}/resourcegroups/rg1/providers/microsoft.compute/virtualmachines/vm-b`, instanceFlexibilityRatio: 0.5, instanceFlexibilityGroup: 'DSv5 Series', totalReservedQuantity: 2, kind: 'legacy' },
  ];

  test('reservation details as the Consumption API returns them (JSON { value: [ { properties } ] })', async () => {
    const doc = { value: detailProps().map((p) => ({ id: 'x', name: 'y', type: 'Microsoft.Consumption/reservationDetails', properties: p })) };
    const s = await importUsage(w.ctx, { path: write('details.json', JSON.stringify(doc)) });
    assert.equal(s.format, 'reservation-details-json');
    assert.equal(s.rowsImported, 2);
    assert.deepEqual((await utilizationOf(w)).slice(2), [DETAILS_DAY]);
    const day = (await detailsOf(w)).filter((d) => d.date === '2026-11-22');
    assert.deepEqual(day.map((d) => [d.vm, d.sku, d.ratio, d.used, d.reserved]), [['vm-a', 'Standard_D4s_v5', 1, 20, 48], ['vm-b', 'Standard_D2s_v5', 0.5, 5, 48]]);
  });

  test('reservation details as CSV, and as a bare JSON array, give the same day (no double count)', async () => {
    const props = detailProps();
    const header = Object.keys(props[0]!);
    const csv = [header.join(','), ...props.map((p) => header.map((h) => String((p as Record<string, unknown>)[h])).join(','))].join('\n');
    const s = await importUsage(w.ctx, { path: write('details.csv', csv) });
    assert.equal(s.format, 'reservation-details-csv');
    assert.equal(s.rowsImported, 2);
    assert.deepEqual((await utilizationOf(w)).slice(2), [DETAILS_DAY]);
    const bare = await importUsage(w.ctx, { path: write('details-bare.json', JSON.stringify([...props, { ...props[0], usedHours: 'lots' }])) });
    assert.deepEqual(bare.rejections, [{ line: 3, reason: "item 3: usedHours 'lots' is not a non-negative number" }]);
    assert.deepEqual((await utilizationOf(w)).slice(2), [DETAILS_DAY]);
  });
  test('daily rows (FocusCost\'s default grain) spread over the hours the reservation was active, not the whole day', async () => {
    const base = { orderId: w.orderId, reservationId: w.reservationId, subscriptionId: w.subscriptionId };
    const day = { ChargePeriodStart: '2026-11-20T00:00:00Z', ChargePeriodEnd: '2026-11-21T00:00:00Z' };
    // Bought at 13:00: vm-a ran its 11 hours (1 each), vm-b 4 hours at ratio 0.5 (2 normalized): 13 of 22,
    // the same every active hour (daily totals carry no hourly shape). They replace those VMs' hourly rows of the day.
    const rows = [
      { ...usedHours({ ...base, vm: 'vm-a', size: 'Standard_D4s_v5', date: '2026-11-20', from: 0, to: 1, ratio: 1 })[0], ...day, ConsumedQuantity: '11' },
      { ...usedHours({ ...base, vm: 'vm-b', size: 'Standard_D2s_v5', date: '2026-11-20', from: 0, to: 1, ratio: 0.5 })[0], ...day, ConsumedQuantity: '4' },
    ];
    const s = await importUsage(w.ctx, { path: write('daily.csv', focusCsv(rows)) });
    assert.equal(s.rowsImported, 2);
    assert.deepEqual((await utilizationOf(w))[0], { date: '2026-11-20', reserved: 22, used: 13, min: 59.090909, avg: 59.090909, max: 59.090909 });
  });
});
