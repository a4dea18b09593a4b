import { z } from 'zod';
import { attemptWebhookDelivery } from '../../services/notification-delivery.ts';
import {
  createWebhook, deleteWebhook, getWebhook, listDeliveries, listNotifications, listWebhooks, markRead, preferencesOf,
  redeliver, updatePreferences, updateWebhook,
} from '../../services/notification-service.ts';
import { NOTIFICATION_EVENTS } from '../../services/notifications.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';

const page = { size: queryInt(1, 200).default(50), offset: queryInt(0, 1_000_000).default(0) };
const channelChoice = z.object({ inApp: z.boolean().optional(), email: z.boolean().optional() }).strict();
const preferencesBody = z.object(Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, channelChoice.optional()])) as Record<(typeof NOTIFICATION_EVENTS)[number], z.ZodOptional<typeof channelChoice>>).strict();
const webhookEvents = z.array(z.enum(NOTIFICATION_EVENTS)).max(NOTIFICATION_EVENTS.length);
const webhookBody = z.object({
  url: z.string().trim().max(2000),
  events: webhookEvents.optional(),
  description: z.string().max(200).optional(),
  secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});
const webhookPatch = webhookBody.partial().extend({ active: z.boolean().optional() });
const hookParams = z.object({ webhookId: guid() });

/** The in-app inbox, notification preferences and outgoing webhooks (issue 4). */
export function notificationRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/notifications', door: 'partner', auth: 'bearer', operationId: 'Notifications_List',
      summary: 'The caller\'s in-app notifications, newest first; `unread=true` for the unread ones only.',
      query: z.object({ unread: z.enum(['true', 'false']).optional(), ...page }),
      handler: async ({ ctx, actor, query }) => {
        const { items, total, unread } = await listNotifications(ctx, actor, { unread: query.unread === 'true', limit: query.size, offset: query.offset });
        const next = query.offset + items.length < total ? pageUri('/v1/notifications', query, query.offset + query.size, query.size) : undefined;
        return { body: { ...collection(items, total, pageUri('/v1/notifications', query, query.offset, query.size), next), unreadCount: unread } };
      },
    }),
    route({
      method: 'POST', url: '/v1/notifications/:notificationId/read', door: 'partner', auth: 'bearer', operationId: 'Notifications_MarkRead',
      summary: 'Marks one of the caller\'s notifications read.',
      params: z.object({ notificationId: guid() }),
      handler: async ({ ctx, actor, params }) => ({ body: await markRead(ctx, actor, params.notificationId) }),
    }),
    route({
      method: 'GET', url: '/v1/notificationPreferences', door: 'partner', auth: 'bearer', operationId: 'NotificationPreferences_Get',
      summary: 'Which events reach the caller, and through which channels (inApp, email).',
      handler: async ({ ctx, actor }) => ({ body: await preferencesOf(ctx.store.db, actor.userId) }),
    }),
    route({
      method: 'PUT', url: '/v1/notificationPreferences', door: 'partner', auth: 'bearer', operationId: 'NotificationPreferences_Update',
      summary: 'Sets the caller\'s choices per event; events not named keep their setting.',
      body: preferencesBody,
      handler: async ({ ctx, actor, body }) => ({ body: await updatePreferences(ctx, actor, body) }),
    }),
    route({
      method: 'GET', url: '/v1/webhooks', door: 'partner', auth: 'bearer', operationId: 'Webhooks_List',
      summary: 'The partner\'s outgoing webhooks (global admins and admin agents).',
      handler: async ({ ctx, actor }) => {
        const items = await listWebhooks(ctx, actor);
        return { body: collection(items, items.length, '/v1/webhooks') };
      },
    }),
    route({
      method: 'POST', url: '/v1/webhooks', door: 'partner', auth: 'bearer', operationId: 'Webhooks_Create',
      summary: 'Adds a webhook; every delivery is signed with HMAC-SHA256 of the raw body under the secret (header X-ResDesk-Signature: sha256=<hex>, with X-ResDesk-Timestamp). The secret is returned once.',
      body: webhookBody,
      responses: { 201: 'The webhook with its secret.' },
      handler: async ({ ctx, actor, body }) => ({ status: 201, body: await createWebhook(ctx, actor, body) }),
    }),
    route({
      method: 'GET', url: '/v1/webhooks/:webhookId', door: 'partner', auth: 'bearer', operationId: 'Webhooks_Get',
      summary: 'One webhook.', params: hookParams,
      handler: async ({ ctx, actor, params }) => ({ body: await getWebhook(ctx, actor, params.webhookId) }),
    }),
    route({
      method: 'PATCH', url: '/v1/webhooks/:webhookId', door: 'partner', auth: 'bearer', operationId: 'Webhooks_Update',
      summary: 'Changes a webhook\'s URL, events, description, secret or active flag.', params: hookParams, body: webhookPatch,
      handler: async ({ ctx, actor, params, body }) => ({ body: await updateWebhook(ctx, actor, params.webhookId, body) }),
    }),
    route({
      method: 'DELETE', url: '/v1/webhooks/:webhookId', door: 'partner', auth: 'bearer', operationId: 'Webhooks_Delete',
      summary: 'Removes a webhook and its delivery log.', params: hookParams,
      handler: async ({ ctx, actor, params }) => { await deleteWebhook(ctx, actor, params.webhookId); return { status: 204 }; },
    }),
    route({
      method: 'GET', url: '/v1/webhooks/:webhookId/deliveries', door: 'partner', auth: 'bearer', operationId: 'Webhooks_ListDeliveries',
      summary: 'The delivery log: each delivery\'s status, attempts and response codes, newest first.',
      params: hookParams, query: z.object(page),
      handler: async ({ ctx, actor, params, query }) => {
        const { items, total } = await listDeliveries(ctx, actor, params.webhookId, { limit: query.size, offset: query.offset });
        const path = `/v1/webhooks/${params.webhookId}/deliveries`;
        const next = query.offset + items.length < total ? pageUri(path, query, query.offset + query.size, query.size) : undefined;
        return { body: collection(items, total, pageUri(path, query, query.offset, query.size), next) };
      },
    }),
    route({
      method: 'POST', url: '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver', door: 'partner', auth: 'bearer', operationId: 'Webhooks_Redeliver',
      summary: 'Sends a delivery\'s event again now, as a new delivery in the log.',
      params: z.object({ webhookId: guid(), deliveryId: guid() }),
      handler: async ({ ctx, actor, params }) => ({ body: await redeliver(ctx, actor, params.webhookId, params.deliveryId, attemptWebhookDelivery) }),
    }),
  ];
}
