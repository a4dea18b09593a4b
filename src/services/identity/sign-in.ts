import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { DomainError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { hashPassword, type IssuedToken } from '../auth-service.ts';
import { recordAudit } from '../audit.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { accountKey, ACCOUNT_LIMITS, addressKey, ADDRESS_LIMITS, assertNotThrottled, clearThrottle, recordFailure, ThrottledError } from './throttle.ts';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export interface SignedInUser {
  id: string;
  email: string;
  partnerId: string | null;
}

let decoyHash: Promise<string> | undefined;
const invalidCredentials = () => new DomainError(401, 'InvalidCredentials', 'The e-mail address or password is not correct.');

/**
 * E-mail and password sign-in with throttling per account and per client address. Unknown
 * accounts are verified against a decoy hash and throttled like real ones, so neither the answer
 * nor its timing says whether an account exists.
 */
export async function signInWithPassword(ctx: AppContext, emailInput: string, password: string, address: string, method: 'token' | 'session'): Promise<SignedInUser> {
  const email = emailInput.trim().toLowerCase();
  const now = ctx.clock.now();
  const db = ctx.store.db;
  try {
    await assertNotThrottled(db, addressKey(address), ADDRESS_LIMITS, now, 'address');
    await assertNotThrottled(db, accountKey(email), ACCOUNT_LIMITS, now, 'account');
  } catch (err) {
    if (err instanceof ThrottledError) {
      await recordAudit(db, null, now, { action: 'auth.signInThrottled', targetType: 'signIn', targetId: email.slice(0, 254), after: { address, code: err.code } });
    }
    throw err;
  }
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).where('kind', '=', 'user').executeTakeFirst();
  decoyHash ??= hashPassword('decoy-password-for-timing');
  const ok = await verify(user?.password_hash.startsWith('$argon2') ? user.password_hash : await decoyHash, password).catch(() => false);
  if (!user || !ok || user.disabled === 1) {
    const locked = await inTransaction(ctx, async (tx) => {
      const accountLock = await recordFailure(tx, accountKey(email), ACCOUNT_LIMITS, now);
      const addressLock = await recordFailure(tx, addressKey(address), ADDRESS_LIMITS, now);
      await recordAudit(tx, null, now, {
        action: 'auth.signInFailed', targetType: user ? 'user' : 'signIn', targetId: user?.id ?? email.slice(0, 254),
        partnerId: user?.partner_id ?? null, after: { address, method },
      });
      if (accountLock) {
        await recordAudit(tx, null, now, { action: 'auth.accountLocked', targetType: user ? 'user' : 'signIn', targetId: user?.id ?? email.slice(0, 254), partnerId: user?.partner_id ?? null, after: { lockedUntil: accountLock } });
      }
      if (addressLock) {
        await recordAudit(tx, null, now, { action: 'auth.addressLocked', targetType: 'address', targetId: address, after: { lockedUntil: addressLock } });
      }
      return accountLock ?? addressLock;
    });
    if (locked) {
      throw new ThrottledError('AccountLocked', 'Too many failed sign-ins; sign-in is locked for a while. Try again later.',
        Math.ceil((new Date(locked).getTime() - now.getTime()) / 1000));
    }
    throw invalidCredentials();
  }
  await clearThrottle(db, accountKey(email));
  await recordAudit(db, null, now, { action: 'auth.signIn', targetType: 'user', targetId: user.id, partnerId: user.partner_id, customerId: user.customer_id, after: { address, method } });
  return { id: user.id, email: user.email, partnerId: user.partner_id };
}

/** A new bearer token for a user (or an app's service principal), audited. */
export async function createAccessToken(ctx: AppContext, user: { id: string; partnerId: string | null }, grant: string): Promise<IssuedToken> {
  const now = ctx.clock.now();
  const token = randomToken('rd_');
  const expiresIn = ctx.config.tokenLifetimeHours * 3600;
  const expiresAt = new Date(now.getTime() + expiresIn * 1000).toISOString();
  await inTransaction(ctx, async (db) => {
    await db.insertInto('access_tokens').values({
      id: newId(), token_hash: sha256(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null,
    }).execute();
    await recordAudit(db, null, now, { action: 'auth.tokenIssued', targetType: 'user', targetId: user.id, partnerId: user.partnerId, after: { grant, expiresAt } });
  });
  return { accessToken: token, expiresIn, expiresAt };
}

/** Ends every bearer token and console session of a user at once (disable, password reset). */
export async function revokeEverything(db: import('../../store/database.ts').Db, userId: string, at: Date): Promise<void> {
  const iso = at.toISOString();
  await db.updateTable('access_tokens').set({ revoked_at: iso }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await db.updateTable('console_sessions').set({ revoked_at: iso }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
