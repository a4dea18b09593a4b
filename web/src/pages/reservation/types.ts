/**
 * Wire shapes the reservation details page reads (src/doors/partner/admin-routes.ts Reservations_Get
 * and friends, console-reservation-routes.ts). Only the fields the page uses are named.
 */
/** allowedActions entries: whether the caller may, and if not, why (assignable to ActionButton's decision). */
export interface Decision {
  allowed: boolean;
  reason?: string;
}

export interface AppliedScopeProperties {
  subscriptionId?: string;
  resourceGroupId?: string;
  managementGroupId?: string;
  tenantId?: string;
  displayName?: string;
}

export interface UtilizationAggregate {
  grain: 1 | 7 | 30;
  value: number;
}

export interface UtilizationSummary {
  trend: 'UP' | 'DOWN' | 'SAME';
  aggregates: UtilizationAggregate[];
}

export interface Lineage {
  splitSource: string | null;
  splitDestinations: string[];
  mergeSources: string[];
  mergeDestination: string | null;
  renewSource: string | null;
  renewDestination: string | null;
}

/** GET /v1/reservations/{orderId}/{reservationId}. */
export interface ReservationJson {
  id: string;
  name: string;
  etag: number;
  location: string;
  sku: { name: string };
  kind?: string;
  properties: {
    reservedResourceType: string;
    instanceFlexibility?: 'On' | 'Off';
    displayName: string;
    appliedScopes?: string[];
    appliedScopeType: 'Shared' | 'Single' | 'ManagementGroup';
    appliedScopeProperties?: AppliedScopeProperties;
    archived: boolean;
    quantity: number;
    provisioningState: string;
    effectiveDateTime?: string;
    benefitStartTime?: string;
    lastUpdatedDateTime?: string;
    expiryDate: string;
    expiryDateTime: string;
    purchaseDateTime: string;
    displayProvisioningState: string;
    billingScopeId: string;
    term: string;
    billingPlan: string;
    renew: boolean;
    userFriendlyAppliedScopeType: 'Shared' | 'Single' | 'ResourceGroup' | 'ManagementGroup' | 'None';
    userFriendlyRenewState: 'On' | 'Off' | 'Renewed' | 'NotRenewed' | 'NotApplicable';
    utilization?: UtilizationSummary;
    reservationId: string;
    reservationResourceId: string;
    reservationOrderId: string;
    reservationOrderResourceId: string;
    skuName: string;
    region: string;
    billingSubscriptionId: string;
    lineage?: Lineage;
  };
  allowedActions?: Record<string, Decision>;
}

/** GET …/availableScopes items. */
export interface ScopeChoice {
  scope: string;
  kind: 'Shared' | 'Subscription' | 'ResourceGroup' | 'ManagementGroup';
  displayName?: string;
  valid: boolean;
  reason?: string;
}

export interface Collection<T> {
  totalCount: number;
  items: T[];
}

/** GET …/utilization. */
export interface DailyUtilizationJson {
  days: Array<{ usageDate: string; avgPct: number | null; minPct: number | null; maxPct: number | null; reservedHours: number; usedHours: number }>;
  summary: UtilizationSummary | null;
}

/** GET …/roleAssignments items. */
export interface RoleAssignmentJson {
  id: string;
  roleDefinitionId: string;
  roleName: string;
  principalId: string;
  principalType: 'User' | 'Group';
  principalDisplayName?: string;
  principalEmail?: string;
  principalTenant?: string;
  scope: string;
  inherited: boolean;
  createdAt: string;
}

/** GET /v1/roleDefinitions items. */
export interface RoleDefinitionJson {
  roleName: string;
  assignableTo: string[];
}

/** GET …/assignablePrincipals items. */
export interface PrincipalJson {
  id: string;
  type: 'User' | 'Group';
  displayName: string;
  email?: string;
  tenantType: 'partner' | 'customer';
}

/** GET …/effectiveAccess. */
export interface EffectiveAccessJson {
  actorKind: 'partner' | 'customer' | 'provider';
  roles: string[];
  grounds: string[];
  hasSubscriptionAccess: boolean;
  heldRoles: Array<{ roleName: string; scope: 'reservation' | 'reservationOrder'; viaGroup?: { displayName: string } }>;
  actions: Record<string, Decision>;
}

/** GET /v1/reservations/{o}/{r}/customer (MONEY-SUPPORT's route): the customer the reservation belongs to. */
export interface ReservationCustomerJson {
  customerId: string;
  companyName: string;
  currencyCode: string | null;
}

/** The sections of /reservations/:orderId/:reservationId/:section. */
export const MENU_SECTIONS = ['overview', 'iam', 'configuration', 'properties', 'support'] as const;
export const ACTION_SECTIONS = ['return', 'exchange'] as const;
export type Section = (typeof MENU_SECTIONS)[number] | (typeof ACTION_SECTIONS)[number];

export const isSection = (s: string | undefined): s is Section =>
  (MENU_SECTIONS as readonly string[]).includes(s ?? '') || (ACTION_SECTIONS as readonly string[]).includes(s ?? '');

/** The reservation can still be used (its benefit applies): the actions that change it need this. */
export const isActiveReservation = (r: ReservationJson) =>
  !r.properties.archived && (r.properties.displayProvisioningState === 'Succeeded' || r.properties.displayProvisioningState === 'Expiring');

export const reservationPath = (orderId: string, reservationId: string, section: Section = 'overview') => `/reservations/${orderId}/${reservationId}/${section}`;
