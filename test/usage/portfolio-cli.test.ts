import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { assertFailure, assertOk, parseJson, runCli, tempDir, type CliResult } from '../cli/cli-runner.ts';
import { CONTOSO_ID, dates, pickReservation, setDays } from './usage-fixtures.ts';

/** `resdesk utilization` as a real process against the in-process server. */
describeEachEngine('resdesk utilization', (engine) => {
  let server: TestServer;
  let home: string;
  let configDir: string;
  let reservationId: string;
  let customerId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, { RESDESK_CONFIG_DIR: configDir, DATA_DIR: path.join(home, 'data') });

  before(async () => {
    server = await startTestServer(engine);
    home = tempDir('utilization');
    configDir = path.join(home, 'config', 'resdesk');
    const r = await pickReservation(server.ctx, CONTOSO_ID, 0);
    reservationId = r.id;
    customerId = r.customerId;
    // Only this reservation has data in the last week: KRW 1,000,000 a year, 168 h unused → 19,178 (19,178.08…).
    await server.ctx.store.db.deleteFrom('utilization_daily').where('usage_date', '>=', '2026-11-20').execute();
    await server.ctx.store.db.updateTable('reservation_orders').set({ unit_price_minor: 1_000_000, term: 'P1Y' }).where('id', '=', r.orderId).execute();
    await setDays(server.ctx, r.id, dates('2026-11-20', 7).map((date) => ({ date, reserved: 24, used: 0 })));
    assertOk(await cli('login', '--server', server.httpUrl, '--email', ADMIN_AGENT, '--password', 'demo-password'));
  });
  after(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('a table, worst first, with the money in the reservation\'s currency; --json gives the rows', async () => {
    const text = await cli('utilization', '--days', '7');
    assertOk(text);
    assert.match(text.stdout, /Last 7 days \(2026-11-20 to 2026-11-26\)/);
    assert.match(text.stdout, /UNUSED COMMITMENT/);
    assert.match(text.stdout, /KRW 19,178/);
    assert.match(text.stdout, /1 row\./);
    const json = parseJson(await cli('utilization', '--days', '7', '--customer', customerId, '--level', 'customer', '--json'));
    assert.equal(json.totalCount, 1);
    assert.equal(json.items[0].customerId, customerId);
    assert.deepEqual(json.items[0].unusedCommitment, { currencyCode: 'KRW', amount: 19_178, amountMinor: 19_178 });
    const rows = parseJson(await cli('utilization', '--days', '7', '--json'));
    assert.equal(rows.items[0].reservationId, reservationId);
  });

  test('bad options are usage errors', async () => {
    assertFailure(await cli('utilization', '--days', '14'), 2, /--days must be 7 or 30/);
    assertFailure(await cli('utilization', '--level', 'order'), 2, /--level must be one of reservation, customer, partner/);
  });
});
