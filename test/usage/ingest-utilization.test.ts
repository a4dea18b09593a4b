import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { importUsage } from '../../src/services/usage/import-usage.ts';
import { describeEachEngine } from '../support/engines.ts';
import { focusCsv } from './fixtures/focus-rows.ts';
import { detailsOf, EXPECTED_UTILIZATION, handExport, uncoveredOf, utilizationOf } from './fixtures/hand-export.ts';
import { openUsageWorld, type UsageWorld } from './fixtures/usage-world.ts';

/** Utilization from a small FOCUS export against the hand computation in fixtures/hand-export.ts. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-ingest-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describeEachEngine('usage ingest: utilization from a FOCUS export', (engine) => {
  let w: UsageWorld;
  let file: string;
  before(async () => {
    w = await openUsageWorld(engine);
    file = path.join(tmp, `hand-${engine}.csv`);
    fs.writeFileSync(file, focusCsv(handExport(w)));
  });
  after(() => w.close());

  test('reserved, used, min, average and max per day match the hand computation, to the hour', async () => {
    const summary = await importUsage(w.ctx, { path: file });
    assert.equal(summary.format, 'focus-1.0');
    assert.equal(summary.rowsRead, handExport(w).length);
    // 24 + 4 + 1 + 24 + 6 reservation rows and 4 on-demand rows.
    assert.equal(summary.rowsImported, 63);
    assert.equal(summary.rowsSkipped, 3);
    assert.equal(summary.rowsRejected, 0);
    assert.deepEqual(summary.unknownReservations, []);
    assert.equal(summary.touchedReservationDays, 2);
    assert.deepEqual(summary.notices.map((n) => [n.code, n.rows]), [['FlexibilityRatioFromCatalog', 1]]);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('per-instance details carry the consuming size, its ratio and the day\'s reserved hours', async () => {
    assert.deepEqual(await detailsOf(w), [
      { date: '2026-11-20', vm: 'vm-a', sku: 'Standard_D4s_v5', ratio: 1, group: 'DSv5 Series', reserved: 22, used: 24 },
      { date: '2026-11-20', vm: 'vm-b', sku: 'Standard_D2s_v5', ratio: 0.5, group: 'DSv5 Series', reserved: 22, used: 2 },
      { date: '2026-11-21', vm: 'vm-a', sku: 'Standard_D4s_v5', ratio: 1, group: 'DSv5 Series', reserved: 48, used: 24 },
      { date: '2026-11-21', vm: 'vm-c', sku: 'Standard_D8s_v5', ratio: 2, group: 'DSv5 Series', reserved: 48, used: 12 },
    ]);
  });

  test('on-demand usage of a reservable size lands in uncovered usage, cost exact in minor units', async () => {
    assert.deepEqual(await uncoveredOf(w), [{
      customer: w.customerId, type: 'VirtualMachines', sku: 'Standard_E2s_v5', region: 'koreacentral', date: '2026-11-21',
      // 4 instance-hours; at most 2 at once (hour 9), at least 0 (most hours); 0.126 × 3 + 0.1265 = 0.5045 → 0.50 (half-even).
      hours: 4, min: 0, max: 2, cost: 50, currency: 'USD',
    }]);
  });

  test('the import is recorded with its counts', async () => {
    const rows = await w.ctx.store.db.selectFrom('usage_imports').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 'succeeded');
    assert.equal(rows[0]!.source, 'cli');
    assert.equal(rows[0]!.format, 'focus-1.0');
    assert.equal(Number(rows[0]!.rows_imported), 63);
    assert.ok(rows[0]!.finished_at);
  });
});
