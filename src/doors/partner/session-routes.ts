import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { createSession, authenticateSession, cookieValue, endSession, SESSION_COOKIE, sessionCookie } from '../../services/identity/sessions.ts';
import { signInWithPassword } from '../../services/identity/sign-in.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';

const isHttps = (request: { raw: { socket: unknown } }) => (request.raw.socket as { encrypted?: boolean }).encrypted === true;

/** The console's sign-in: a session cookie (HttpOnly, SameSite=Strict, Secure on HTTPS) and a CSRF token. */
export function sessionRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/auth/session', door: 'partner', auth: 'none', operationId: 'Session_Create',
      summary: 'Signs in to the console: sets the session cookie and returns the CSRF token to send as X-CSRF-Token on unsafe requests.',
      body: z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) }),
      responses: { 201: 'The session: csrfToken and expiresAt; the cookie is in Set-Cookie.' },
      handler: async ({ ctx, body, request }) => {
        const user = await signInWithPassword(ctx, body.email, body.password, request.ip, 'session');
        const s = await createSession(ctx, user, 'password');
        return {
          status: 201,
          body: { csrfToken: s.csrfToken, expiresAt: s.expiresAt },
          headers: { 'set-cookie': sessionCookie(s.sessionId, s.maxAgeSeconds, isHttps(request)), 'cache-control': 'no-store' },
        };
      },
    }),
    route({
      method: 'GET', url: '/v1/auth/session', door: 'partner', auth: 'none', operationId: 'Session_Get',
      summary: 'The current console session (from its cookie): who is signed in, until when, and the CSRF token.',
      handler: async ({ ctx, request }) => {
        const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
        const s = id ? await authenticateSession(ctx, id) : null;
        if (!s) throw new DomainError(401, 'NoSession', 'There is no console session; sign in with POST /v1/auth/session.');
        return { body: { userId: s.actor.userId, name: s.actor.name, tenantType: s.actor.kind, roles: s.actor.roles, csrfToken: s.csrfToken, expiresAt: s.expiresAt }, headers: { 'cache-control': 'no-store' } };
      },
    }),
    route({
      method: 'DELETE', url: '/v1/auth/session', door: 'partner', auth: 'bearer', operationId: 'Session_Delete',
      summary: 'Signs out of the console at once: the session row is revoked and the cookie cleared.',
      handler: async ({ ctx, request }) => {
        const id = cookieValue(request.headers.cookie, SESSION_COOKIE);
        if (id) await endSession(ctx, id);
        return { status: 204, headers: { 'set-cookie': sessionCookie('', 0, isHttps(request)) } };
      },
    }),
  ];
}
