/**
 * Azure role-based access on reservations (rules §1): the built-in roles, where each may be
 * assigned, and what each grants. Reservations inherit the roles of their order; a role on a
 * subscription never grants access to reservations (it only gates partner sales and helpdesk
 * agents, and Reservation Purchaser is about buying with that subscription).
 */

export const AZURE_ROLE_NAMES = [
  'Owner', 'Contributor', 'Reader',
  'Reservations Administrator', 'Reservations Contributor', 'Reservations Reader',
  'Reservation Purchaser',
] as const;
export type AzureRoleName = (typeof AZURE_ROLE_NAMES)[number];

export type RoleScopeType = 'reservationOrder' | 'reservation' | 'subscription' | 'managementGroup';

export interface AzureRoleDefinition {
  /** The GUID of the definition; Owner, Contributor and Reader use Azure's well-known built-in ids. */
  id: string;
  name: AzureRoleName;
  description: string;
  /** Scopes the role can be assigned at. */
  assignableTo: readonly RoleScopeType[];
  read: boolean;
  manage: boolean;
  /** May grant and remove access (delegation). */
  delegate: boolean;
}

const RESERVATION_SCOPES: readonly RoleScopeType[] = ['reservationOrder', 'reservation', 'subscription', 'managementGroup'];

export const AZURE_ROLES: readonly AzureRoleDefinition[] = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner', description: 'Everything on the order, including return, exchange and delegating access.', assignableTo: RESERVATION_SCOPES, read: true, manage: true, delegate: true },
  { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor', description: 'Manage (scope, renew, split, merge, return, exchange); no delegation.', assignableTo: RESERVATION_SCOPES, read: true, manage: true, delegate: false },
  { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', name: 'Reader', description: 'Read.', assignableTo: RESERVATION_SCOPES, read: true, manage: false, delegate: false },
  { id: 'a8889054-8d42-49c9-bc1c-52486c10e7cd', name: 'Reservations Administrator', description: 'Everything on reservations in its scope, including delegation.', assignableTo: RESERVATION_SCOPES, read: true, manage: true, delegate: true },
  { id: 'f6a3b2c1-4d5e-4f60-8a71-9b2c3d4e5f01', name: 'Reservations Contributor', description: 'Manage reservations in its scope; no delegation.', assignableTo: RESERVATION_SCOPES, read: true, manage: true, delegate: false },
  { id: '582fc458-8989-419f-a480-75249bc5db7e', name: 'Reservations Reader', description: 'Read reservations in its scope.', assignableTo: RESERVATION_SCOPES, read: true, manage: false, delegate: false },
  { id: 'f7b75c60-3036-4b75-91c3-6b41c27c1689', name: 'Reservation Purchaser', description: 'Buy reservations with a given subscription (assigned on that subscription).', assignableTo: ['subscription'], read: false, manage: false, delegate: false },
];

export const roleDefinitionResourceId = (id: string) => `/providers/Microsoft.Authorization/roleDefinitions/${id}`;

/** Finds a role by its definition id (bare GUID or any resource id ending in roleDefinitions/{guid}) or by its name. */
export function findAzureRole(ref: string): AzureRoleDefinition | undefined {
  const text = ref.trim();
  const m = /roleDefinitions\/([0-9a-f-]{36})$/i.exec(text);
  const id = (m ? m[1]! : text).toLowerCase();
  return AZURE_ROLES.find((r) => r.id === id || r.name.toLowerCase() === text.toLowerCase());
}

export const roleNamed = (name: AzureRoleName): AzureRoleDefinition => AZURE_ROLES.find((r) => r.name === name)!;

/** What a set of roles held on a reservation (directly or through its order) grants together. */
export function grantsOf(roles: readonly AzureRoleName[]): { read: boolean; manage: boolean; delegate: boolean } {
  const defs = roles.map(roleNamed);
  return {
    read: defs.some((d) => d.read),
    manage: defs.some((d) => d.manage),
    delegate: defs.some((d) => d.delegate),
  };
}
