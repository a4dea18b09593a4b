import type { Db } from './database.ts';

/**
 * Who could be named in a role assignment on one customer's reservation: the active people and the
 * groups of the customer's tenant, of its partner and of its reseller (the same tenants
 * role-assignments.ts `principalFits` accepts). Feeds the console's principal picker.
 */

export interface PrincipalCandidate {
  id: string;
  type: 'User' | 'Group';
  displayName: string;
  email?: string;
  tenantType: 'partner' | 'customer';
  /** The partner or customer the principal belongs to. */
  tenantId: string;
}

/** Bounded: a tenant with more principals than this is searched with `search`. */
export const CANDIDATE_LIMIT = 200;

export async function principalCandidates(
  db: Db, tenants: { customerId: string; partnerIds: readonly string[] }, search?: string,
): Promise<PrincipalCandidate[]> {
  // LIKE wildcards typed by the user are dropped rather than escaped: SQLite and PostgreSQL escape differently.
  const like = search ? `%${search.toLowerCase().replace(/[%_\\]/g, '')}%` : undefined;
  let users = db.selectFrom('users').select(['id', 'email', 'display_name', 'tenant_type', 'partner_id', 'customer_id'])
    .where('kind', '=', 'user').where('disabled', '=', 0)
    .where((eb) => eb.or([
      eb.and([eb('tenant_type', '=', 'customer'), eb('customer_id', '=', tenants.customerId)]),
      eb.and([eb('tenant_type', '=', 'partner'), eb('partner_id', 'in', [...tenants.partnerIds])]),
    ]));
  if (like) users = users.where((eb) => eb.or([eb(eb.fn('lower', ['email']), 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]));
  const userRows = await users.orderBy('tenant_type').orderBy('display_name').orderBy('id').limit(CANDIDATE_LIMIT).execute();

  let groups = db.selectFrom('access_groups').select(['id', 'display_name', 'partner_id', 'customer_id'])
    .where((eb) => eb.or([eb('customer_id', '=', tenants.customerId), eb.and([eb('customer_id', 'is', null), eb('partner_id', 'in', [...tenants.partnerIds])])]));
  if (like) groups = groups.where(({ eb, fn }) => eb(fn('lower', ['display_name']), 'like', like));
  const groupRows = await groups.orderBy('display_name').orderBy('id').limit(CANDIDATE_LIMIT).execute();

  return [
    ...userRows.map((u): PrincipalCandidate => ({
      id: u.id, type: 'User', displayName: u.display_name, email: u.email,
      tenantType: u.tenant_type === 'customer' ? 'customer' : 'partner', tenantId: (u.customer_id ?? u.partner_id)!,
    })),
    ...groupRows.map((g): PrincipalCandidate => ({
      id: g.id, type: 'Group', displayName: g.display_name,
      tenantType: g.customer_id ? 'customer' : 'partner', tenantId: (g.customer_id ?? g.partner_id)!,
    })),
  ];
}
