import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/clock.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { dropTestSchema, postgresUnavailable, TEST_DATABASE_URL } from '../support/engines.ts';
import { startProcess, stopProcess, urlWithSchema, type Proc } from '../support/server-process.ts';

/**
 * Background jobs with two real server processes on one PostgreSQL database: both tick every
 * second; a reservation past its expiry and a monthly payment that is due are each handled exactly
 * once, and no job run is recorded twice.
 */
const TITLE = 'background jobs with two server processes sharing one PostgreSQL database';

function suite(): void {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let store: Store;
  const procs: Proc[] = [];
  let reservationId = '';
  let payment = { orderId: '', sequence: 0 };

  before(async () => {
    store = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), pgSchema: schema, poolSize: 4 });
    const now = new Date();
    const ctx: AppContext = { store, clock: new ManualClock(now), config: { ...defaultConfig } };
    await seedDemo(ctx);
    // One active upfront reservation whose expiry has just passed, and one monthly instalment due today.
    const r = await store.db.selectFrom('reservations').select(['id', 'order_id']).where('provisioning_state', '=', 'Succeeded')
      .where('billing_plan', '=', 'Upfront').where('renew', '=', 0).orderBy('id').limit(1).executeTakeFirstOrThrow();
    reservationId = r.id;
    await store.db.updateTable('reservations').set({ expiry_at: new Date(now.getTime() - 60_000).toISOString() }).where('id', '=', r.id).execute();
    const p = await store.db.selectFrom('payments').select(['order_id', 'sequence']).where('status', '=', 'Scheduled').orderBy('order_id').orderBy('sequence').limit(1).executeTakeFirstOrThrow();
    payment = { orderId: p.order_id, sequence: p.sequence };
    await store.db.updateTable('payments').set({ due_date: now.toISOString().slice(0, 10) }).where('order_id', '=', p.order_id).where('sequence', '=', p.sequence).execute();
    const url = urlWithSchema(schema);
    procs.push(...(await Promise.all([startProcess(url, { JOB_INTERVAL_SECONDS: '1' }), startProcess(url, { JOB_INTERVAL_SECONDS: '1' })])));
  });

  after(async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await store?.close();
    await dropTestSchema(schema);
  });

  test('each job run happens in exactly one process, and each effect exactly once', async () => {
    const deadline = Date.now() + 60_000;
    let state = '';
    let status = '';
    while (Date.now() < deadline) {
      state = (await store.db.selectFrom('reservations').select('provisioning_state').where('id', '=', reservationId).executeTakeFirstOrThrow()).provisioning_state;
      status = (await store.db.selectFrom('payments').select('status').where('order_id', '=', payment.orderId).where('sequence', '=', payment.sequence).executeTakeFirstOrThrow()).status;
      if (state === 'Expired' && status === 'Succeeded') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(state, 'Expired', 'the expiry job ran');
    assert.equal(status, 'Succeeded', 'the payments job ran');
    // Let both processes tick a few more times before counting.
    await new Promise((r) => setTimeout(r, 3_000));
    const revisions = await store.db.selectFrom('reservation_revisions').select('change').where('reservation_id', '=', reservationId).where('change', '=', 'Expired').execute();
    assert.equal(revisions.length, 1, 'one Expired revision');
    const audits = await store.db.selectFrom('audit_log').select('action').where('target_id', '=', reservationId).where('action', 'like', '%xpir%').execute();
    assert.equal(audits.length, 1, `one expiry audit entry, got ${audits.map((a) => a.action).join(', ')}`);
    const lines = await store.db.selectFrom('statement_lines').select('id').where('reservation_order_id', '=', payment.orderId)
      .where('description', 'like', `%instalment ${payment.sequence}%`).execute();
    assert.equal(lines.length, 1, 'the instalment was charged once');
    const runs = await store.db.selectFrom('job_runs').select(['job', 'run_key']).execute();
    assert.ok(runs.length >= 2, 'the jobs ran');
    const keys = runs.map((r) => `${r.job}|${r.run_key}`);
    assert.equal(new Set(keys).size, keys.length, 'no job run recorded twice');
  });
}

if (postgresUnavailable) {
  if (process.env.REQUIRE_ALL_SUITES === '1') test(TITLE, () => assert.fail(postgresUnavailable!));
  else describe(TITLE, { skip: postgresUnavailable }, () => undefined);
} else {
  describe(TITLE, suite);
}
