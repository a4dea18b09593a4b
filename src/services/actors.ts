import type { Actor, PartnerRole, ProviderRole, Role } from '../domain/policy.ts';
import type { PartnerType } from '../domain/tenancy.ts';
import type { Db } from '../store/database.ts';

export interface UserWithPartner {
  user_id: string;
  display_name: string;
  email: string;
  tenant_type: string;
  partner_id: string | null;
  customer_id: string | null;
  roles: string;
  partner_type: string | null;
}

/** The actor a user row stands for: who they are, which tenant they act in, their roles. */
export function actorOf(row: UserWithPartner): Actor {
  const roles = JSON.parse(row.roles) as Role[];
  const name = `${row.display_name} <${row.email}>`;
  switch (row.tenant_type) {
    case 'provider':
      return { kind: 'provider', userId: row.user_id, name, roles: roles as ProviderRole[] };
    case 'partner':
      return { kind: 'partner', userId: row.user_id, name, partnerId: row.partner_id!, partnerType: row.partner_type as PartnerType, roles: roles as PartnerRole[] };
    default:
      return { kind: 'customer', userId: row.user_id, name, customerId: row.customer_id!, roles };
  }
}

/** The actor of an enabled user, for work done later on their behalf (an approved support request). */
export async function actorOfUser(db: Db, userId: string): Promise<Actor | null> {
  const row = await db.selectFrom('users').leftJoin('partners', 'partners.id', 'users.partner_id')
    .select(['users.id as user_id', 'users.display_name', 'users.email', 'users.tenant_type', 'users.partner_id', 'users.customer_id', 'users.roles', 'users.disabled', 'partners.type as partner_type'])
    .where('users.id', '=', userId).executeTakeFirst();
  return row && row.disabled === 0 ? actorOf(row) : null;
}
