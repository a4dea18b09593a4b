import { conflict, DomainError, forbidden, notFound, badRequest } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { checkPassword } from '../../domain/password-policy.ts';
import { decideGlobalAdminChange, decideManageUsers, PARTNER_ROLES, type Actor, type PartnerRole } from '../../domain/policy.ts';
import type { Db } from '../../store/database.ts';
import { hashPassword } from '../auth-service.ts';
import { recordAudit } from '../audit.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { accountKey, clearThrottle } from './throttle.ts';
import { randomToken, revokeEverything, sha256 } from './sign-in.ts';

/**
 * The partner's users (rules §1, "manage partner users"): invite, change roles, disable, reset
 * passwords. Global admins and User management admins only; a user of another partner is not
 * found; the last enabled Global admin of a partner can neither lose the role nor be disabled.
 */
export const INVITE_HOURS = 72;
export const RESET_HOURS = 24;
/** A password hash no password verifies against: the account waits for its set-password token. */
export const NO_PASSWORD = '!unset';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  passwordSet: boolean;
  createdAt: string;
}

type UserRow = { id: string; email: string; display_name: string; roles: string; disabled: number; password_hash: string; created_at: string; partner_id: string | null };

const view = (u: UserRow): UserView => ({
  id: u.id, email: u.email, displayName: u.display_name, roles: JSON.parse(u.roles) as string[], disabled: u.disabled === 1,
  passwordSet: u.password_hash.startsWith('$argon2'), createdAt: u.created_at,
});

function requireManager(actor: Actor): Extract<Actor, { kind: 'partner' }> {
  const d = decideManageUsers(actor);
  if (!d.allowed || actor.kind !== 'partner') throw forbidden('AuthorizationFailed', d.reason ?? 'You may not manage users.');
  return actor;
}

function parseRoles(roles: string[]): PartnerRole[] {
  const out = [...new Set(roles)];
  if (out.length === 0) throw badRequest('InvalidRoles', 'A user needs at least one role.', 'roles');
  for (const r of out) {
    if (!(PARTNER_ROLES as readonly string[]).includes(r)) throw badRequest('InvalidRoles', `Unknown role "${r}"; roles are ${PARTNER_ROLES.join(', ')}.`, 'roles');
  }
  return out as PartnerRole[];
}

async function requireUser(db: Db, actor: Extract<Actor, { kind: 'partner' }>, userId: string): Promise<UserRow> {
  const u = await db.selectFrom('users').select(['id', 'email', 'display_name', 'roles', 'disabled', 'password_hash', 'created_at', 'partner_id'])
    .where('id', '=', userId.toLowerCase()).where('kind', '=', 'user').where('partner_id', '=', actor.partnerId).executeTakeFirst();
  if (!u) throw notFound('UserNotFound', `User ${userId} was not found`, 'userId');
  return u;
}

/** Serializes changes to a partner's admins on PostgreSQL (SQLite has one writer at a time). */
async function lockPartner(ctx: AppContext, db: Db, partnerId: string): Promise<void> {
  if (ctx.store.engine === 'postgres') await db.selectFrom('partners').select('id').where('id', '=', partnerId).forUpdate().execute();
}

async function assertNotLastGlobalAdmin(db: Db, partnerId: string, user: UserRow): Promise<void> {
  if (user.disabled === 1 || !(JSON.parse(user.roles) as string[]).includes('GlobalAdmin')) return;
  const admins = await db.selectFrom('users').select(['id', 'roles']).where('partner_id', '=', partnerId).where('kind', '=', 'user')
    .where('disabled', '=', 0).where('id', '!=', user.id).execute();
  if (!admins.some((a) => (JSON.parse(a.roles) as string[]).includes('GlobalAdmin'))) {
    throw conflict('LastGlobalAdmin', 'This is the last Global admin of the partner; make another user Global admin first.', 'userId');
  }
}

async function newPasswordToken(db: Db, userId: string, purpose: 'invite' | 'reset', now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken('rdp_');
  const expiresAt = new Date(now.getTime() + (purpose === 'invite' ? INVITE_HOURS : RESET_HOURS) * 3_600_000).toISOString();
  await db.updateTable('password_tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  await db.insertInto('password_tokens').values({ id: newId(), token_hash: sha256(token), user_id: userId, purpose, created_at: now.toISOString(), expires_at: expiresAt, used_at: null }).execute();
  return { token, expiresAt };
}

export async function listUsers(ctx: AppContext, actor: Actor): Promise<UserView[]> {
  const a = requireManager(actor);
  const rows = await ctx.store.db.selectFrom('users').select(['id', 'email', 'display_name', 'roles', 'disabled', 'password_hash', 'created_at', 'partner_id'])
    .where('partner_id', '=', a.partnerId).where('kind', '=', 'user').orderBy('email').execute();
  return rows.map(view);
}

export async function inviteUser(ctx: AppContext, actor: Actor, input: { email: string; displayName: string; roles: string[] }) {
  const a = requireManager(actor);
  const roles = parseRoles(input.roles);
  if (roles.includes('GlobalAdmin')) {
    const d = decideGlobalAdminChange(a);
    if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason!, 'roles');
  }
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badRequest('InvalidEmail', 'The e-mail address is not valid.', 'email');
  const now = ctx.clock.now();
  return inTransaction(ctx, async (db) => {
    const taken = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw conflict('UserExists', `A user with the e-mail address ${email} already exists.`, 'email');
    const id = newId();
    const row: UserRow = { id, email, display_name: input.displayName.trim(), roles: JSON.stringify(roles), disabled: 0, password_hash: NO_PASSWORD, created_at: now.toISOString(), partner_id: a.partnerId };
    await db.insertInto('users').values({ ...row, tenant_type: 'partner', customer_id: null, kind: 'user' }).execute();
    const t = await newPasswordToken(db, id, 'invite', now);
    await recordAudit(db, a, now, { action: 'user.invited', targetType: 'user', targetId: id, partnerId: a.partnerId, after: { email, roles } });
    return { user: view(row), setPasswordToken: t.token, setPasswordTokenExpiresAt: t.expiresAt };
  });
}

