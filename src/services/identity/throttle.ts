import { DomainError } from '../../domain/errors.ts';
import type { Db } from '../../store/database.ts';

/**
 * Failed sign-ins, counted in the database so every server instance sees the same counts.
 * Per account: after ACCOUNT.slowAfter failures in the window every further attempt waits
 * ACCOUNT.backoffSeconds after the last failure (429 with Retry-After); at ACCOUNT.lockAfter the
 * account is locked for lockSeconds. Per client address the same with higher numbers.
 */
export interface ThrottleLimits {
  windowSeconds: number;
  slowAfter: number;
  backoffSeconds: number;
  lockAfter: number;
  lockSeconds: number;
}

export const ACCOUNT_LIMITS: ThrottleLimits = { windowSeconds: 15 * 60, slowAfter: 5, backoffSeconds: 60, lockAfter: 10, lockSeconds: 15 * 60 };
export const ADDRESS_LIMITS: ThrottleLimits = { windowSeconds: 15 * 60, slowAfter: 20, backoffSeconds: 30, lockAfter: 50, lockSeconds: 15 * 60 };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase().slice(0, 254)}`;
export const addressKey = (address: string) => `address:${address}`;

/** A 429 carrying the seconds to wait; the error handler turns it into `Retry-After`. */
export class ThrottledError extends DomainError {
  constructor(code: string, message: string, readonly retryAfterSeconds: number) {
    super(429, code, message);
  }
}

const secondsBetween = (from: Date, to: string) => Math.max(1, Math.ceil((new Date(to).getTime() - from.getTime()) / 1000));

/** Throws a ThrottledError when the key is locked or must wait; otherwise returns. */
export async function assertNotThrottled(db: Db, key: string, limits: ThrottleLimits, now: Date, what: 'account' | 'address'): Promise<void> {
  const row = await db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return;
  const iso = now.toISOString();
  if (row.locked_until && row.locked_until > iso) {
    throw new ThrottledError(what === 'account' ? 'AccountLocked' : 'AddressLocked',
      `Too many failed sign-ins ${what === 'account' ? 'for this account' : 'from this address'}; sign-in is locked for a while. Try again later.`,
      secondsBetween(now, row.locked_until));
  }
  const windowEnd = new Date(new Date(row.window_started_at).getTime() + limits.windowSeconds * 1000).toISOString();
  if (windowEnd <= iso) return;
  if (row.failures >= limits.slowAfter) {
    const waitUntil = new Date(new Date(row.last_failure_at).getTime() + limits.backoffSeconds * 1000).toISOString();
    if (waitUntil > iso) {
      throw new ThrottledError('TooManySignInAttempts', `Too many failed sign-ins ${what === 'account' ? 'for this account' : 'from this address'}; wait before trying again.`, secondsBetween(now, waitUntil));
    }
  }
}

/** Counts one failure; returns the lock end when this failure locked the key. */
export async function recordFailure(db: Db, key: string, limits: ThrottleLimits, now: Date): Promise<string | null> {
  const iso = now.toISOString();
  const row = await db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const windowOver = !row || new Date(row.window_started_at).getTime() + limits.windowSeconds * 1000 <= now.getTime()
    || (row.locked_until !== null && row.locked_until <= iso);
  const failures = windowOver ? 1 : row!.failures + 1;
  const lockedUntil = failures >= limits.lockAfter ? new Date(now.getTime() + limits.lockSeconds * 1000).toISOString() : null;
  const values = { failures, window_started_at: windowOver ? iso : row!.window_started_at, last_failure_at: iso, locked_until: lockedUntil };
  if (row) {
    await db.updateTable('sign_in_throttle').set(values).where('key', '=', key).execute();
  } else {
    // Two instances may count the first failure at once; the loser adds to the winner's row.
    await db.insertInto('sign_in_throttle').values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb('sign_in_throttle.failures', '+', 1), last_failure_at: iso })))
      .execute();
  }
  return lockedUntil;
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
