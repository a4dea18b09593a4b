import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runJobsOnce } from '../../src/jobs/runner.ts';
import type { AppContext } from '../../src/services/context.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { GLOBAL_ADMIN, tokenOf } from '../money/money-helpers.ts';
import { buyOne, outboxOf, partnerSetup } from '../operations/ops-helpers.ts';

const DAY = 86_400_000;

/** utilization_daily rows (as the importer writes them) for `quantity` units: `used[i]` hours per unit on day i. */
async function usage(ctx: AppContext, reservationId: string, from: string, used: number[], quantity = 2) {
  const start = Date.parse(`${from}T00:00:00Z`);
  for (const [i, u] of used.entries()) {
    const pct = (u / 24) * 100;
    await ctx.store.db.insertInto('utilization_daily').values({
      reservation_id: reservationId, usage_date: new Date(start + i * DAY).toISOString().slice(0, 10),
      reserved_hours: 24 * quantity, used_hours: u * quantity, min_pct: pct, avg_pct: pct, max_pct: pct,
    }).execute();
  }
}

const alertRows = (ctx: AppContext, reservationId: string) =>
  ctx.store.db.selectFrom('usage_alerts').selectAll().where('reservation_id', '=', reservationId).orderBy('raised_at').execute();

describeEachEngine('usage alerts: low utilization and no usage, once per condition until it clears', (engine) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(engine);
    await runJobsOnce(server.ctx);
  });
  after(() => server?.close());

  test('fires once, does not repeat, clears, fires again after clearing; through inbox and outbox', async () => {
    const { ctx, clock } = server;
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation: r } = await buyOne(ctx, setup); // bought 2026-11-27T03:00, quantity 2
    const low = () => outboxOf(ctx, r.id, 'lowUtilization');
    const none = () => outboxOf(ctx, r.id, 'noUsage');

    // A week at 25 % (6 of 24 hours): under 80 %.
    await usage(ctx, r.id, '2026-11-28', [6, 6, 6, 6, 6, 6, 6]);
    clock.set('2026-12-05T06:00:00.000Z');
    const report = await runJobsOnce(ctx);
    assert.equal(report.find((x) => x.job === 'usageAlerts')?.ran, true, 'the job runs in the tick');
    assert.equal((await low()).length, 1);
    const event = (await low())[0]!;
    assert.match(event.title, /25% used from 2026-11-28 to 2026-12-04, under the 80% threshold/);
    assert.equal(JSON.parse(event.data).reservationId, r.id);
    assert.equal((await none()).length, 0, 'it was used every day');
    const inbox = await ctx.store.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.email']).where('notifications.event_id', '=', event.id).execute();
    assert.ok(inbox.some((n) => n.email === ADMIN_AGENT), 'the notifications job delivered it to the admin agent\'s inbox');

    // Later ticks while it holds: no repeat. (Within the hour the sweep is skipped; an hour on it runs.)
    clock.set('2026-12-05T06:30:00.000Z');
    assert.equal((await runJobsOnce(ctx)).find((x) => x.job === 'usageAlerts')?.result?.skipped, 1);
    clock.set('2026-12-05T07:00:00.000Z');
    assert.ok(((await runJobsOnce(ctx)).find((x) => x.job === 'usageAlerts')?.result?.evaluated ?? 0) > 0);
    clock.set('2026-12-06T07:00:00.000Z');
    await runJobsOnce(ctx);
    assert.equal((await low()).length, 1, 'raised once while the condition holds');
    assert.equal((await alertRows(ctx, r.id)).filter((a) => a.cleared_at === null).length, 1);

    // A full week: it clears, quietly.
    await usage(ctx, r.id, '2026-12-05', [24, 24, 24, 24, 24, 24, 24]);
    clock.set('2026-12-12T06:00:00.000Z');
    await runJobsOnce(ctx);
    let rows = await alertRows(ctx, r.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.cleared_at, '2026-12-12T06:00:00.000Z');
    assert.equal((await low()).length, 1, 'clearing sends nothing');

    // Unused for a week: low utilization again (a new alert and notice), and no usage for 3 days.
    await usage(ctx, r.id, '2026-12-12', [0, 0, 0, 0, 0, 0, 0]);
    clock.set('2026-12-19T06:00:00.000Z');
    await runJobsOnce(ctx);
    assert.equal((await low()).length, 2, 'raised again after it cleared');
    assert.equal((await none()).length, 1);
    assert.match((await none())[0]!.title, /no usage for 3 days \(2026-12-16 to 2026-12-18\)/);
    rows = await alertRows(ctx, r.id);
    assert.deepEqual(rows.map((a) => [a.kind, a.cleared_at === null]).sort(), [['lowUtilization', false], ['lowUtilization', true], ['noUsage', true]]);
    clock.set('2026-12-19T09:00:00.000Z');
    await runJobsOnce(ctx);
    assert.equal((await low()).length, 2);
    assert.equal((await none()).length, 1);

    // A day of usage clears no-usage while utilization stays low.
    await usage(ctx, r.id, '2026-12-19', [3]);
    clock.set('2026-12-20T06:00:00.000Z');
    await runJobsOnce(ctx);
    rows = await alertRows(ctx, r.id);
    assert.equal(rows.filter((a) => a.kind === 'noUsage')[0]!.cleared_at, '2026-12-20T06:00:00.000Z');
    assert.equal(rows.filter((a) => a.kind === 'lowUtilization' && a.cleared_at === null).length, 1);
    // Expiry notices stay the lifecycle job's: the alerts job sent none.
    assert.equal((await outboxOf(ctx, r.id, 'expiring')).length, 0);
  });

  test('no data, no alert: a reservation without imported usage raises nothing', async () => {
    const { ctx, clock } = server;
    clock.set('2026-12-21T06:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation: r } = await buyOne(ctx, setup);
    clock.set('2027-01-05T06:00:00.000Z');
    await runJobsOnce(ctx);
    assert.equal((await alertRows(ctx, r.id)).length, 0);
  });

  test('threshold and look-back are per-partner policy values, changed through PATCH /v1/settings/policy', async () => {
    const { ctx, clock } = server;
    clock.set('2027-01-10T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const a = (await buyOne(ctx, setup)).reservation;
    const b = (await buyOne(ctx, setup)).reservation;
    const token = await tokenOf(server, GLOBAL_ADMIN);
    const bad = await server.call('PATCH', '/v1/settings/policy', { token, body: { lowUtilizationThresholdPct: 101 } });
    assert.equal(bad.status, 400);
    const changed = await server.call('PATCH', '/v1/settings/policy', { token, body: { lowUtilizationThresholdPct: 20, lowUtilizationLookBackDays: 3 } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const read = await server.call('GET', '/v1/settings/policy', { token });
    assert.equal(read.body.policy.lowUtilizationThresholdPct, 20);
    assert.equal(read.body.policy.lowUtilizationLookBackDays, 3);
    assert.equal(read.body.defaults.lowUtilizationThresholdPct, 80);
    assert.equal(read.body.policy.noUsageDays, 3);

    // Three days of data are a full look-back now; 25 % is above 20 %, 10 % (2.4 of 24 h) is under.
    await usage(ctx, a.id, '2027-01-11', [6, 6, 6]);
    await usage(ctx, b.id, '2027-01-11', [2.4, 2.4, 2.4]);
    clock.set('2027-01-14T06:00:00.000Z');
    await runJobsOnce(ctx);
    assert.equal((await outboxOf(ctx, a.id, 'lowUtilization')).length, 0);
    assert.equal((await outboxOf(ctx, b.id, 'lowUtilization')).length, 1);
    const reset = await server.call('PATCH', '/v1/settings/policy', { token: await tokenOf(server, GLOBAL_ADMIN), body: { lowUtilizationThresholdPct: 80, lowUtilizationLookBackDays: 7 } });
    assert.equal(reset.status, 200);
  });
});
