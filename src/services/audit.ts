import type { Actor } from '../domain/policy.ts';
import { PostgresAdapter, sql } from 'kysely';
import { auditEntryHash, GENESIS_HASH, type ChainedContent } from '../domain/audit-chain.ts';
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
  const content = {
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
  };
  // The chain head must be read and moved in the same transaction as the insert; a caller outside
  // a transaction (sign-in) gets one of its own.
  if (db.isTransaction) await appendChained(db, content);
  else await db.transaction().execute((tx) => appendChained(tx, content));
}

/**
 * Appends an entry at the head of the hash chain. On PostgreSQL the head row is locked FOR UPDATE,
 * so concurrent writers take their places one after another (held until their commit); SQLite
 * runs one writing transaction at a time.
 */
async function appendChained(db: Db, content: Omit<ChainedContent, 'chain_seq' | 'prev_hash'>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const head = postgres
    ? (await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head where id = 1 for update`.execute(db)).rows[0]
    : await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const prev = head ?? { seq: 0, hash: GENESIS_HASH };
  const chained: ChainedContent = { ...content, chain_seq: Number(prev.seq) + 1, prev_hash: prev.hash };
  const hash = auditEntryHash(chained);
  await db.insertInto('audit_log').values({ ...chained, hash }).execute();
  if (head) await db.updateTable('audit_chain_head').set({ seq: chained.chain_seq, hash }).where('id', '=', 1).execute();
  else await db.insertInto('audit_chain_head').values({ id: 1, seq: chained.chain_seq, hash }).execute();
}
