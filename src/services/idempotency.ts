import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';
import { inTransaction, type AppContext } from './context.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Stripe-style idempotency for operations that move money. The key is remembered in the same
 * transaction as the operation's writes: a retry with the same key and body gets the first
 * response without doing anything again; the same key with another body is refused (422); two
 * concurrent first tries cannot both commit, because the key is a primary key.
 */
export async function idempotent(
  ctx: AppContext,
  actor: Actor,
  key: string | undefined,
  operation: string,
  request: unknown,
  work: (db: Db) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (key === undefined) return { ...(await inTransaction(ctx, work)), replayed: false };
  if (!KEY.test(key)) throw new DomainError(400, 'InvalidIdempotencyKey', 'Idempotency-Key must be 1 to 200 visible ASCII characters', 'Idempotency-Key');
  const hash = createHash('sha256').update(operation).update('\0').update(JSON.stringify(request)).digest('hex');
  const previous = async () => {
    const row = await ctx.store.db.selectFrom('idempotency_keys').selectAll()
      .where('owner_id', '=', actor.userId).where('key', '=', key).executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== hash || row.operation !== operation) {
      throw new DomainError(422, 'IdempotencyKeyReused', 'This Idempotency-Key was used with a different request; use a new key for a new request', 'Idempotency-Key');
    }
    return { status: row.status_code, body: JSON.parse(row.response) as unknown, replayed: true };
  };
  const first = await previous();
  if (first) return first;
  try {
    return await inTransaction(ctx, async (db) => {
      const result = await work(db);
      await db.insertInto('idempotency_keys').values({
        owner_id: actor.userId, key, operation, request_hash: hash,
        status_code: result.status, response: JSON.stringify(result.body ?? null), created_at: ctx.clock.now().toISOString(),
      }).execute();
      return { ...result, replayed: false };
    });
  } catch (err) {
    const replay = await previous().catch(() => undefined);
    if (replay) return replay;
    throw err;
  }
}
