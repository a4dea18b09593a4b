import { z } from 'zod';
import { getPartner } from '../../store/tenancy-queries.ts';
import { issueToken, revokeToken } from '../../services/auth-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';

export function authRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/auth/token', door: 'partner', auth: 'none', operationId: 'Auth_Token',
      summary: 'Exchanges an e-mail address and password for a bearer token.',
      body: z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) }),
      handler: async ({ ctx, body }) => {
        const t = await issueToken(ctx, body.email, body.password);
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
        return {
          body: {
            userId: actor.userId,
            name: actor.name,
            tenantType: actor.kind,
            roles: actor.roles,
            partner: partner ? { id: partner.id, name: partner.name, type: partner.type, billingCurrency: partner.billingCurrency } : undefined,
            customerId: actor.kind === 'customer' ? actor.customerId : undefined,
          },
        };
      },
    }),
  ];
}
