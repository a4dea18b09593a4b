import { z } from 'zod';
import { deleteApp, createApp, listApps } from '../../services/identity/apps.ts';
import { disableUser, inviteUser, listUsers, resetPassword, setPasswordWithToken, updateUserRoles } from '../../services/identity/users.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';

const userParams = z.object({ userId: guid() });
const roles = z.array(z.string().max(40)).max(10);

/** The partner's users and app registrations (Global admin, User management admin), and setting a password. */
export function userRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/users', door: 'partner', auth: 'bearer', operationId: 'Users_List',
      summary: "The partner's users with their roles.",
      handler: async ({ ctx, actor }) => {
        const items = await listUsers(ctx, actor);
        return { body: { totalCount: items.length, items } };
      },
    }),
    route({
      method: 'POST', url: '/v1/users', door: 'partner', auth: 'bearer', operationId: 'Users_Invite',
      summary: 'Invites a user with roles; the answer carries a one-time set-password token (shown once).',
      body: z.object({ email: z.string().trim().min(3).max(254), displayName: z.string().trim().min(1).max(100), roles }).strict(),
      responses: { 201: 'The user and its set-password token.' },
      handler: async ({ ctx, actor, body }) => ({ status: 201, body: await inviteUser(ctx, actor, body) }),
    }),
    route({
      method: 'PATCH', url: '/v1/users/:userId', door: 'partner', auth: 'bearer', operationId: 'Users_Update',
      summary: "Replaces a user's roles (assign and remove); the last Global admin keeps the role (409).",
      params: userParams,
      body: z.object({ roles }).strict(),
      handler: async ({ ctx, actor, params, body }) => ({ body: await updateUserRoles(ctx, actor, params.userId, body.roles) }),
    }),
    route({
      method: 'POST', url: '/v1/users/:userId/disable', door: 'partner', auth: 'bearer', operationId: 'Users_Disable',
      summary: 'Disables a user; its tokens and sessions stop working at once. The last Global admin cannot be disabled (409).',
      params: userParams,
      handler: async ({ ctx, actor, params }) => ({ body: await disableUser(ctx, actor, params.userId) }),
    }),
    route({
      method: 'POST', url: '/v1/users/:userId/resetPassword', door: 'partner', auth: 'bearer', operationId: 'Users_ResetPassword',
      summary: "Issues a one-time set-password token for the user (shown once).",
      params: userParams,
      handler: async ({ ctx, actor, params }) => ({ body: await resetPassword(ctx, actor, params.userId) }),
    }),
    route({
      method: 'POST', url: '/v1/auth/setPassword', door: 'partner', auth: 'none', operationId: 'Auth_SetPassword',
      summary: 'Sets a password with a one-time token from an invitation or reset; the password policy applies.',
      body: z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1024) }).strict(),
      handler: async ({ ctx, body }) => {
        await setPasswordWithToken(ctx, body.token, body.password);
        return { status: 204 };
      },
    }),
    route({
      method: 'GET', url: '/v1/appRegistrations', door: 'partner', auth: 'bearer', operationId: 'AppRegistrations_List',
      summary: "The partner's app registrations (never their secrets).",
      handler: async ({ ctx, actor }) => {
        const items = await listApps(ctx, actor);
        return { body: { totalCount: items.length, items } };
      },
    }),
    route({
      method: 'POST', url: '/v1/appRegistrations', door: 'partner', auth: 'bearer', operationId: 'AppRegistrations_Create',
      summary: 'Creates an app registration with roles; the client secret is in this answer only.',
      body: z.object({ displayName: z.string().trim().min(1).max(100), roles }).strict(),
      responses: { 201: 'clientId, clientSecret (shown once), roles.' },
      handler: async ({ ctx, actor, body }) => ({ status: 201, body: await createApp(ctx, actor, body) }),
    }),
    route({
      method: 'DELETE', url: '/v1/appRegistrations/:clientId', door: 'partner', auth: 'bearer', operationId: 'AppRegistrations_Delete',
      summary: 'Deletes an app registration; its tokens stop working at once.',
      params: z.object({ clientId: guid() }),
      handler: async ({ ctx, actor, params }) => {
        await deleteApp(ctx, actor, params.clientId);
        return { status: 204 };
      },
    }),
  ];
}
