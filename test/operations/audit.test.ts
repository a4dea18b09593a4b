import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { recordAudit } from '../../src/services/audit.ts';
import { verifyAuditChain } from '../../src/services/audit-log-service.ts';
import { runCli } from '../cli/cli-runner.ts';
import { describeEachEngine, TEST_DATABASE_URL } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { tokenOf } from '../money/money-helpers.ts';
import { buyOne, partnerSetup } from './ops-helpers.ts';

const SALES = 'sales.agent@contoso-kr.example';
const OPERATOR = 'operator@provider.example';

/** The environment that points `resdesk` at the test server's own database. */
function localEnv(server: TestServer): Record<string, string> {
  if (server.ctx.store.engine === 'sqlite') return { DATA_DIR: path.dirname(server.ctx.store.location) };
  const schema = /\(schema (\w+)\)/.exec(server.ctx.store.location)![1]!;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { DATABASE_URL: url.toString() };
}

describeEachEngine('audit log: hash chain, queries, CSV, verify', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(() => server?.close());

  test('concurrent writers keep one unbroken chain', async () => {
    const { ctx } = server;
    await Promise.all(Array.from({ length: 25 }, (_, i) => ctx.store.db.transaction().execute(async (db) => {
      await recordAudit(db, null, ctx.clock.now(), { action: 'test.concurrent', targetType: 'test', targetId: String(i) });
    })));
    // Outside a transaction too (sign-ins write that way).
    await Promise.all(Array.from({ length: 5 }, () => tokenOf(server, SALES).then(() => server.call('POST', '/v1/auth/token', { body: { email: SALES, password: 'wrong' } }))));
    const report = await verifyAuditChain(ctx.store.db);
    assert.equal(report.ok, true, JSON.stringify(report));
    const count = await ctx.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(report.entries, Number(count.n));
  });

  test('GET /v1/auditLogs filters, pages and exports CSV within the caller\'s partner', async () => {
    const { ctx } = server;
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { order, reservation } = await buyOne(ctx, setup);
    const agent = await tokenOf(server, ADMIN_AGENT);
    const q = `/v1/auditLogs?action=reservation.purchase&customerId=${setup.customerId}`;
    const res = await server.call('GET', q, { token: agent });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const entry = res.body.items.find((e: any) => e.targetId === order.id);
    assert.ok(entry);
    assert.equal(entry.actorId, setup.actor.userId);
    assert.equal(entry.onBehalfOf, setup.customerId);
    assert.equal(entry.after.reservation.id, reservation.id);
    assert.match(entry.hash, /^[0-9a-f]{64}$/);
    assert.ok(res.body.items.every((e: any) => e.action === 'reservation.purchase' && e.customerId === setup.customerId));

    const byTarget = await server.call('GET', `/v1/auditLogs?targetId=${order.id}&actorId=${setup.actor.userId}`, { token: agent });
    assert.equal(byTarget.body.totalCount, 1);
    const now = ctx.clock.now().getTime();
    const inRange = await server.call('GET', `/v1/auditLogs?targetId=${order.id}&from=${new Date(now - 1000).toISOString()}&to=${new Date(now + 1000).toISOString()}`, { token: agent });
    assert.equal(inRange.body.totalCount, 1);
    const outOfRange = await server.call('GET', `/v1/auditLogs?targetId=${order.id}&from=${new Date(now + 1000).toISOString()}`, { token: agent });
    assert.equal(outOfRange.body.totalCount, 0);
    assert.equal((await server.call('GET', '/v1/auditLogs?from=yesterday', { token: agent })).status, 400);

    const page1 = await server.call('GET', '/v1/auditLogs?size=2', { token: agent });
    assert.equal(page1.body.items.length, 2);
    assert.ok(page1.body.links.next);
    const page2 = await server.call('GET', page1.body.links.next.uri, { token: agent });
    assert.ok(page2.body.items[0].id < page1.body.items[1].id, 'newest first, no overlap');

    const csv = await server.call('GET', `/v1/auditLogs/export.csv?targetId=${order.id}`, { token: agent });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    assert.equal(lines[0], 'id,sequence,recordedAt,actorId,actorName,onBehalfOf,action,targetType,targetId,partnerId,customerId,before,after,hash');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`reservation\\.purchase,reservationOrder,${order.id}`));
    const viaAccept = await server.call('GET', `/v1/auditLogs?targetId=${order.id}`, { token: agent, headers: { accept: 'text/csv' } });
    assert.equal(String(viaAccept.body), String(csv.body));

    // Another partner's admin does not see Contoso's entries; the operator sees everything.
    const other = await server.call('GET', `/v1/auditLogs?targetId=${order.id}`, { token: await tokenOf(server, FABRIKAM_AGENT) });
    assert.equal(other.body.totalCount, 0);
    const operator = await server.call('GET', `/v1/auditLogs?targetId=${order.id}`, { token: await tokenOf(server, OPERATOR) });
    assert.equal(operator.body.totalCount, 1);
    assert.equal((await server.call('GET', '/v1/auditLogs', { token: await tokenOf(server, SALES) })).status, 403);
    // No door changes an entry.
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      assert.equal((await server.call(method, `/v1/auditLogs/${entry.id}`, { token: agent, body: {} })).status, 404, method);
    }
  });

  test('a tampered entry is found by the service and by `resdesk audit verify`', async () => {
    const { ctx } = server;
    const env = localEnv(server);
    const ok = await runCli(['audit', 'verify'], env);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.match(ok.stdout, /Audit chain intact: \d+ entries/);

    const victim = await ctx.store.db.selectFrom('audit_log').select(['id', 'after_state']).where('action', '=', 'reservation.purchase').orderBy('id').executeTakeFirstOrThrow();
    await ctx.store.db.updateTable('audit_log').set({ after_state: '{"total":0}' }).where('id', '=', victim.id).execute();
    const report = await verifyAuditChain(ctx.store.db);
    assert.equal(report.ok, false);
    assert.equal(report.firstBroken?.id, Number(victim.id));
    assert.match(report.firstBroken!.reason, /content does not match/);
    const broken = await runCli(['audit', 'verify'], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, new RegExp(`broken at entry ${victim.id}\\b`));
    const json = await runCli(['audit', 'verify', '--json'], env);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).firstBroken.id, Number(victim.id));

    // Restored content verifies again; removing an entry is found too.
    await ctx.store.db.updateTable('audit_log').set({ after_state: victim.after_state }).where('id', '=', victim.id).execute();
    assert.equal((await verifyAuditChain(ctx.store.db)).ok, true);
    const next = await ctx.store.db.selectFrom('audit_log').select('id').where('id', '>', victim.id).orderBy('id').executeTakeFirstOrThrow();
    await ctx.store.db.deleteFrom('audit_log').where('id', '=', next.id).execute();
    const gap = await verifyAuditChain(ctx.store.db);
    assert.equal(gap.ok, false);
    assert.match(gap.firstBroken!.reason, /missing or was moved/);
  });
});
