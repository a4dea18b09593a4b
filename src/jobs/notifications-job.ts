import type { AppContext } from '../services/context.ts';
import { deliverEmails, deliverWebhooks, dispatchOutbox } from '../services/notification-delivery.ts';

/** Delivers what the outbox holds: fan-out to inboxes, webhooks and e-mail, then the due attempts. */
export async function runNotificationsJob(ctx: AppContext): Promise<Record<string, number>> {
  const dispatched = await dispatchOutbox(ctx);
  const webhookAttempts = await deliverWebhooks(ctx);
  const emailsSent = await deliverEmails(ctx);
  return { dispatched, webhookAttempts, emailsSent };
}
