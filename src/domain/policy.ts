import type { PartnerType } from './tenancy.ts';

/**
 * Authorization, decided in one place. Given who is acting and what they act on, it answers which
 * actions are allowed and, for each refused one, why: the console shows the reason instead of
 * hiding the button, and every door asks the same function.
 */

export const PARTNER_ROLES = [
  'GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'UserManagementAdmin', 'BillingAdmin',
] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export const PROVIDER_ROLES = ['ProviderAdmin', 'SupportEngineer'] as const;
export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export const CUSTOMER_ROLES = ['CustomerUser'] as const;
export type Role = PartnerRole | ProviderRole | (typeof CUSTOMER_ROLES)[number];

export type Actor =
  | { kind: 'provider'; userId: string; name: string; roles: ProviderRole[] }
  | { kind: 'partner'; userId: string; name: string; partnerId: string; partnerType: PartnerType; roles: PartnerRole[] }
  | { kind: 'customer'; userId: string; name: string; customerId: string; roles: Role[] };

/** Where a customer sits relative to a partner actor. */
export interface CustomerRelation {
  id: string;
  partnerId: string;
  resellerId: string | null;
  customerMayBuy: boolean;
}

export type ReservationAction =
  | 'read' | 'purchase' | 'return' | 'exchange' | 'updateScope' | 'rename' | 'renew'
  | 'split' | 'merge' | 'archive' | 'manageAccess' | 'createSupportRequest';

export const RESERVATION_ACTIONS: readonly ReservationAction[] = [
  'read', 'purchase', 'return', 'exchange', 'updateScope', 'rename', 'renew',
  'split', 'merge', 'archive', 'manageAccess', 'createSupportRequest',
];

export interface Decision {
  allowed: boolean;
  reason?: string;
}

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** Can the actor see this customer at all? A "no" is answered as 404 by the doors, never 403. */
export function canSeeCustomer(actor: Actor, c: CustomerRelation): boolean {
  switch (actor.kind) {
    case 'provider':
      return actor.roles.includes('ProviderAdmin');
    case 'customer':
      return actor.customerId === c.id;
    case 'partner':
      return actor.partnerType === 'IndirectReseller'
        ? c.resellerId === actor.partnerId
        : c.partnerId === actor.partnerId;
  }
}

const MANAGING_ROLES: readonly PartnerRole[] = ['GlobalAdmin', 'AdminAgent'];
const SUBSCRIPTION_GATED_ROLES: readonly PartnerRole[] = ['SalesAgent', 'HelpdeskAgent'];
const BUYING_ROLES: readonly PartnerRole[] = ['GlobalAdmin', 'AdminAgent', 'SalesAgent'];
const VIEWING_ROLES: readonly PartnerRole[] = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'UserManagementAdmin'];

export interface ReservationFacts {
  customer: CustomerRelation;
  /** The actor holds explicit access to a subscription of the customer (rules §1, sales and helpdesk agents). */
  hasSubscriptionAccess?: boolean;
}

/**
 * One action on a customer's reservations, by the rules §1 role table. The answer for an actor
 * that cannot see the customer is "not allowed" with no reason worth showing.
 */
export function decideReservationAction(actor: Actor, action: ReservationAction, facts: ReservationFacts): Decision {
  if (!canSeeCustomer(actor, facts.customer)) return deny('The reservation is not visible to you.');
  if (action === 'read') return readDecision(actor);
  switch (actor.kind) {
    case 'provider':
      return deny('The provider support desk processes support requests; it does not change partners\' reservations directly.');
    case 'customer':
      if (action === 'purchase') {
        return facts.customer.customerMayBuy
          ? allow
          : deny('Your partner has not allowed you to buy reservations yourself.');
      }
      return deny('A CSP customer cannot return, exchange, renew or change a reservation; ask your partner.');
    case 'partner': {
      if (actor.partnerType === 'IndirectReseller') {
        return deny('Indirect resellers can see their customers\' reservations but cannot manage them; your indirect provider does that.');
      }
      if (action === 'purchase') {
        return actor.roles.some((r) => BUYING_ROLES.includes(r))
          ? allow
          : deny('Buying reservations needs the Global admin, Admin agent or Sales agent role.');
      }
      if (actor.roles.some((r) => MANAGING_ROLES.includes(r))) return allow;
      if (actor.roles.some((r) => SUBSCRIPTION_GATED_ROLES.includes(r))) {
        return facts.hasSubscriptionAccess
          ? allow
          : deny('Sales and helpdesk agents manage a customer\'s reservations only with explicit access to the customer\'s Azure subscription.');
      }
      return deny('Your roles do not include managing reservations (Global admin or Admin agent).');
    }
  }
}

