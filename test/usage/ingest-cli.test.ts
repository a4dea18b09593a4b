import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { openStore } from '../../src/store/database.ts';
import { assertFailure, assertOk, runCli, tempDir } from '../cli/cli-runner.ts';
import { focusCsv } from './fixtures/focus-rows.ts';
import { EXPECTED_UTILIZATION, handExport, utilizationOf } from './fixtures/hand-export.ts';
import { reservationUnderTest, type UsageWorld } from './fixtures/usage-world.ts';

/** `resdesk import usage` on the local database (the service runs in the CLI process, like `seed`). */
describe('resdesk import usage', () => {
  const dataDir = tempDir('import-usage');
  const env = { DATA_DIR: dataDir, RESDESK_CONFIG_DIR: dataDir };
  let ids: Omit<UsageWorld, 'ctx' | 'close'>;
  let file: string;

  /** Opens the CLI's database in this process for a moment. */
  async function withDb<T>(work: (w: UsageWorld) => Promise<T>): Promise<T> {
    const store = await openStore({ dataDir });
    const ctx: AppContext = { store, clock: new ManualClock('2026-11-27T03:00:00Z'), config: { ...defaultConfig } };
    try {
      return await work({ ctx, ...ids, close: async () => undefined });
    } finally {
      await store.close();
    }
  }

  before(async () => {
    // The demo data is loaded in this process (what `resdesk seed` does), to keep child processes for the command under test.
    await withDb(async (w) => { await seedDemo(w.ctx); });
    await withDb(async (w) => {
      ids = await reservationUnderTest(w.ctx);
      file = path.join(dataDir, 'focus.csv');
      fs.writeFileSync(file, focusCsv(handExport({ ...w, ...ids })));
    });
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('imports a FOCUS file and prints the summary; the utilization is the hand-computed one', async () => {
    const r = await runCli(['import', 'usage', file], env);
    assertOk(r);
    assert.match(r.stdout, /^Read 66 rows from .*focus\.csv \(focus-1\.0\)/m);
    assert.match(r.stdout, /^ {2}Imported: +63$/m);
    assert.match(r.stdout, /^ {2}Skipped: +3$/m);
    assert.match(r.stdout, /^ {2}Rejected: +0$/m);
    assert.match(r.stdout, /^Note: 1 instance-day\(s\) took their flexibility ratio from the catalog/m);
    assert.equal(r.stderr, '', 'no progress bar without a terminal');
    assert.deepEqual(await withDb(utilizationOf), EXPECTED_UTILIZATION);
  });

  test('rejected rows are listed with their line numbers and the exit status is 1; --json gives the summary', async () => {
    const bad = path.join(dataDir, 'bad.csv');
    const text = fs.readFileSync(file, 'utf8').split('\n');
    text[3] = text[3]!.replace(',Used,', ',Sometimes,');
    fs.writeFileSync(bad, text.join('\n'));
    const r = await runCli(['import', 'usage', bad], env);
    assertFailure(r, 1, /^resdesk: 1 row of 66 rejected \(line 4\); the other rows were imported$/, { stdoutAllowed: true });
    assert.match(r.stdout, /^ +4 {2}CommitmentDiscountStatus 'Sometimes' is neither Used nor Unused$/m);
    const asJson = await runCli(['import', 'usage', bad, '--json'], env);
    assert.equal(asJson.code, 1);
    const json = JSON.parse(asJson.stdout);
    assert.equal(json.rowsRejected, 1);
    assert.deepEqual(json.rejections, [{ line: 4, reason: "CommitmentDiscountStatus 'Sometimes' is neither Used nor Unused" }]);
  });

  test('a missing path or a file that is not an export fails on one line', async () => {
    assertFailure(await runCli(['import', 'usage', path.join(dataDir, 'nope.csv')], env), 1, /nope\.csv: no such file or folder$/);
    const other = path.join(dataDir, 'other.csv');
    fs.writeFileSync(other, 'a,b\n1,2\n');
    assertFailure(await runCli(['import', 'usage', other], env), 1, /other\.csv: unrecognized file/);
    const help = await runCli(['import', 'usage', '--help'], env);
    assertOk(help);
    assert.match(help.stdout, /local database \(DATA_DIR \/ DATABASE_URL\)/);
  });
});
