import { z } from 'zod';
import { beginOidcLogin, completeOidcLogin } from '../../services/identity/oidc.ts';
import { createSession, sessionCookie } from '../../services/identity/sessions.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';

/** Optional sign-in through an external OpenID Connect provider (OIDC_* settings); 404 when not configured. */
export function oidcRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/auth/oidc/login', door: 'partner', auth: 'none', operationId: 'Oidc_Login',
      summary: 'Starts sign-in with the configured OpenID Connect provider: redirects to its authorization endpoint (code flow with PKCE).',
      responses: { 302: 'Redirect to the identity provider.' },
      handler: async ({ ctx }) => ({ status: 302, headers: { location: await beginOidcLogin(ctx), 'cache-control': 'no-store' } }),
    }),
    route({
      method: 'GET', url: '/v1/auth/oidc/callback', door: 'partner', auth: 'none', operationId: 'Oidc_Callback',
      summary: 'Completes OpenID Connect sign-in: verifies the ID token, starts a console session (cookie) and redirects to the console.',
      query: z.object({ code: z.string().max(2000).optional(), state: z.string().max(200).optional(), error: z.string().max(200).optional() }).passthrough(),
      responses: { 303: 'Signed in; the session cookie is set.' },
      handler: async ({ ctx, query, request }) => {
        const user = await completeOidcLogin(ctx, query, request.ip);
        const s = await createSession(ctx, user, 'oidc');
        const secure = (request.raw.socket as { encrypted?: boolean }).encrypted === true;
        return { status: 303, headers: { location: '/', 'set-cookie': sessionCookie(s.sessionId, s.maxAgeSeconds, secure), 'cache-control': 'no-store' } };
      },
    }),
  ];
}
