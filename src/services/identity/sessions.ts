import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Actor } from '../../domain/policy.ts';
import { actorOf } from '../actors.ts';
import { recordAudit } from '../audit.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { randomToken, sha256 } from './sign-in.ts';

/**
 * Console sessions: the browser holds an opaque session id in an HttpOnly cookie; the server
 * holds the row (so sign-out, disabling and expiry act at once) and a synchronizer CSRF token that
 * the console sends back in `X-CSRF-Token` on every unsafe request.
 */
export const SESSION_COOKIE = 'rd_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  maxAgeSeconds: number;
}

export async function createSession(ctx: AppContext, user: { id: string; partnerId: string | null }, method: string): Promise<NewSession> {
  const now = ctx.clock.now();
  const sessionId = randomToken('rds_');
  const csrfToken = randomToken('');
  const maxAgeSeconds = ctx.config.tokenLifetimeHours * 3600;
  const expiresAt = new Date(now.getTime() + maxAgeSeconds * 1000).toISOString();
  await inTransaction(ctx, async (db) => {
    await db.insertInto('console_sessions').values({
      id: newId(), session_hash: sha256(sessionId), csrf_token: csrfToken, user_id: user.id, method,
      created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null,
    }).execute();
    await recordAudit(db, null, now, { action: 'auth.sessionCreated', targetType: 'user', targetId: user.id, partnerId: user.partnerId, after: { method, expiresAt } });
  });
  return { sessionId, csrfToken, expiresAt, maxAgeSeconds };
}

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
  expiresAt: string;
}

/** The actor behind a session cookie, or null when unknown, expired, signed out or the user disabled. */
export async function authenticateSession(ctx: AppContext, sessionId: string): Promise<SessionActor | null> {
  const row = await ctx.store.db.selectFrom('console_sessions')
    .innerJoin('users', 'users.id', 'console_sessions.user_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id as user_id', 'users.display_name', 'users.email', 'users.tenant_type', 'users.partner_id', 'users.customer_id',
      'users.roles', 'users.disabled', 'partners.type as partner_type', 'console_sessions.expires_at', 'console_sessions.revoked_at',
      'console_sessions.csrf_token',
    ])
    .where('console_sessions.session_hash', '=', sha256(sessionId))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.disabled === 1) return null;
  if (row.expires_at <= ctx.clock.now().toISOString()) return null;
  return { actor: actorOf(row), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

/** Unsafe methods authenticated by the cookie must carry the session's CSRF token. */
export function assertCsrf(expected: string, given: string | undefined): void {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new DomainError(403, 'CsrfTokenInvalid', 'This request is authenticated by the console session cookie and needs the session\'s CSRF token in the X-CSRF-Token header.');
  }
}

export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (db) => {
    const row = await db.selectFrom('console_sessions').select(['id', 'user_id']).where('session_hash', '=', sha256(sessionId)).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return;
    await db.updateTable('console_sessions').set({ revoked_at: now.toISOString() }).where('id', '=', row.id).execute();
    await recordAudit(db, null, now, { action: 'auth.signOut', targetType: 'user', targetId: row.user_id });
  });
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}
