import type { Selectable } from 'kysely';
import type { AzureRoleName, RoleScopeType } from '../domain/azure-roles.ts';
import type { Db } from './database.ts';
import type { RoleAssignmentsTable } from './schema.ts';

/** Role assignments, groups and the principals they name; the only code that knows these tables. */

export interface RoleAssignment {
  id: string;
  scopeType: RoleScopeType;
  scopeId: string;
  customerId: string;
  roleName: AzureRoleName;
  principalId: string;
  principalType: 'User' | 'Group';
  createdAt: string;
  createdBy: string | null;
}

const fromRow = (r: Selectable<RoleAssignmentsTable>): RoleAssignment => ({
  id: r.id,
  scopeType: r.scope_type as RoleScopeType,
  scopeId: r.scope_id,
  customerId: r.customer_id,
  roleName: r.role_name as AzureRoleName,
  principalId: r.principal_id,
  principalType: r.principal_type as 'User' | 'Group',
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** The user and every group the user belongs to: the principals whose assignments count for them. */
export async function principalIdsOf(db: Db, userId: string): Promise<string[]> {
  const groups = await db.selectFrom('access_group_members').select('group_id').where('user_id', '=', userId).execute();
  return [userId, ...groups.map((g) => g.group_id)];
}

/** Every assignment held by any of the principals within one customer (few rows per user). */
export async function assignmentsOfPrincipals(db: Db, principalIds: readonly string[], customerIds?: readonly string[]): Promise<RoleAssignment[]> {
  if (principalIds.length === 0) return [];
  let q = db.selectFrom('role_assignments').selectAll().where('principal_id', 'in', principalIds);
  if (customerIds) {
    if (customerIds.length === 0) return [];
    q = q.where('customer_id', 'in', customerIds);
  }
  return (await q.execute()).map(fromRow);
}

export async function assignmentsAt(db: Db, scopeType: RoleScopeType, scopeIds: readonly string[]): Promise<RoleAssignment[]> {
  if (scopeIds.length === 0) return [];
  const rows = await db.selectFrom('role_assignments').selectAll()
    .where('scope_type', '=', scopeType).where('scope_id', 'in', scopeIds)
    .orderBy('created_at').orderBy('id').execute();
  return rows.map(fromRow);
}

export async function getAssignment(db: Db, id: string): Promise<RoleAssignment | undefined> {
  const row = await db.selectFrom('role_assignments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function insertAssignment(db: Db, a: RoleAssignment): Promise<void> {
  await db.insertInto('role_assignments').values({
    id: a.id, scope_type: a.scopeType, scope_id: a.scopeId, customer_id: a.customerId, role_name: a.roleName,
    principal_id: a.principalId, principal_type: a.principalType, created_at: a.createdAt, created_by: a.createdBy,
  }).execute();
}

export async function deleteAssignment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('role_assignments').where('id', '=', id).execute();
}

export interface Principal {
  id: string;
  type: 'User' | 'Group';
  displayName: string;
  email?: string;
  tenantType: 'partner' | 'customer';
  partnerId: string | null;
  customerId: string | null;
  guest: boolean;
}

/** A user or a group by id, with the tenant it belongs to; undefined when neither exists. */
export async function findPrincipal(db: Db, id: string): Promise<Principal | undefined> {
  const user = await db.selectFrom('users').select(['id', 'email', 'display_name', 'tenant_type', 'partner_id', 'customer_id', 'roles', 'disabled'])
    .where('id', '=', id).executeTakeFirst();
  if (user) {
    if (user.tenant_type !== 'partner' && user.tenant_type !== 'customer') return undefined;
    return {
      id: user.id, type: 'User', displayName: user.display_name, email: user.email, tenantType: user.tenant_type,
      partnerId: user.partner_id, customerId: user.customer_id, guest: (JSON.parse(user.roles) as string[]).includes('GuestUser'),
    };
  }
  const group = await db.selectFrom('access_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!group) return undefined;
  return {
    id: group.id, type: 'Group', displayName: group.display_name, tenantType: group.customer_id ? 'customer' : 'partner',
    partnerId: group.partner_id, customerId: group.customer_id, guest: false,
  };
}

export async function principalsByIds(db: Db, ids: readonly string[]): Promise<Map<string, Principal>> {
  const out = new Map<string, Principal>();
  for (const id of new Set(ids)) {
    const p = await findPrincipal(db, id);
    if (p) out.set(id, p);
  }
  return out;
}

export async function insertGroup(db: Db, g: { id: string; partnerId: string | null; customerId: string | null; displayName: string; createdAt: string }, members: readonly string[]): Promise<void> {
  await db.insertInto('access_groups').values({ id: g.id, partner_id: g.partnerId, customer_id: g.customerId, display_name: g.displayName, created_at: g.createdAt }).execute();
  if (members.length) await db.insertInto('access_group_members').values(members.map((m) => ({ group_id: g.id, user_id: m }))).execute();
}

export async function membersOf(db: Db, groupId: string): Promise<string[]> {
  return (await db.selectFrom('access_group_members').select('user_id').where('group_id', '=', groupId).orderBy('user_id').execute()).map((r) => r.user_id);
}

export async function setRenewProperties(db: Db, reservationId: string, purchaseProperties: unknown, at: string): Promise<void> {
  await db.deleteFrom('reservation_renew_properties').where('reservation_id', '=', reservationId).execute();
  await db.insertInto('reservation_renew_properties').values({ reservation_id: reservationId, purchase_properties: JSON.stringify(purchaseProperties), updated_at: at }).execute();
}

export async function renewPropertiesOf(db: Db, reservationId: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('reservation_renew_properties').select('purchase_properties').where('reservation_id', '=', reservationId).executeTakeFirst();
  return row ? JSON.parse(row.purchase_properties) : undefined;
}
