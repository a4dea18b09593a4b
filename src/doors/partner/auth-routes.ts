import { z } from 'zod';
import { decideConsoleSections } from '../../domain/policy.ts';
import { getPartner } from '../../store/tenancy-queries.ts';
import { revokeToken } from '../../services/auth-service.ts';
import { clientCredentialsToken } from '../../services/identity/apps.ts';
import { createAccessToken, signInWithPassword } from '../../services/identity/sign-in.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { validate } from '../http/validation.ts';

const passwordBody = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) });
const clientCredentialsBody = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(100),
  client_secret: z.string().min(1).max(200),
  scope: z.string().max(500).optional(),
});

export function authRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/auth/token', door: 'partner', auth: 'none', operationId: 'Auth_Token',
      summary: 'Exchanges an e-mail address and password (JSON) for a bearer token, or, form-encoded, an app registration\'s client id and secret (OAuth 2.0 client-credentials grant).',
      handler: async ({ ctx, body, request }) => {
        if (body && typeof body === 'object' && 'grant_type' in body) {
          const form = validate(clientCredentialsBody, body, 'body');
          const t = await clientCredentialsToken(ctx, { clientId: form.client_id, clientSecret: form.client_secret, scope: form.scope }, request.ip);
          return { body: { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: t.roles.join(' ') }, headers: { 'cache-control': 'no-store' } };
        }
        const credentials = validate(passwordBody, body, 'body');
        const user = await signInWithPassword(ctx, credentials.email, credentials.password, request.ip, 'token');
        const t = await createAccessToken(ctx, user, 'password');
        return { body: { access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn } };
      },
    }),
    route({
      method: 'POST', url: '/v1/auth/revoke', door: 'partner', auth: 'bearer', operationId: 'Auth_Revoke',
      summary: 'Revokes the bearer token of this request (sign-out).',
      handler: async ({ ctx, request }) => {
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (token) await revokeToken(ctx, token);
        return { status: 204 };
      },
    }),
    route({
      method: 'GET', url: '/v1/me', door: 'partner', auth: 'bearer', operationId: 'Me_Get',
      summary: 'Who the caller is: user, tenant and roles.',
      handler: async ({ ctx, actor }) => {
        const partner = actor.kind === 'partner' ? await getPartner(ctx.store.db, actor.partnerId) : undefined;
        const user = await ctx.store.db.selectFrom('users').select(['language', 'display_name', 'email']).where('id', '=', actor.userId).executeTakeFirst();
        return {
          body: {
            userId: actor.userId,
            name: actor.name,
            tenantType: actor.kind,
            roles: actor.roles,
            partner: partner ? { id: partner.id, name: partner.name, type: partner.type, billingCurrency: partner.billingCurrency } : undefined,
            customerId: actor.kind === 'customer' ? actor.customerId : undefined,
            // The console: the user's own name and e-mail, the remembered UI language (null until
            // chosen) and the sections the navigation offers.
            displayName: user?.display_name,
            email: user?.email,
            language: user?.language ?? null,
            sections: decideConsoleSections(actor),
          },
        };
      },
    }),
  ];
}