export async function updateUserRoles(ctx: AppContext, actor: Actor, userId: string, rolesInput: string[]): Promise<UserView> {
  const a = requireManager(actor);
  const roles = parseRoles(rolesInput);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (db) => {
    await lockPartner(ctx, db, a.partnerId);
    const u = await requireUser(db, a, userId);
    const before = JSON.parse(u.roles) as string[];
    if (before.includes('GlobalAdmin') !== roles.includes('GlobalAdmin')) {
      const d = decideGlobalAdminChange(a);
      if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason!, 'roles');
    }
    if (before.includes('GlobalAdmin') && !roles.includes('GlobalAdmin')) await assertNotLastGlobalAdmin(db, a.partnerId, u);
    await db.updateTable('users').set({ roles: JSON.stringify(roles) }).where('id', '=', u.id).execute();
    await recordAudit(db, a, now, { action: 'user.rolesChanged', targetType: 'user', targetId: u.id, partnerId: a.partnerId, before: { roles: before }, after: { roles } });
    return view({ ...u, roles: JSON.stringify(roles) });
  });
}

export async function disableUser(ctx: AppContext, actor: Actor, userId: string): Promise<UserView> {
  const a = requireManager(actor);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (db) => {
    await lockPartner(ctx, db, a.partnerId);
    const u = await requireUser(db, a, userId);
    if ((JSON.parse(u.roles) as string[]).includes('GlobalAdmin')) {
      const d = decideGlobalAdminChange(a);
      if (!d.allowed) throw forbidden('AuthorizationFailed', 'Only a Global admin can disable a Global admin.');
    }
    await assertNotLastGlobalAdmin(db, a.partnerId, u);
    await db.updateTable('users').set({ disabled: 1 }).where('id', '=', u.id).execute();
    await revokeEverything(db, u.id, now);
    await recordAudit(db, a, now, { action: 'user.disabled', targetType: 'user', targetId: u.id, partnerId: a.partnerId, before: { disabled: u.disabled === 1 }, after: { disabled: true } });
    return view({ ...u, disabled: 1 });
  });
}

export async function resetPassword(ctx: AppContext, actor: Actor, userId: string) {
  const a = requireManager(actor);
  const now = ctx.clock.now();
  return inTransaction(ctx, async (db) => {
    const u = await requireUser(db, a, userId);
    if ((JSON.parse(u.roles) as string[]).includes('GlobalAdmin') && u.id !== a.userId) {
      const d = decideGlobalAdminChange(a);
      if (!d.allowed) throw forbidden('AuthorizationFailed', 'Only a Global admin can reset the password of a Global admin.');
    }
    const t = await newPasswordToken(db, u.id, 'reset', now);
    await recordAudit(db, a, now, { action: 'user.passwordResetIssued', targetType: 'user', targetId: u.id, partnerId: a.partnerId });
    return { userId: u.id, setPasswordToken: t.token, setPasswordTokenExpiresAt: t.expiresAt };
  });
}

/** Sets a password with a one-time token from an invitation or a reset; the policy applies. */
export async function setPasswordWithToken(ctx: AppContext, token: string, password: string): Promise<void> {
  const now = ctx.clock.now();
  const db = ctx.store.db;
  const row = await db.selectFrom('password_tokens').innerJoin('users', 'users.id', 'password_tokens.user_id')
    .select(['password_tokens.id as token_id', 'password_tokens.expires_at', 'password_tokens.used_at', 'users.id as user_id', 'users.email', 'users.disabled', 'users.partner_id'])
    .where('password_tokens.token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now.toISOString() || row.disabled === 1) {
    throw new DomainError(400, 'InvalidPasswordToken', 'The set-password token is unknown, used or expired; ask your administrator for a new one.', 'token');
  }
  const verdict = checkPassword(password, row.email);
  if (!verdict.ok) throw badRequest('PasswordPolicy', verdict.reason!, 'password');
  const hash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    const used = await tx.updateTable('password_tokens').set({ used_at: now.toISOString() }).where('id', '=', row.token_id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new DomainError(400, 'InvalidPasswordToken', 'The set-password token has already been used.', 'token');
    await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', row.user_id).execute();
    await revokeEverything(tx, row.user_id, now);
    await clearThrottle(tx, accountKey(row.email));
    await recordAudit(tx, null, now, { action: 'user.passwordSet', targetType: 'user', targetId: row.user_id, partnerId: row.partner_id });
  });
}
