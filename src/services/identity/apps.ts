import { randomUUID, timingSafeEqual } from 'node:crypto';
import { badRequest, DomainError, forbidden, notFound } from '../../domain/errors.ts';
import { APP_ROLES, decideManageUsers, type Actor } from '../../domain/policy.ts';
import type { IssuedToken } from '../auth-service.ts';
import { recordAudit } from '../audit.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { addressKey, ADDRESS_LIMITS, assertNotThrottled, recordFailure } from './throttle.ts';
import { createAccessToken, randomToken, revokeEverything, sha256 } from './sign-in.ts';
import { NO_PASSWORD } from './users.ts';

/**
 * App registrations: automation of a partner signs in with the OAuth 2.0 client-credentials
 * grant. Each registration has a service principal (a users row of kind 'app' holding the app's
 * roles), so its bearer tokens stand for a partner actor with exactly those roles.
 */
export interface AppView {
  clientId: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  createdBy: string;
}

function requireManager(actor: Actor): Extract<Actor, { kind: 'partner' }> {
  const d = decideManageUsers(actor);
  if (!d.allowed || actor.kind !== 'partner') throw forbidden('AuthorizationFailed', d.reason ?? 'You may not manage app registrations.');
  return actor;
}

export async function listApps(ctx: AppContext, actor: Actor): Promise<AppView[]> {
  const a = requireManager(actor);
  const rows = await ctx.store.db.selectFrom('app_registrations').selectAll().where('partner_id', '=', a.partnerId).where('deleted_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => ({ clientId: r.client_id, displayName: r.display_name, roles: JSON.parse(r.roles) as string[], createdAt: r.created_at, createdBy: r.created_by }));
}

export async function createApp(ctx: AppContext, actor: Actor, input: { displayName: string; roles: string[] }): Promise<AppView & { clientSecret: string }> {
  const a = requireManager(actor);
  const roles = [...new Set(input.roles)];
  if (roles.length === 0) throw badRequest('InvalidRoles', 'An app registration needs at least one role.', 'roles');
  for (const r of roles) {
    if (!(APP_ROLES as readonly string[]).includes(r)) throw badRequest('InvalidRoles', `An app registration may hold ${APP_ROLES.join(', ')}; not "${r}".`, 'roles');
  }
  const now = ctx.clock.now();
  const clientId = randomUUID();
  const clientSecret = randomToken('rdc_');
  const userId = randomUUID();
  const displayName = input.displayName.trim();
  await inTransaction(ctx, async (db) => {
    await db.insertInto('users').values({
      id: userId, email: `app+${clientId}@apps.resdesk.invalid`, display_name: `${displayName} (app)`, tenant_type: 'partner', partner_id: a.partnerId,
      customer_id: null, roles: JSON.stringify(roles), password_hash: NO_PASSWORD, disabled: 0, created_at: now.toISOString(), kind: 'app',
    }).execute();
    await db.insertInto('app_registrations').values({
      client_id: clientId, partner_id: a.partnerId, user_id: userId, display_name: displayName, secret_hash: sha256(clientSecret),
      roles: JSON.stringify(roles), created_by: a.userId, created_at: now.toISOString(), deleted_at: null,
    }).execute();
    await recordAudit(db, a, now, { action: 'app.created', targetType: 'appRegistration', targetId: clientId, partnerId: a.partnerId, after: { displayName, roles } });
  });
  return { clientId, clientSecret, displayName, roles, createdAt: now.toISOString(), createdBy: a.userId };
}

export async function deleteApp(ctx: AppContext, actor: Actor, clientId: string): Promise<void> {
  const a = requireManager(actor);
  const now = ctx.clock.now();
  await inTransaction(ctx, async (db) => {
    const row = await db.selectFrom('app_registrations').selectAll().where('client_id', '=', clientId.toLowerCase())
      .where('partner_id', '=', a.partnerId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound('AppRegistrationNotFound', `App registration ${clientId} was not found`, 'clientId');
    await db.updateTable('app_registrations').set({ deleted_at: now.toISOString() }).where('client_id', '=', row.client_id).execute();
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', row.user_id).execute();
    await revokeEverything(db, row.user_id, now);
    await recordAudit(db, a, now, { action: 'app.deleted', targetType: 'appRegistration', targetId: row.client_id, partnerId: a.partnerId });
  });
}

const DUMMY_HASH = sha256('no-such-client');
const invalidClient = () => new DomainError(401, 'invalid_client', 'Client authentication failed: unknown client id or wrong secret.');

/** RFC 6749 §4.4: client id and secret for a token carrying the app's roles. */
export async function clientCredentialsToken(ctx: AppContext, input: { clientId: string; clientSecret: string; scope?: string }, address: string): Promise<IssuedToken & { roles: string[] }> {
  const now = ctx.clock.now();
  const db = ctx.store.db;
  await assertNotThrottled(db, addressKey(address), ADDRESS_LIMITS, now, 'address');
  const row = /^[0-9a-f-]{36}$/i.test(input.clientId)
    ? await db.selectFrom('app_registrations').innerJoin('users', 'users.id', 'app_registrations.user_id')
      .select(['app_registrations.client_id', 'app_registrations.secret_hash', 'app_registrations.deleted_at', 'app_registrations.partner_id', 'app_registrations.roles', 'users.id as user_id', 'users.disabled'])
      .where('app_registrations.client_id', '=', input.clientId.toLowerCase()).executeTakeFirst()
    : undefined;
  const given = Buffer.from(sha256(input.clientSecret), 'hex');
  const ok = timingSafeEqual(Buffer.from(row?.secret_hash ?? DUMMY_HASH, 'hex'), given) && !!row && !row.deleted_at && row.disabled === 0;
  if (!ok || !row) {
    await inTransaction(ctx, async (tx) => {
      await recordFailure(tx, addressKey(address), ADDRESS_LIMITS, now);
      await recordAudit(tx, null, now, { action: 'auth.clientCredentialsFailed', targetType: 'appRegistration', targetId: input.clientId.slice(0, 64), partnerId: row?.partner_id ?? null, after: { address } });
    });
    throw invalidClient();
  }
  const roles = JSON.parse(row.roles) as string[];
  if (input.scope && input.scope.trim() !== '') {
    const unknown = input.scope.trim().split(/\s+/).filter((s) => !roles.includes(s) && s !== '.default');
    if (unknown.length) throw badRequest('invalid_scope', `The app registration does not hold ${unknown.join(', ')}; its roles are ${roles.join(', ')}.`, 'scope');
  }
  const t = await createAccessToken(ctx, { id: row.user_id, partnerId: row.partner_id }, 'client_credentials');
  return { ...t, roles };
}
