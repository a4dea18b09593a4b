import type { Actor } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  partnerId?: string | null;
  customerId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit entry inside the caller's transaction, so an entry exists exactly when the
 * change it describes does. The actor acts "on behalf of" the customer when a partner user
 * changes a customer's resources (AOBO).
 */
export async function recordAudit(db: Db, actor: Actor | null, at: Date, entry: AuditEntry): Promise<void> {
  const onBehalfOf = actor?.kind === 'partner' && entry.customerId ? entry.customerId : null;
  await db.insertInto('audit_log').values({
    recorded_at: at.toISOString(),
    actor_id: actor?.userId ?? null,
    actor_name: actor?.name ?? 'system',
    on_behalf_of: onBehalfOf,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    partner_id: entry.partnerId ?? null,
    customer_id: entry.customerId ?? null,
    before_state: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_state: entry.after === undefined ? null : JSON.stringify(entry.after),
  }).execute();
}
