import { newId } from '../domain/ids.ts';
import type { Db } from '../store/database.ts';

/** The events a user can be told about (issue 4); each user picks which reach them and how. */
export const NOTIFICATION_EVENTS = [
  'purchase', 'return', 'exchange', 'scopeChange', 'accessChange', 'renew', 'expiring', 'expired', 'supportRequestStatus',
  // Usage alerts (issue 7): raised once per condition until it clears (jobs/usage-alerts-job.ts).
  'lowUtilization', 'noUsage',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

export interface NotificationEvent {
  type: NotificationEventType;
  /** When it happened (the cause's clock). */
  at: Date;
  /** The partner that bills the customer; its users and webhooks hear of it. */
  partnerId: string;
  /** For indirect customers, the reseller, whose users hear of it too. */
  resellerId?: string | null;
  customerId?: string | null;
  targetType: string;
  targetId: string;
  /** One line for the inbox and the e-mail subject. */
  title: string;
  data?: Record<string, unknown>;
}

/**
 * Records an event in the outbox inside the caller's transaction: it exists exactly when its cause
 * does, and delivery (inbox, webhooks, e-mail) happens later in the notifications job, so a slow
 * or failing receiver can never block or fail the operation itself.
 */
export async function enqueueNotification(db: Db, event: NotificationEvent): Promise<string> {
  const id = newId();
  await db.insertInto('notification_outbox').values({
    id,
    event_type: event.type,
    partner_id: event.partnerId,
    reseller_id: event.resellerId ?? null,
    customer_id: event.customerId ?? null,
    target_type: event.targetType,
    target_id: event.targetId,
    title: event.title,
    data: JSON.stringify(event.data ?? {}),
    created_at: event.at.toISOString(),
    dispatched_at: null,
  }).execute();
  return id;
}
