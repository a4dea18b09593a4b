import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import { newId } from '../../src/domain/ids.ts';
import { JOBS, runJobsOnce } from '../../src/jobs/runner.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { describeEachEngine, openTestStore, TEST_DATABASE_URL } from '../support/engines.ts';
import { ADMIN_AGENT, TEST_NOW } from '../support/test-server.ts';
import { buyOne, DAY_MS, partnerSetup } from './ops-helpers.ts';

/**
 * Two instances on one database, each with its own store (connection pool) and clock, tick at
 * the same instants concurrently: every job run is taken by exactly one of them (the lease), and
 * every effect happens once.
 */
describeEachEngine('two instances run each job once', (engine) => {
  let storeA: Store;
  let storeB: Store;
  let a: AppContext;
  let b: AppContext;
  let hook: http.Server;
  const events: string[] = [];
  before(async () => {
    storeA = await openTestStore(engine);
    storeB = engine === 'sqlite'
      ? await openStore({ dataDir: path.dirname(storeA.location) })
      : await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), pgSchema: /\(schema (\w+)\)/.exec(storeA.location)![1]! });
    a = { store: storeA, clock: new ManualClock(TEST_NOW), config: { ...defaultConfig } };
    b = { store: storeB, clock: new ManualClock(TEST_NOW), config: { ...defaultConfig } };
    await seedDemo(a, { reservationsPerCustomer: 2 });
    hook = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => { events.push(JSON.parse(body).event.id); res.end(); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await storeB?.close();
    await storeA?.close();
    await new Promise((r) => hook?.close(r));
  });

  const both = async (iso: string) => {
    (a.clock as ManualClock).set(iso);
    (b.clock as ManualClock).set(iso);
    // SQLite serves one instance (one writer; a second process gets SQLITE_BUSY on lock upgrades), so
    // there the two tick one after the other: the second must still find the run taken.
    const [ra, rb] = engine === 'postgres'
      ? await Promise.all([runJobsOnce(a, { instanceId: 'instance-a' }), runJobsOnce(b, { instanceId: 'instance-b' })])
      : [await runJobsOnce(a, { instanceId: 'instance-a' }), await runJobsOnce(b, { instanceId: 'instance-b' })];
    for (const job of ['payments', 'lifecycle', 'notifications']) {
      const ran = [ra, rb].filter((rs) => rs.find((r) => r.job === job)?.ran).length;
      assert.equal(ran, 1, `${job} at ${iso}: ${JSON.stringify([ra, rb])}`);
      for (const rs of [ra, rb]) assert.equal(rs.find((r) => r.job === job)?.error, undefined);
    }
  };

  test('expiry, renewal, monthly charges and notifications happen once', async () => {
    await both(new Date(Date.parse(TEST_NOW) - 60_000).toISOString());
    const now = a.clock.now().toISOString();
    const setup = await partnerSetup(a, ADMIN_AGENT);
    await a.store.db.insertInto('webhooks').values({ id: newId(), partner_id: (setup.actor as { partnerId: string }).partnerId, url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, secret: 'two-instances-secret', events: '[]', active: 1, description: '', created_by: null, created_at: now, updated_at: now }).execute();
    const renewing = [await buyOne(a, setup, { renew: true }), await buyOne(a, setup, { renew: true })];
    const plain = await buyOne(a, setup);
    const monthly = await buyOne(a, setup, { plan: 'Monthly' });
    const expiry = Date.parse(plain.reservation.expiryAt);

    const instants = [Date.parse(TEST_NOW) + 32 * DAY_MS, Date.parse(TEST_NOW) + 62 * DAY_MS, expiry - 29 * DAY_MS, expiry - 29 * DAY_MS + 1000, expiry + 60_000, expiry + 61_000, expiry + 2 * DAY_MS];
    for (const t of instants) await both(new Date(t).toISOString());

    const db = a.store.db;
    for (const r of [...renewing.map((x) => x.reservation), plain.reservation, monthly.reservation]) {
      const revs = await db.selectFrom('reservation_revisions').select('change').where('reservation_id', '=', r.id).where('change', '=', 'Expired').execute();
      assert.equal(revs.length, 1, `${r.id} expired once`);
      assert.equal((await db.selectFrom('notification_outbox').select('id').where('target_id', '=', r.id).where('event_type', '=', 'expired').execute()).length, 1);
      const expiring = await db.selectFrom('notification_outbox').select('id').where('target_id', '=', r.id).where('event_type', '=', 'expiring').execute();
      assert.equal(expiring.length, 1, `${r.id} expiring notice once`);
    }
    for (const { reservation } of renewing) {
      const renewals = await db.selectFrom('reservations').select('id').where('renew_source', '=', reservation.id).execute();
      assert.equal(renewals.length, 1, 'renewed once');
    }
    // Monthly: twelve instalments, each charged once with one statement line.
    const payments = await db.selectFrom('payments').selectAll().where('order_id', '=', monthly.order.id).execute();
    assert.equal(payments.filter((p) => p.status === 'Succeeded').length, payments.filter((p) => p.due_date <= new Date(expiry + 2 * DAY_MS).toISOString().slice(0, 10)).length);
    const lines = await db.selectFrom('statement_lines').select('description').where('reservation_order_id', '=', monthly.order.id).execute();
    assert.equal(new Set(lines.map((l) => l.description)).size, lines.length, 'no instalment charged twice');
    assert.equal(lines.length, payments.filter((p) => p.status === 'Succeeded').length);
    // Every event dispatched once, and each webhook delivery made once.
    // The events dispatched after the webhook was added (the first tick's went out before it existed).
    const outbox = await db.selectFrom('notification_outbox').select('id').where('partner_id', '=', (setup.actor as { partnerId: string }).partnerId).where('dispatched_at', '>', now).execute();
    const deliveries = await db.selectFrom('webhook_deliveries').select('event_id').execute();
    assert.equal(new Set(deliveries.map((d) => d.event_id)).size, deliveries.length);
    assert.equal(new Set(events).size, events.length, 'the receiver never got an event twice');
    const pending = await db.selectFrom('webhook_deliveries').select(['status', 'attempt_log']).where('status', '!=', 'Succeeded').execute();
    assert.deepEqual(pending, [], 'every delivery succeeded');
    assert.equal(events.length, deliveries.length);
    assert.equal(deliveries.length, outbox.length);
    const runs = await db.selectFrom('job_runs').select(['job', 'run_key', 'holder']).execute();
    assert.equal(runs.length, JOBS.length * (instants.length + 1));
  });
});
