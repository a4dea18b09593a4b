import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { newId } from '../domain/ids.ts';
import { isNotificationRecipient } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';
import { inTransaction, type AppContext } from './context.ts';
import { preferencesOf } from './notification-service.ts';

/** Retries: 30 s, 1, 2, 4, 8 min… of clock time, up to this many attempts. */
export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 30_000;
export const backoffMs = (attempts: number): number => BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1);

type OutboxRow = { id: string; event_type: string; partner_id: string; reseller_id: string | null; customer_id: string | null; target_type: string; target_id: string; title: string; data: string; created_at: string };

/** The event as receivers see it (webhook body, e-mail text). */
export function eventDocument(e: OutboxRow) {
  return {
    id: e.id, type: e.event_type, createdAt: e.created_at, partnerId: e.partner_id, customerId: e.customer_id,
    target: { type: e.target_type, id: e.target_id }, title: e.title, data: JSON.parse(e.data) as unknown,
  };
}

/**
 * Fans each undispatched outbox event out to its channels: an inbox entry and (with SMTP set) an
 * e-mail for every recipient who wants it, a delivery for every subscribed webhook of the partner.
 * Marking the event dispatched and writing its fan-out is one transaction: once, whoever runs it.
 */
export async function dispatchOutbox(ctx: AppContext): Promise<number> {
  let n = 0;
  for (;;) {
    const events = await ctx.store.db.selectFrom('notification_outbox').selectAll().where('dispatched_at', 'is', null).orderBy('created_at').limit(200).execute();
    if (events.length === 0) return n;
    for (const e of events) {
      await inTransaction(ctx, async (db) => {
        const now = ctx.clock.now().toISOString();
        const claimed = await db.updateTable('notification_outbox').set({ dispatched_at: now }).where('id', '=', e.id).where('dispatched_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return;
        await fanOut(ctx, db, e, now);
        n += 1;
      });
    }
    if (events.length < 200) return n;
  }
}

async function fanOut(ctx: AppContext, db: Db, e: OutboxRow, now: string): Promise<void> {
  const partnerIds = [e.partner_id, ...(e.reseller_id ? [e.reseller_id] : [])];
  const users = await db.selectFrom('users').select(['id', 'email', 'tenant_type', 'partner_id', 'customer_id', 'roles'])
    .where('disabled', '=', 0)
    .where((eb) => eb.or([eb('partner_id', 'in', partnerIds), ...(e.customer_id ? [eb('customer_id', '=', e.customer_id)] : [])]))
    .execute();
  const event = { type: e.event_type, partnerId: e.partner_id, resellerId: e.reseller_id, customerId: e.customer_id };
  for (const u of users) {
    if (!isNotificationRecipient({ tenantType: u.tenant_type, partnerId: u.partner_id, customerId: u.customer_id, roles: JSON.parse(u.roles) as string[] }, event)) continue;
    const choice = (await preferencesOf(db, u.id))[e.event_type as keyof Awaited<ReturnType<typeof preferencesOf>>];
    if (choice?.inApp) {
      await db.insertInto('notifications').values({ id: newId(), user_id: u.id, event_id: e.id, event_type: e.event_type, title: e.title, data: e.data, created_at: now, read_at: null }).execute();
    }
    if (choice?.email && ctx.config.smtpUrl) {
      await db.insertInto('email_deliveries').values({
        id: newId(), user_id: u.id, to_address: u.email, event_id: e.id, subject: `[Reservation Desk] ${e.title}`,
        body: `${e.title}\n\n${JSON.stringify(eventDocument(e), null, 2)}\n`, status: 'Pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, sent_at: null,
      }).execute();
    }
  }
  const hooks = await db.selectFrom('webhooks').selectAll().where('partner_id', 'in', partnerIds).where('active', '=', 1).execute();
  for (const h of hooks) {
    const events = JSON.parse(h.events) as string[];
    if (events.length > 0 && !events.includes(e.event_type)) continue;
    await db.insertInto('webhook_deliveries').values({
      id: newId(), webhook_id: h.id, event_id: e.id, event_type: e.event_type, payload: JSON.stringify(eventDocument(e)),
      status: 'Pending', attempts: 0, next_attempt_at: now, last_attempt_at: null, response_code: null, attempt_log: '[]', created_at: now,
    }).execute();
  }
}

export const SIGNATURE_HEADER = 'x-resdesk-signature';
export const TIMESTAMP_HEADER = 'x-resdesk-timestamp';
export const signBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * One attempt of one webhook delivery: POST the body with its HMAC-SHA256 signature (over the raw
 * body, keyed with the webhook's secret) and a timestamp; the attempt, its response code and the
 * next try (exponential backoff) go to the delivery log.
 */
export async function attemptWebhookDelivery(ctx: AppContext, deliveryId: string): Promise<void> {
  const d = await ctx.store.db.selectFrom('webhook_deliveries').innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.payload', 'webhook_deliveries.attempts', 'webhook_deliveries.attempt_log', 'webhook_deliveries.event_type', 'webhooks.url', 'webhooks.secret'])
    .where('webhook_deliveries.id', '=', deliveryId).executeTakeFirst();
  if (!d) return;
  const now = ctx.clock.now();
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const body = JSON.stringify({ deliveryId: d.id, attempt: d.attempts + 1, sentAt: now.toISOString(), event: JSON.parse(d.payload) as unknown });
  let code: number | null = null;
  let error: string | null = null;
  const started = Date.now();
  try {
    const res = await fetch(d.url, {
      method: 'POST', body, signal: AbortSignal.timeout(10_000),
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(d.secret, body), [TIMESTAMP_HEADER]: timestamp, 'x-resdesk-event': d.event_type, 'x-resdesk-delivery': d.id },
    });
    code = res.status;
    await res.body?.cancel();
  } catch (err) {
    error = (err as Error).message;
  }
  const attempts = d.attempts + 1;
  const ok = code !== null && code >= 200 && code < 300;
  const status = ok ? 'Succeeded' : attempts >= MAX_ATTEMPTS ? 'Failed' : 'Pending';
  const log = [...(JSON.parse(d.attempt_log) as unknown[]), { attempt: attempts, at: now.toISOString(), responseCode: code, error, durationMs: Date.now() - started }];
  await ctx.store.db.updateTable('webhook_deliveries').set({
    status, attempts, last_attempt_at: now.toISOString(), response_code: code, attempt_log: JSON.stringify(log),
    next_attempt_at: status === 'Pending' ? new Date(now.getTime() + backoffMs(attempts)).toISOString() : null,
  }).where('id', '=', d.id).execute();
}

export async function deliverWebhooks(ctx: AppContext): Promise<number> {
  const due = await ctx.store.db.selectFrom('webhook_deliveries').select('id')
    .where('status', '=', 'Pending').where('next_attempt_at', '<=', ctx.clock.now().toISOString()).orderBy('next_attempt_at').limit(500).execute();
  // Receivers are independent; a slow one should not hold up the others for long.
  await Promise.all(due.map((d) => attemptWebhookDelivery(ctx, d.id)));
  return due.length;
}

const transports = new Map<string, Transporter>();

export async function deliverEmails(ctx: AppContext): Promise<number> {
  if (!ctx.config.smtpUrl) return 0;
  const now = ctx.clock.now();
  const due = await ctx.store.db.selectFrom('email_deliveries').selectAll()
    .where('status', '=', 'Pending').where('next_attempt_at', '<=', now.toISOString()).orderBy('created_at').limit(500).execute();
  let transport = transports.get(ctx.config.smtpUrl);
  if (!transport) transports.set(ctx.config.smtpUrl, (transport = nodemailer.createTransport(ctx.config.smtpUrl)));
  let sent = 0;
  for (const m of due) {
    const attempts = m.attempts + 1;
    try {
      await transport.sendMail({ from: ctx.config.mailFrom ?? 'Reservation Desk <notifications@reservation-desk.local>', to: m.to_address, subject: m.subject, text: m.body });
      await ctx.store.db.updateTable('email_deliveries').set({ status: 'Sent', attempts, sent_at: now.toISOString(), next_attempt_at: null, last_error: null }).where('id', '=', m.id).execute();
      sent += 1;
    } catch (err) {
      const status = attempts >= MAX_ATTEMPTS ? 'Failed' : 'Pending';
      await ctx.store.db.updateTable('email_deliveries').set({
        status, attempts, last_error: (err as Error).message,
        next_attempt_at: status === 'Pending' ? new Date(now.getTime() + backoffMs(attempts)).toISOString() : null,
      }).where('id', '=', m.id).execute();
    }
  }
  return sent;
}
