import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Actor } from '../domain/policy.ts';
import { actorOf } from './actors.ts';
import type { AppContext } from './context.ts';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  expiresAt: string;
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
