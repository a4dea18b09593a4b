import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { runJobsOnce } from '../../src/jobs/runner.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { GLOBAL_ADMIN, tokenOf } from '../money/money-helpers.ts';
import { buyOne, partnerSetup } from './ops-helpers.ts';

const SALES = 'sales.agent@contoso-kr.example';

/** A webhook receiver that answers with the queued status codes (then 200) and keeps what arrived. */
async function startReceiver(codes: number[]) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string; answered: number }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
      const answered = codes.shift() ?? 200;
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

/** A local SMTP server that keeps every message. */
async function startSmtp() {
  const messages: Array<{ to: string[]; data: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      let data = '';
      stream.setEncoding('utf8').on('data', (d: string) => (data += d)).on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}

describeEachEngine('notifications: outbox, inbox, preferences, webhooks, e-mail', (engine) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  before(async () => {
    server = await startTestServer(engine);
    await runJobsOnce(server.ctx);
    await server.ctx.store.db.deleteFrom('notifications').execute();
    receiver = await startReceiver([500]);
    smtp = await startSmtp();
  });
  after(async () => {
    await server?.close();
    await receiver?.close();
    await smtp?.close();
  });
  const tick = async () => { server.clock.set(new Date(server.clock.now().getTime() + 60_000)); return runJobsOnce(server.ctx); };

  test('a purchase reaches the inbox of the partner\'s admins, who mark it read; others see nothing', async () => {
    const { ctx } = server;
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const { order } = await buyOne(ctx, setup);
    // The event is in the outbox with the purchase, before any delivery.
    const queued = await ctx.store.db.selectFrom('notification_outbox').selectAll().where('target_id', '=', order.id).execute();
    assert.equal(queued.length, 1);
    assert.equal(queued[0]!.dispatched_at, null);
    await tick();
    const agent = await tokenOf(server, ADMIN_AGENT);
    const inbox = await server.call('GET', '/v1/notifications?unread=true', { token: agent });
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    const item = inbox.body.items.find((n: any) => n.data.reservationOrderId === order.id);
    assert.ok(item, 'the admin agent was told');
    assert.equal(item.type, 'purchase');
    const unreadBefore = inbox.body.unreadCount;
    const read = await server.call('POST', `/v1/notifications/${item.id}/read`, { token: agent });
    assert.equal(read.status, 200);
    assert.ok(read.body.readAt);
    assert.equal((await server.call('GET', '/v1/notifications', { token: agent })).body.unreadCount, unreadBefore - 1);
    // Someone else's notification is not found; a sales agent is not a recipient.
    assert.equal((await server.call('POST', `/v1/notifications/${item.id}/read`, { token: await tokenOf(server, GLOBAL_ADMIN) })).status, 404);
    const sales = await server.call('GET', '/v1/notifications', { token: await tokenOf(server, SALES) });
    assert.equal(sales.body.items.filter((n: any) => n.data.reservationOrderId === order.id).length, 0);
  });

  test('preferences choose which events reach a user and how', async () => {
    const { ctx } = server;
    const admin = await tokenOf(server, GLOBAL_ADMIN);
    const defaults = await server.call('GET', '/v1/notificationPreferences', { token: admin });
    assert.deepEqual(defaults.body.purchase, { inApp: true, email: true });
    const put = await server.call('PUT', '/v1/notificationPreferences', { token: admin, body: { purchase: { inApp: false } } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body.purchase, { inApp: false, email: true });
    assert.deepEqual(put.body.return, { inApp: true, email: true });
    assert.equal((await server.call('PUT', '/v1/notificationPreferences', { token: admin, body: { nonsense: { inApp: true } } })).status, 400);
    const { order } = await buyOne(ctx, await partnerSetup(ctx, ADMIN_AGENT));
    await tick();
    const mine = await server.call('GET', '/v1/notifications?size=200', { token: admin });
    assert.equal(mine.body.items.filter((n: any) => n.data.reservationOrderId === order.id).length, 0, 'the global admin turned purchases off');
    const agent = await server.call('GET', '/v1/notifications?size=200', { token: await tokenOf(server, ADMIN_AGENT) });
    assert.equal(agent.body.items.filter((n: any) => n.data.reservationOrderId === order.id).length, 1);
  });

  test('webhooks: signed deliveries, retry with backoff after a 500, delivery log, manual redelivery', async () => {
    const { ctx } = server;
    const agent = await tokenOf(server, ADMIN_AGENT);
    assert.equal((await server.call('POST', '/v1/webhooks', { token: await tokenOf(server, SALES), body: { url: receiver.url } })).status, 403);
    assert.equal((await server.call('POST', '/v1/webhooks', { token: agent, body: { url: 'not a url' } })).status, 400);
    const secret = 'a-test-secret-of-some-length';
    const created = await server.call('POST', '/v1/webhooks', { token: agent, body: { url: receiver.url, events: ['purchase', 'return'], secret } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const hookId = created.body.id;
    assert.equal(created.body.secret, secret);
    const audited = await ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', hookId).where('action', '=', 'webhook.create').execute();
    assert.equal(audited.length, 1);
    assert.ok(!String(audited[0]!.after_state).includes(secret), 'the secret stays out of the audit log');
    assert.equal((await server.call('GET', `/v1/webhooks/${hookId}`, { token: agent })).body.secret, undefined, 'the secret is shown once');
    // Another partner does not see it.
    assert.equal((await server.call('GET', `/v1/webhooks/${hookId}`, { token: await tokenOf(server, 'admin.agent@fabrikam-dist.example') })).status, 404);

    const { order } = await buyOne(ctx, await partnerSetup(ctx, ADMIN_AGENT));
    await tick();
    assert.equal(receiver.received.length, 1);
    const first = receiver.received[0]!;
    assert.equal(first.answered, 500);
    const expected = `sha256=${createHmac('sha256', secret).update(first.body).digest('hex')}`;
    assert.equal(first.headers['x-resdesk-signature'], expected, 'HMAC-SHA256 over the raw body');
    assert.match(String(first.headers['x-resdesk-timestamp']), /^\d{10}$/);
    const doc = JSON.parse(first.body);
    assert.equal(doc.event.type, 'purchase');
    assert.equal(doc.event.data.reservationOrderId, order.id);

    let log = await server.call('GET', `/v1/webhooks/${hookId}/deliveries`, { token: agent });
    assert.equal(log.status, 200);
    let d = log.body.items[0];
    assert.equal(d.status, 'Pending');
    assert.equal(d.responseCode, 500);
    assert.equal(d.attempts, 1);
    // Not retried before the backoff has passed.
    server.clock.set(new Date(server.clock.now().getTime() + 10_000));
    await runJobsOnce(ctx);
    assert.equal(receiver.received.length, 1);
    await tick();
    assert.equal(receiver.received.length, 2);
    assert.equal(receiver.received[1]!.answered, 200);
    assert.equal(receiver.received[1]!.headers['x-resdesk-signature'], `sha256=${createHmac('sha256', secret).update(receiver.received[1]!.body).digest('hex')}`);
    log = await server.call('GET', `/v1/webhooks/${hookId}/deliveries`, { token: agent });
    d = log.body.items[0];
    assert.equal(d.status, 'Succeeded');
    assert.equal(d.attempts, 2);
    assert.deepEqual(d.attemptLog.map((a: any) => a.responseCode), [500, 200]);

    const again = await server.call('POST', `/v1/webhooks/${hookId}/deliveries/${d.id}/redeliver`, { token: agent });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.status, 'Succeeded');
    assert.equal(again.body.responseCode, 200);
    assert.equal(receiver.received.length, 3);
    assert.equal(JSON.parse(receiver.received[2]!.body).event.id, doc.event.id);
    assert.equal((await server.call('GET', `/v1/webhooks/${hookId}/deliveries`, { token: agent })).body.totalCount, 2);

    // A support-request event is not among the webhook's events; a deactivated hook gets nothing.
    const patched = await server.call('PATCH', `/v1/webhooks/${hookId}`, { token: agent, body: { active: false } });
    assert.equal(patched.body.active, false);
    await buyOne(ctx, await partnerSetup(ctx, ADMIN_AGENT));
    await tick();
    assert.equal(receiver.received.length, 3);
    assert.equal((await server.call('DELETE', `/v1/webhooks/${hookId}`, { token: agent })).status, 204);
    assert.equal((await server.call('GET', '/v1/webhooks', { token: agent })).body.totalCount, 0);
  });

  test('e-mail through SMTP to recipients who want it', async () => {
    const { ctx } = server;
    ctx.config.smtpUrl = smtp.url;
    try {
      const admin = await tokenOf(server, GLOBAL_ADMIN);
      await server.call('PUT', '/v1/notificationPreferences', { token: admin, body: { purchase: { email: false } } });
      const { order } = await buyOne(ctx, await partnerSetup(ctx, ADMIN_AGENT));
      const report = await tick();
      assert.ok((report.find((r) => r.job === 'notifications')?.result?.emailsSent ?? 0) >= 1, JSON.stringify(report));
      const forOrder = smtp.messages.filter((m) => m.data.includes(order.id));
      const to = forOrder.flatMap((m) => m.to);
      assert.ok(to.includes(ADMIN_AGENT), `the admin agent got it: ${to.join(', ')}`);
      assert.ok(!to.includes(GLOBAL_ADMIN), 'the global admin turned purchase e-mail off');
      assert.ok(!to.includes(SALES), 'a sales agent is not a recipient');
      // The customer's own users hear of purchases (not of expiry, which goes to the CSP partner).
      const owners = await ctx.store.db.selectFrom('users').select('email').where('customer_id', '=', order.customerId).execute();
      for (const o of owners) assert.ok(to.includes(o.email), o.email);
      assert.match(forOrder[0]!.data, /Subject: \[Reservation Desk\] Reservation purchased/);
      const row = await ctx.store.db.selectFrom('email_deliveries').selectAll().where('to_address', '=', ADMIN_AGENT).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.equal(row.status, 'Sent');
    } finally {
      ctx.config.smtpUrl = undefined;
    }
  });
});
