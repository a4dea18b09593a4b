import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { runJobsOnce, startJobRunner } from '../../src/jobs/runner.ts';
import { cancelRenewal } from '../../src/services/renewal-service.ts';
import { priceAt } from '../../src/store/catalog-queries.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN_AGENT } from '../support/test-server.ts';
import { buyOne, DAY_MS, outboxOf, partnerSetup, reservationRow } from './ops-helpers.ts';

describeEachEngine('background jobs on the injected clock', (engine) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(engine);
    // The demo world has reservations already due; the first tick takes them out of the way.
    await runJobsOnce(server.ctx);
  });
  after(() => server?.close());

  const at = (iso: string) => server.clock.set(iso);

  test('expiry: notice 30 days before, Succeeded → Expired at the instant with revision, audit and notice, once', async () => {
    const { ctx } = server;
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation } = await buyOne(ctx, setup);
    const expiry = new Date(reservation.expiryAt).getTime();

    at(new Date(expiry - 31 * DAY_MS).toISOString());
    await runJobsOnce(ctx);
    assert.equal((await outboxOf(ctx, reservation.id, 'expiring')).length, 0, 'no notice before the window');

    at(new Date(expiry - 30 * DAY_MS + 3_600_000).toISOString());
    await runJobsOnce(ctx);
    assert.equal((await outboxOf(ctx, reservation.id, 'expiring')).length, 1);
    assert.equal((await reservationRow(ctx, reservation.id)).provisioning_state, 'Succeeded');

    at(new Date(expiry - 1000).toISOString());
    await runJobsOnce(ctx);
    assert.equal((await reservationRow(ctx, reservation.id)).provisioning_state, 'Succeeded', 'not a second early');

    at(new Date(expiry).toISOString());
    await runJobsOnce(ctx);
    const row = await reservationRow(ctx, reservation.id);
    assert.equal(row.provisioning_state, 'Expired');
    const revisions = await ctx.store.db.selectFrom('reservation_revisions').select('change').where('reservation_id', '=', reservation.id).execute();
    assert.deepEqual(revisions.map((r) => r.change).filter((c) => c === 'Expired'), ['Expired']);
    const audit = await ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', reservation.id).where('action', '=', 'reservation.expire').execute();
    assert.equal(audit.length, 1);
    const order = await ctx.store.db.selectFrom('reservation_orders').select('provisioning_state').where('id', '=', reservation.orderId).executeTakeFirstOrThrow();
    assert.equal(order.provisioning_state, 'Expired');

    at(new Date(expiry + DAY_MS).toISOString());
    await runJobsOnce(ctx);
    assert.equal((await outboxOf(ctx, reservation.id, 'expired')).length, 1, 'the expiry-day notice goes out once');
    assert.equal((await outboxOf(ctx, reservation.id, 'expiring')).length, 1);
    assert.equal((await ctx.store.db.selectFrom('audit_log').select('id').where('target_id', '=', reservation.id).where('action', '=', 'reservation.expire').execute()).length, 1);
  });

  test('auto-renew: price fixed 30 days before, a new order at expiry inheriting the reservation, linked both ways', async () => {
    const { ctx } = server;
    at('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation, order, price } = await buyOne(ctx, setup, { renew: true, quantity: 3 });
    const expiry = new Date(reservation.expiryAt).getTime();

    at(new Date(expiry - 29 * DAY_MS).toISOString());
    await runJobsOnce(ctx);
    const plan = await ctx.store.db.selectFrom('renewal_plans').selectAll().where('reservation_id', '=', reservation.id).executeTakeFirstOrThrow();
    assert.equal(plan.status, 'Fixed');
    // The catalog price in force when the reservation entered the window (the demo catalog has scheduled changes).
    const then = await priceAt(ctx.store.db, { resourceType: price.resource_type, skuName: price.sku_name, location: price.location, term: price.term, billingPlan: price.billing_plan, currency: price.currency }, plan.fixed_at);
    assert.equal(Number(plan.unit_price_minor), then!.amountMinor);
    assert.equal(plan.price_id, then!.id);

    at(new Date(expiry + 5 * 60_000).toISOString());
    await runJobsOnce(ctx);
    const source = await reservationRow(ctx, reservation.id);
    assert.equal(source.provisioning_state, 'Expired');
    assert.ok(source.renew_destination, 'the source points at its renewal');
    const dest = await reservationRow(ctx, source.renew_destination!);
    assert.equal(dest.renew_source, reservation.id);
    assert.notEqual(dest.order_id, order.id, 'a new order');
    assert.equal(dest.provisioning_state, 'Succeeded');
    for (const k of ['sku_name', 'location', 'quantity', 'term', 'billing_plan', 'billing_scope_id', 'applied_scope_type', 'applied_scopes', 'instance_flexibility', 'customer_id'] as const) {
      assert.deepEqual(dest[k], source[k], k);
    }
    assert.equal(dest.purchase_at, reservation.expiryAt, 'the new term starts at the expiry instant');
    const newOrder = await ctx.store.db.selectFrom('reservation_orders').selectAll().where('id', '=', dest.order_id).executeTakeFirstOrThrow();
    assert.equal(Number(newOrder.unit_price_minor), Number(plan.unit_price_minor));
    const done = await ctx.store.db.selectFrom('renewal_plans').selectAll().where('reservation_id', '=', reservation.id).executeTakeFirstOrThrow();
    assert.equal(done.status, 'Renewed');
    assert.equal(done.renewed_reservation_id, dest.id);
    assert.equal((await outboxOf(ctx, reservation.id, 'renew')).length, 1);
    const audit = await ctx.store.db.selectFrom('audit_log').select('action').where('target_id', '=', reservation.id).where('action', '=', 'reservation.renew').execute();
    assert.equal(audit.length, 1);

    // Ticking again renews nothing twice.
    at(new Date(expiry + DAY_MS).toISOString());
    await runJobsOnce(ctx);
    assert.equal((await ctx.store.db.selectFrom('reservations').select('id').where('renew_source', '=', reservation.id).execute()).length, 1);
  });

  test('auto-renew is not processed when the catalog price changed after it was fixed, and says why', async () => {
    const { ctx } = server;
    at('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation, price } = await buyOne(ctx, setup, { renew: true });
    const expiry = new Date(reservation.expiryAt).getTime();
    at(new Date(expiry - 30 * DAY_MS + 60_000).toISOString());
    await runJobsOnce(ctx);
    // A new price takes effect ten days before expiry.
    await ctx.store.db.insertInto('prices').values({
      id: newId(), resource_type: price.resource_type, sku_name: price.sku_name, location: price.location, term: price.term,
      billing_plan: price.billing_plan, currency: price.currency, amount_minor: Number(price.amount_minor) + 1234,
      effective_from: new Date(expiry - 10 * DAY_MS).toISOString(),
    }).execute();
    at(new Date(expiry + 60_000).toISOString());
    await runJobsOnce(ctx);
    const source = await reservationRow(ctx, reservation.id);
    assert.equal(source.provisioning_state, 'Expired');
    assert.equal(source.renew_destination, null);
    const plan = await ctx.store.db.selectFrom('renewal_plans').selectAll().where('reservation_id', '=', reservation.id).executeTakeFirstOrThrow();
    assert.equal(plan.status, 'NotProcessed');
    assert.match(plan.reason ?? '', /price changed/);
    const [notice] = await outboxOf(ctx, reservation.id, 'renew');
    assert.equal(JSON.parse(notice!.data).outcome, 'notProcessed');
    assert.equal((await ctx.store.db.selectFrom('audit_log').select('id').where('target_id', '=', reservation.id).where('action', '=', 'reservation.renewNotProcessed').execute()).length, 1);
  });

  test('split and merge cancel the renewal setting (job sweep and cancelRenewal)', async () => {
    const { ctx } = server;
    at('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation } = await buyOne(ctx, setup, { renew: true, quantity: 4 });
    // A split as the split code leaves it: the source Split, two destinations that copied renew.
    const src = await reservationRow(ctx, reservation.id);
    const kids = [newId(), newId()];
    for (const [i, id] of kids.entries()) {
      await ctx.store.db.insertInto('reservations').values({ ...src, id, quantity: 2, split_source: src.id, etag: 1, renew: 1, display_name: `${src.display_name}_${i}` }).execute();
      await ctx.store.db.insertInto('reservation_revisions').values({ reservation_id: id, revision: 1, recorded_at: ctx.clock.now().toISOString(), actor_id: null, change: 'Split', snapshot: '{}' }).execute();
    }
    await ctx.store.db.updateTable('reservations').set({ provisioning_state: 'Split', split_destinations: JSON.stringify(kids) }).where('id', '=', src.id).execute();
    server.clock.advanceDays(1);
    const report = await runJobsOnce(ctx);
    assert.equal(report.find((r) => r.job === 'lifecycle')?.result?.renewCancelled, 3);
    for (const id of [src.id, ...kids]) assert.equal((await reservationRow(ctx, id)).renew, 0, id);

    // Renewal turned on again after the split is the user's choice and stays.
    await ctx.store.db.updateTable('reservations').set({ renew: 1 }).where('id', '=', kids[0]!).execute();
    await ctx.store.db.insertInto('reservation_revisions').values({ reservation_id: kids[0]!, revision: 3, recorded_at: ctx.clock.now().toISOString(), actor_id: null, change: 'Renew on', snapshot: '{}' }).execute();
    server.clock.advanceDays(1);
    await runJobsOnce(ctx);
    assert.equal((await reservationRow(ctx, kids[0]!)).renew, 1);
    // The function the split, merge and transfer code calls.
    assert.equal(await ctx.store.db.transaction().execute((db) => cancelRenewal(db, kids[0]!, ctx.clock.now(), 'transfer')), true);
    assert.equal((await reservationRow(ctx, kids[0]!)).renew, 0);
    assert.equal(await ctx.store.db.transaction().execute((db) => cancelRenewal(db, kids[0]!, ctx.clock.now(), 'transfer')), false);
  });

  test('monthly payments: a scheduled instalment is charged on its due date with a statement line, once', async () => {
    const { ctx } = server;
    at('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { order } = await buyOne(ctx, setup, { plan: 'Monthly' });
    const second = await ctx.store.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).where('sequence', '=', 2).executeTakeFirstOrThrow();
    assert.equal(second.status, 'Scheduled');
    const lines = () => ctx.store.db.selectFrom('statement_lines').selectAll().where('reservation_order_id', '=', order.id).execute();
    assert.equal((await lines()).length, 1);

    at(`${second.due_date}T00:00:00.000Z`);
    server.clock.set(new Date(new Date(`${second.due_date}T00:00:00.000Z`).getTime() - 1000));
    await runJobsOnce(ctx);
    assert.equal((await ctx.store.db.selectFrom('payments').select('status').where('order_id', '=', order.id).where('sequence', '=', 2).executeTakeFirstOrThrow()).status, 'Scheduled', 'not before the due date');

    at(`${second.due_date}T06:00:00.000Z`);
    await runJobsOnce(ctx);
    const charged = await ctx.store.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).where('sequence', '=', 2).executeTakeFirstOrThrow();
    assert.equal(charged.status, 'Succeeded');
    assert.equal(charged.payment_date, second.due_date);
    const after1 = await lines();
    assert.equal(after1.length, 2);
    const line = after1.find((l) => /instalment 2/.test(l.description))!;
    assert.equal(Number(line.amount_minor), Number(second.amount_minor));
    assert.equal(line.period, second.due_date.slice(0, 7));
    const third = await ctx.store.db.selectFrom('payments').select('status').where('order_id', '=', order.id).where('sequence', '=', 3).executeTakeFirstOrThrow();
    assert.equal(third.status, 'Scheduled', 'next month\'s instalment waits');

    server.clock.advanceDays(1);
    await runJobsOnce(ctx);
    assert.equal((await lines()).length, 2, 'charged once');
  });

  test('the runner started with the server ticks on its own and stops', async () => {
    const { ctx } = server;
    at('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { reservation } = await buyOne(ctx, setup);
    at(new Date(new Date(reservation.expiryAt).getTime() + 1000).toISOString());
    const runner = startJobRunner(ctx, { intervalMs: 20 });
    try {
      const deadline = Date.now() + 20_000;
      while ((await reservationRow(ctx, reservation.id)).provisioning_state !== 'Expired') {
        assert.ok(Date.now() < deadline, 'the runner expired the reservation');
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await runner.stop();
    }
  });
});
