import { randomBytes } from 'node:crypto';
import { badRequest, forbidden, notFound } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { decideWebhookManage, type Actor } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';
import { recordAudit } from './audit.ts';
import { inTransaction, type AppContext } from './context.ts';
import { NOTIFICATION_EVENTS, type NotificationEventType } from './notifications.ts';

export type Preferences = Record<NotificationEventType, { inApp: boolean; email: boolean }>;

/** Our default: every event a user is a recipient of reaches the inbox and, with SMTP, e-mail. */
export async function preferencesOf(db: Db, userId: string): Promise<Preferences> {
  const row = await db.selectFrom('notification_preferences').select('preferences').where('user_id', '=', userId).executeTakeFirst();
  const stored = row ? (JSON.parse(row.preferences) as Partial<Preferences>) : {};
  const out = {} as Preferences;
  for (const e of NOTIFICATION_EVENTS) out[e] = { inApp: stored[e]?.inApp ?? true, email: stored[e]?.email ?? true };
  return out;
}

/** Merges the given choices into the user's; events not named keep their setting. */
export async function updatePreferences(ctx: AppContext, actor: Actor, changes: Partial<Record<NotificationEventType, { inApp?: boolean; email?: boolean }>>): Promise<Preferences> {
  const db = ctx.store.db;
  const current = await preferencesOf(db, actor.userId);
  for (const [k, v] of Object.entries(changes)) {
    const key = k as NotificationEventType;
    current[key] = { inApp: v?.inApp ?? current[key].inApp, email: v?.email ?? current[key].email };
  }
  const at = ctx.clock.now().toISOString();
  await db.insertInto('notification_preferences').values({ user_id: actor.userId, preferences: JSON.stringify(current), updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ preferences: JSON.stringify(current), updated_at: at })).execute();
  return current;
}

export interface InboxItem { id: string; eventId: string; type: string; title: string; data: unknown; createdAt: string; readAt: string | null }

export async function listNotifications(ctx: AppContext, actor: Actor, q: { unread?: boolean; limit: number; offset: number }): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const db = ctx.store.db;
  let query = db.selectFrom('notifications').where('user_id', '=', actor.userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute();
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const unread = Number((await db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst())?.n ?? 0);
  return { items: rows.map((r) => ({ id: r.id, eventId: r.event_id, type: r.event_type, title: r.title, data: JSON.parse(r.data) as unknown, createdAt: r.created_at, readAt: r.read_at })), total, unread };
}

export async function markRead(ctx: AppContext, actor: Actor, id: string): Promise<InboxItem> {
  const db = ctx.store.db;
  // Another user's notification is simply not found.
  await db.updateTable('notifications').set({ read_at: ctx.clock.now().toISOString() }).where('id', '=', id).where('user_id', '=', actor.userId).where('read_at', 'is', null).execute();
  const r = await db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!r) throw notFound('NotificationNotFound', `Notification ${id} was not found`);
  return { id: r.id, eventId: r.event_id, type: r.event_type, title: r.title, data: JSON.parse(r.data) as unknown, createdAt: r.created_at, readAt: r.read_at };
}

// Webhooks -------------------------------------------------------------------------------------

export interface WebhookView { id: string; url: string; events: string[]; active: boolean; description: string; createdAt: string; updatedAt: string; secret?: string }

function requireWebhookManager(actor: Actor): asserts actor is Extract<Actor, { kind: 'partner' }> {
  const d = decideWebhookManage(actor);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not manage webhooks.');
}

function checkUrl(url: string): void {
  let u: URL;
  try { u = new URL(url); } catch { throw badRequest('InvalidWebhookUrl', `"${url}" is not a URL`, 'url'); }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw badRequest('InvalidWebhookUrl', 'A webhook URL is http or https', 'url');
}

const viewOf = (r: { id: string; url: string; events: string; active: number; description: string; created_at: string; updated_at: string }): WebhookView =>
  ({ id: r.id, url: r.url, events: JSON.parse(r.events) as string[], active: r.active === 1, description: r.description, createdAt: r.created_at, updatedAt: r.updated_at });

async function ownWebhook(db: Db, actor: Extract<Actor, { kind: 'partner' }>, id: string) {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).where('partner_id', '=', actor.partnerId).executeTakeFirst();
  if (!row) throw notFound('WebhookNotFound', `Webhook ${id} was not found`);
  return row;
}

