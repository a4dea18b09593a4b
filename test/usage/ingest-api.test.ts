import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { waitForUsageImports } from '../../src/services/usage/usage-import-jobs.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { focusCsv } from './fixtures/focus-rows.ts';
import { EXPECTED_UTILIZATION, handExport, utilizationOf } from './fixtures/hand-export.ts';
import { reservationUnderTest, type UsageWorld } from './fixtures/usage-world.ts';

/** POST /v1/usageImports end to end: 202 → poll → succeeded, and the Azure door's utilization. */

describeEachEngine('usage ingest: upload endpoint', (engine) => {
  let server: TestServer;
  let w: UsageWorld;
  let token: string;
  let csv: string;

  before(async () => {
    server = await startTestServer(engine);
    w = { ctx: server.ctx, ...(await reservationUnderTest(server.ctx)), close: async () => undefined };
    token = await server.token(ADMIN_AGENT);
    csv = focusCsv(handExport(w));
  });
  after(async () => {
    await waitForUsageImports();
    await server.close();
  });

  async function upload(body: string | Uint8Array, contentType: string, query: string, as = token) {
    const res = await fetch(`${server.httpUrl}/v1/usageImports${query}`, {
      method: 'POST', headers: { authorization: `Bearer ${as}`, 'content-type': contentType }, body: body as string,
    });
    return { status: res.status, location: res.headers.get('location'), body: await res.json() as any };
  }

  async function settle(location: string, as = token) {
    for (let i = 0; i < 200; i++) {
      const res = await server.call('GET', location, { token: as });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`import ${location} did not finish`);
  }

  test('a CSV upload answers 202 with the queued import, then succeeds with the hand-computed utilization', async () => {
    const res = await upload(csv, 'text/csv', '?fileName=focus-2026-11.csv');
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.location, `/v1/usageImports/${res.body.id}`);
    assert.equal(res.body.status, 'queued');
    assert.equal(res.body.source, 'upload');
    assert.equal(res.body.fileName, 'focus-2026-11.csv');
    const done = await settle(res.location!);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.format, 'focus-1.0');
    assert.equal(done.summary.rowsImported, 63);
    assert.equal(done.summary.rowsRejected, 0);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('the Azure reservation\'s utilization property aggregates the imported days', async () => {
    const res = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${w.orderId}/reservations/${w.reservationId}?api-version=2022-11-01`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // Last 7 and 30 complete days (to 2026-11-26): (13 + 30) / (22 + 48) = 61.43 %; nothing on the 26th itself.
    assert.deepEqual(res.body.properties.utilization, {
      trend: 'SAME',
      aggregates: [
        { grain: 7, grainUnit: 'days', value: 61.43, valueUnit: 'percentage' },
        { grain: 30, grainUnit: 'days', value: 61.43, valueUnit: 'percentage' },
      ],
    });
  });

  test('the same export again, gzip-compressed as application/gzip, changes nothing', async () => {
    const res = await upload(zlib.gzipSync(csv), 'application/gzip', '', token);
    assert.equal(res.status, 202);
    assert.equal(res.body.fileName, 'upload');
    const done = await settle(res.location!);
    assert.equal(done.status, 'succeeded', JSON.stringify(done));
    assert.equal(done.summary.rowsImported, 63);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('another partner\'s upload of the same file finds none of its reservations: all reported unknown', async () => {
    const other = await server.token(FABRIKAM_AGENT);
    const res = await upload(csv, 'application/octet-stream', '?fileName=wrong-partner.csv', other);
    assert.equal(res.status, 202);
    const done = await settle(res.location!, other);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.summary.rowsImported, 0);
    assert.deepEqual(done.summary.unknownReservations, [{ reservationId: w.reservationId, rows: 59 }]);
    // And it cannot read Contoso's imports.
    const list = await server.call('GET', '/v1/usageImports', { token: other });
    assert.deepEqual(list.body.items.map((i: any) => i.fileName), ['wrong-partner.csv']);
    assert.deepEqual(await utilizationOf(w), EXPECTED_UTILIZATION);
  });

  test('a file without the required columns fails with a message that names them', async () => {
    const res = await upload('ChargePeriodStart,BilledCost\n2026-11-20T00:00Z,1\n', 'text/csv', '?fileName=broken.csv');
    const done = await settle(res.location!);
    assert.equal(done.status, 'failed');
    assert.match(done.error, /missing required FOCUS columns: ChargeCategory, ChargePeriodEnd, CommitmentDiscountId/);
  });

  test('the partner lists its imports newest first; callers without the role are refused', async () => {
    const list = await server.call('GET', '/v1/usageImports', { token });
    assert.equal(list.status, 200);
    assert.equal(list.body.totalCount, 3);
    const customer = await server.token('owner@hanbit-mfg.example');
    const refused = await upload(csv, 'text/csv', '', customer);
    assert.equal(refused.status, 403);
    assert.equal((await server.call('GET', '/v1/usageImports', { token: customer })).status, 403);
  });

  test('an empty upload is a 400 and records nothing', async () => {
    const res = await upload('', 'text/csv', '');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'EmptyUpload');
  });
});
