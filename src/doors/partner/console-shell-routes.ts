import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { DEMO_CUSTOMERS, DEMO_PARTNERS, DEMO_PASSWORD, DEMO_USERS } from '../../seed/demo-tenants.ts';
import { inTransaction } from '../../services/context.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';

/** How many customer-owner accounts the sign-in page offers (every demo customer has one; two show the pattern). */
const DEMO_CUSTOMER_OWNERS = 2;

/**
 * Routes of the console's shell (issue 6): the demo accounts for the sign-in page and the user's
 * remembered console language.
 */
export function consoleShellRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/auth/demoAccounts', door: 'partner', auth: 'none', operationId: 'Auth_DemoAccounts',
      summary: 'The demo accounts and their shared password, for the console\'s sign-in page. Only when the server runs on the demo data (resdesk serve on the embedded database, not NODE_ENV=production); otherwise 404 DemoModeOff.',
      responses: { 200: '{ password, accounts: [{ email, name, tenantType, organization, roles }] }' },
      handler: async ({ ctx }) => {
        if (!ctx.config.demo) throw new DomainError(404, 'DemoModeOff', 'This server does not run on the demo data.');
        const partners = DEMO_PARTNERS as Record<string, { name: string }>;
        const accounts = [
          ...DEMO_USERS.map((u) => ({
            email: u.email, name: u.name, tenantType: u.tenant, organization: u.partner ? partners[u.partner]!.name : null, roles: u.roles,
          })),
          ...DEMO_CUSTOMERS.slice(0, DEMO_CUSTOMER_OWNERS).map((c) => ({
            email: `owner@${c.domain}`, name: `${c.name} owner`, tenantType: 'customer', organization: c.name, roles: ['CustomerUser'],
          })),
        ];
        return { body: { password: DEMO_PASSWORD, accounts }, headers: { 'cache-control': 'no-store' } };
      },
    }),
    route({
      method: 'PATCH', url: '/v1/me/preferences', door: 'partner', auth: 'bearer', operationId: 'Me_UpdatePreferences',
      summary: 'Remembers the caller\'s console preferences (the UI language), so the console opens in it on any browser.',
      body: z.object({ language: z.enum(['en', 'ko']) }).strict(),
      responses: { 200: '{ language }' },
      handler: async ({ ctx, actor, body }) => {
        // A display preference, not a change to reservations, money or access: not audited.
        await inTransaction(ctx, async (db) => {
          const res = await db.updateTable('users').set({ language: body.language }).where('id', '=', actor.userId).executeTakeFirst();
          if (Number(res.numUpdatedRows) === 0) throw new DomainError(404, 'UserNotFound', 'The signed-in user no longer exists.');
        });
        return { body: { language: body.language } };
      },
    }),
  ];
}