/** The secret is shown once, at creation (and when rotated); it signs every delivery. */
export async function createWebhook(ctx: AppContext, actor: Actor, input: { url: string; events?: string[]; description?: string; secret?: string }): Promise<WebhookView> {
  requireWebhookManager(actor);
  checkUrl(input.url);
  const at = ctx.clock.now().toISOString();
  const secret = input.secret ?? randomBytes(24).toString('base64url');
  const row = { id: newId(), partner_id: actor.partnerId, url: input.url, secret, events: JSON.stringify(input.events ?? []), active: 1, description: input.description ?? '', created_by: actor.userId, created_at: at, updated_at: at };
  await inTransaction(ctx, async (db) => {
    await db.insertInto('webhooks').values(row).execute();
    await recordAudit(db, actor, ctx.clock.now(), { action: 'webhook.create', targetType: 'webhook', targetId: row.id, partnerId: actor.partnerId, after: viewOf(row) });
  });
  return { ...viewOf(row), secret };
}

export async function listWebhooks(ctx: AppContext, actor: Actor): Promise<WebhookView[]> {
  requireWebhookManager(actor);
  const rows = await ctx.store.db.selectFrom('webhooks').selectAll().where('partner_id', '=', actor.partnerId).orderBy('created_at').execute();
  return rows.map(viewOf);
}

export async function getWebhook(ctx: AppContext, actor: Actor, id: string): Promise<WebhookView> {
  requireWebhookManager(actor);
  return viewOf(await ownWebhook(ctx.store.db, actor, id));
}

export async function updateWebhook(ctx: AppContext, actor: Actor, id: string, input: { url?: string; events?: string[]; description?: string; active?: boolean; secret?: string }): Promise<WebhookView> {
  requireWebhookManager(actor);
  const before = viewOf(await ownWebhook(ctx.store.db, actor, id));
  if (input.url) checkUrl(input.url);
  await inTransaction(ctx, async (db) => {
    await db.updateTable('webhooks').set({
      ...(input.url ? { url: input.url } : {}), ...(input.events ? { events: JSON.stringify(input.events) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}), ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
      ...(input.secret ? { secret: input.secret } : {}), updated_at: ctx.clock.now().toISOString(),
    }).where('id', '=', id).execute();
    // The secret itself never goes into the audit log, only that it changed.
    await recordAudit(db, actor, ctx.clock.now(), { action: 'webhook.update', targetType: 'webhook', targetId: id, partnerId: actor.partnerId, before, after: { ...viewOf(await ownWebhook(db, actor, id)), secretChanged: Boolean(input.secret) } });
  });
  return getWebhook(ctx, actor, id);
}

export async function deleteWebhook(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  requireWebhookManager(actor);
  const before = viewOf(await ownWebhook(ctx.store.db, actor, id));
  await inTransaction(ctx, async (db) => {
    await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    await db.deleteFrom('webhooks').where('id', '=', id).execute();
    await recordAudit(db, actor, ctx.clock.now(), { action: 'webhook.delete', targetType: 'webhook', targetId: id, partnerId: actor.partnerId, before });
  });
}

export interface DeliveryView { id: string; eventId: string; eventType: string; status: string; attempts: number; responseCode: number | null; lastAttemptAt: string | null; nextAttemptAt: string | null; createdAt: string; attemptLog: unknown[] }

const deliveryOf = (r: { id: string; event_id: string; event_type: string; status: string; attempts: number; response_code: number | null; last_attempt_at: string | null; next_attempt_at: string | null; created_at: string; attempt_log: string }): DeliveryView => ({
  id: r.id, eventId: r.event_id, eventType: r.event_type, status: r.status, attempts: r.attempts, responseCode: r.response_code,
  lastAttemptAt: r.last_attempt_at, nextAttemptAt: r.next_attempt_at, createdAt: r.created_at, attemptLog: JSON.parse(r.attempt_log) as unknown[],
});

export async function listDeliveries(ctx: AppContext, actor: Actor, webhookId: string, q: { limit: number; offset: number }): Promise<{ items: DeliveryView[]; total: number }> {
  requireWebhookManager(actor);
  await ownWebhook(ctx.store.db, actor, webhookId);
  const base = ctx.store.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
  const rows = await base.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute();
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  return { items: rows.map(deliveryOf), total };
}

/** Manual redelivery: a new delivery of the same event, attempted now and logged like any other. */
export async function redeliver(ctx: AppContext, actor: Actor, webhookId: string, deliveryId: string, attempt: (ctx: AppContext, id: string) => Promise<void>): Promise<DeliveryView> {
  requireWebhookManager(actor);
  await ownWebhook(ctx.store.db, actor, webhookId);
  const d = await ctx.store.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('webhook_id', '=', webhookId).executeTakeFirst();
  if (!d) throw notFound('DeliveryNotFound', `Delivery ${deliveryId} was not found`);
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.store.db.insertInto('webhook_deliveries').values({ ...d, id, status: 'Pending', attempts: 0, next_attempt_at: at, last_attempt_at: null, response_code: null, attempt_log: '[]', created_at: at }).execute();
  await attempt(ctx, id);
  return deliveryOf(await ctx.store.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}