function readDecision(actor: Actor): Decision {
  if (actor.kind !== 'partner') return allow;
  if (actor.partnerType === 'IndirectReseller') return allow;
  return actor.roles.some((r) => VIEWING_ROLES.includes(r))
    ? allow
    : deny('Your roles do not include viewing reservations.');
}

/** Every action with its decision, for responses that tell the console what the caller may do. */
export function reservationActions(actor: Actor, facts: ReservationFacts): Record<ReservationAction, Decision> {
  const out = {} as Record<ReservationAction, Decision>;
  for (const a of RESERVATION_ACTIONS) out[a] = decideReservationAction(actor, a, facts);
  return out;
}

/** Only admin agents and global admins toggle "customer may buy its own reservations". */
export function decideToggleCustomerPurchase(actor: Actor, c: CustomerRelation): Decision {
  if (!canSeeCustomer(actor, c)) return deny('The customer is not visible to you.');
  if (actor.kind !== 'partner' || actor.partnerType === 'IndirectReseller') return deny('Only the customer\'s partner can change this permission.');
  return actor.roles.some((r) => MANAGING_ROLES.includes(r))
    ? allow
    : deny('Only admin agents and global admins can change whether a customer may buy its own reservations.');
}

/** Which rows of tenant data an actor's listings are narrowed to, before any filter. */
export type TenantScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'reseller'; partnerId: string }
  | { kind: 'customer'; customerId: string };

export function tenantScopeOf(actor: Actor): TenantScope {
  switch (actor.kind) {
    case 'provider':
      return actor.roles.includes('ProviderAdmin') ? { kind: 'all' } : { kind: 'none' };
    case 'customer':
      return { kind: 'customer', customerId: actor.customerId };
    case 'partner':
      if (actor.partnerType === 'IndirectReseller') return { kind: 'reseller', partnerId: actor.partnerId };
      return actor.roles.some((r) => r !== 'BillingAdmin') ? { kind: 'partner', partnerId: actor.partnerId } : { kind: 'none' };
  }
}

/** Rules §1 (our default for Billing admin): who reads the partner's credits, statements and refund history. */
export function decideBillingRead(actor: Actor): Decision {
  if (actor.kind !== 'partner') return deny('Credits and statements belong to a partner.');
  if (actor.partnerType === 'IndirectReseller') return deny('Indirect resellers are not billed for reservations; their indirect provider is.');
  return actor.roles.some((r) => r === 'GlobalAdmin' || r === 'BillingAdmin' || r === 'AdminAgent')
    ? allow
    : deny('Credits and statements need the Global admin, Billing admin or Admin agent role.');
}

/** Support requests: the provider desk sees every partner's; a partner sees those of its customers. */
export function canSeeSupportRequest(actor: Actor, request: { partnerId: string; customer: CustomerRelation }): boolean {
  if (actor.kind === 'provider') return true;
  if (actor.kind === 'customer') return false;
  return canSeeCustomer(actor, request.customer);
}

export const isSupportEngineer = (actor: Actor): boolean =>
  actor.kind === 'provider' && (actor.roles.includes('SupportEngineer') || actor.roles.includes('ProviderAdmin'));
