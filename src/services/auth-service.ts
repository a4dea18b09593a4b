import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../domain/errors.ts';
import type { Actor } from '../domain/policy.ts';
import { actorOf } from './actors.ts';
import { newId } from '../domain/ids.ts';
import type { AppContext } from './context.ts';
import { recordAudit } from './audit.ts';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

// Verified when the e-mail is unknown, so the answer takes as long as for a real account.
let decoyHash: Promise<string> | undefined;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  expiresAt: string;
}

export async function issueToken(ctx: AppContext, email: string, password: string): Promise<IssuedToken> {
  const user = await ctx.store.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  decoyHash ??= hashPassword('decoy-password-for-timing');
  const ok = await verify(user?.password_hash ?? (await decoyHash), password).catch(() => false);
  const now = ctx.clock.now();
  if (!user || !ok || user.disabled === 1) {
    if (user) {
      await recordAudit(ctx.store.db, null, now, { action: 'auth.signInFailed', targetType: 'user', targetId: user.id, partnerId: user.partner_id });
    }
    throw new DomainError(401, 'InvalidCredentials', 'The e-mail address or password is not correct.');
  }
  const token = `rd_${randomBytes(32).toString('base64url')}`;
  const expiresIn = ctx.config.tokenLifetimeHours * 3600;
  const expiresAt = new Date(now.getTime() + expiresIn * 1000).toISOString();
  await ctx.store.db.insertInto('access_tokens').values({
    id: newId(),
    token_hash: tokenHash(token),
    user_id: user.id,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    revoked_at: null,
  }).execute();
  await recordAudit(ctx.store.db, null, now, { action: 'auth.tokenIssued', targetType: 'user', targetId: user.id, partnerId: user.partner_id });
  return { accessToken: token, expiresIn, expiresAt };
}

/** The actor behind a bearer token, or null when the token is unknown, expired, revoked or its user disabled. */
export async function authenticate(ctx: AppContext, token: string): Promise<Actor | null> {
  const row = await ctx.store.db.selectFrom('access_tokens')
    .innerJoin('users', 'users.id', 'access_tokens.user_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id as user_id', 'users.display_name', 'users.email', 'users.tenant_type', 'users.partner_id', 'users.customer_id',
      'users.roles', 'users.disabled', 'partners.type as partner_type', 'access_tokens.expires_at', 'access_tokens.revoked_at',
    ])
    .where('access_tokens.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled === 1) return null;
  if (row.expires_at <= ctx.clock.now().toISOString()) return null;
  return actorOf(row);
}

export async function revokeToken(ctx: AppContext, token: string): Promise<void> {
  await ctx.store.db.updateTable('access_tokens').set({ revoked_at: ctx.clock.now().toISOString() })
    .where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).execute();
}
