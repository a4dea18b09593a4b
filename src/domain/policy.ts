import { grantsOf, type AzureRoleName } from './azure-roles.ts';
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
/** `GuestUser`: a guest account of the customer tenant; it reaches reservations only through explicit role assignments (rules §1). */
export const CUSTOMER_ROLES = ['CustomerUser', 'GuestUser'] as const;
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
  /** Azure roles the actor holds on the reservation or its order, directly or through a group (rules §1 RBAC table). */
  azureRoles?: readonly AzureRoleName[];
}

/** CSP customers never do these themselves, whatever Azure role they hold (rules §1). */
const CSP_PARTNER_ONLY: readonly ReservationAction[] = ['return', 'exchange', 'renew', 'updateScope', 'createSupportRequest'];

export const isGuest = (actor: Actor): boolean => actor.kind === 'customer' && (actor.roles as readonly string[]).includes('GuestUser');

/**
 * One action on a customer's reservations, by the rules §1 role table. The answer for an actor
 * that cannot see the customer is "not allowed" with no reason worth showing.
 */
export function decideReservationAction(actor: Actor, action: ReservationAction, facts: ReservationFacts): Decision {
  if (!canSeeCustomer(actor, facts.customer)) return deny('The reservation is not visible to you.');
  const grants = grantsOf(facts.azureRoles ?? []);
  if (action === 'read') return readDecision(actor, grants.read);
  switch (actor.kind) {
    case 'provider':
      return deny('The provider support desk processes support requests; it does not change partners\' reservations directly.');
    case 'customer':
      if (isGuest(actor) && !grants.read) return deny('A guest of the customer tenant does not inherit the partner\'s access; it needs a role assignment on the reservation or its order.');
      if (action === 'purchase' && !isGuest(actor)) {
        return facts.customer.customerMayBuy
          ? allow
          : deny('Your partner has not allowed you to buy reservations yourself.');
      }
      if (!CSP_PARTNER_ONLY.includes(action) && action !== 'purchase') {
        if (action === 'manageAccess' && grants.delegate) return allow;
        if (action !== 'manageAccess' && grants.manage) return allow;
        if (grants.read) {
          return deny(action === 'manageAccess'
            ? 'Granting access needs the Owner or Reservations Administrator role on the reservation order.'
            : 'Managing this reservation needs the Owner, Contributor, Reservations Administrator or Reservations Contributor role on its order.');
        }
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
          : explicitGrant(action, grants) ?? deny('Sales and helpdesk agents manage a customer\'s reservations only with explicit access to the customer\'s Azure subscription.');
      }
      const explicit = explicitGrant(action, grants);
      if (explicit) return explicit;
      return deny('Your roles do not include managing reservations (Global admin or Admin agent).');
    }
  }
}

/** A partner user's explicit Azure role on the order (beyond AOBO) grants what the role grants. */
function explicitGrant(action: ReservationAction, grants: { manage: boolean; delegate: boolean }): Decision | undefined {
  if (action === 'manageAccess') return grants.delegate ? allow : undefined;
  return grants.manage && action !== 'createSupportRequest' ? allow : undefined;
}

function readDecision(actor: Actor, explicitRead = false): Decision {
  if (explicitRead) return allow;
  if (isGuest(actor)) return deny('A guest of the customer tenant sees a reservation only with a role assignment on it or its order.');
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
      // A guest's visibility comes only from explicit role assignments, looked up per order.
      if (isGuest(actor)) return { kind: 'none' };
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
  // A billing admin sees credits and statements, not the support queue (rules §1, our default).
  return canSeeCustomer(actor, request.customer) && readDecision(actor).allowed;
}

export const isSupportEngineer = (actor: Actor): boolean =>
  actor.kind === 'provider' && (actor.roles.includes('SupportEngineer') || actor.roles.includes('ProviderAdmin'));

/** Roles an app registration may hold: no user management and no global admin (no escalation through automation). */
export const APP_ROLES: readonly PartnerRole[] = ['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'BillingAdmin'];

/** Rules §1: Global admins and User management admins manage the partner's users and app registrations. */
export function decideManageUsers(actor: Actor): Decision {
  if (actor.kind !== 'partner') return deny('Users are managed by the partner\'s Global admin or User management admin.');
  return actor.roles.some((r) => r === 'GlobalAdmin' || r === 'UserManagementAdmin')
    ? allow
    : deny('Managing users needs the Global admin or User management admin role.');
}

/** Granting or taking away Global admin is for global admins only (a User management admin cannot make one). */
export function decideGlobalAdminChange(actor: Actor): Decision {
  return actor.kind === 'partner' && actor.roles.includes('GlobalAdmin')
    ? allow
    : deny('Only a Global admin can grant or remove the Global admin role.');
}

/**
 * A customer user buying for itself (rules §1): the partner's permission must be on and the user
 * must hold Owner on the billing subscription. Other actors are decided by decideReservationAction.
 */
export function decideCustomerSelfPurchase(actor: Actor, c: CustomerRelation, ownsSubscription: boolean): Decision {
  const base = decideReservationAction(actor, 'purchase', { customer: c });
  if (!base.allowed || actor.kind !== 'customer') return base;
  return ownsSubscription
    ? allow
    : deny('Buying a reservation yourself needs Owner on the Azure subscription it is billed to.');
}

/**
 * Rules §3: a management-group scope needs at least read access on the group. The partner's admin
 * agents and global admins have it on their customers' groups (AOBO); anyone else needs a role
 * assignment on the group itself.
 */
export function decideManagementGroupRead(actor: Actor, c: CustomerRelation, hasAssignmentOnGroup: boolean): Decision {
  if (!canSeeCustomer(actor, c) && !hasAssignmentOnGroup) return deny('The management group is not visible to you.');
  if (hasAssignmentOnGroup) return allow;
  if (actor.kind === 'partner' && actor.partnerType !== 'IndirectReseller' && actor.roles.some((r) => MANAGING_ROLES.includes(r))) return allow;
  return deny('You have no read access on this management group; ask for a role assignment on it.');
}

/**
 * The audit log (issue 4): the provider operator reads every entry; a partner's global admins and
 * admin agents read their partner's entries; nobody else reads it, and no one changes it.
 */
export function decideAuditRead(actor: Actor): Decision {
  if (actor.kind === 'provider') return actor.roles.includes('ProviderAdmin') ? allow : deny('The audit log is read by the provider operator, not the support desk.');
  if (actor.kind === 'customer') return deny('The audit log is kept by your partner.');
  if (actor.partnerType === 'IndirectReseller') return deny('The audit log is kept by your indirect provider.');
  return actor.roles.some((r) => MANAGING_ROLES.includes(r)) ? allow : deny('The audit log needs the Global admin or Admin agent role.');
}

/** Outgoing webhooks belong to a partner; its global admins and admin agents manage them. */
export function decideWebhookManage(actor: Actor): Decision {
  if (actor.kind !== 'partner') return deny('Webhooks belong to a partner.');
  return actor.roles.some((r) => MANAGING_ROLES.includes(r)) ? allow : deny('Webhooks need the Global admin or Admin agent role.');
}

/** The user a notification could reach, as stored. */
export interface NotificationUser {
  tenantType: string;
  partnerId: string | null;
  customerId: string | null;
  roles: readonly string[];
}

/**
 * Who hears of an event about a customer's reservations: the admin agents and global admins of the
 * billing partner and of the reseller; the customer's own users too, except for expiry notices,
 * which for CSP customers go to the partner (rules §5).
 */
export function isNotificationRecipient(user: NotificationUser, event: { type: string; partnerId: string; resellerId: string | null; customerId: string | null }): boolean {
  if (user.tenantType === 'partner') {
    const ownPartner = user.partnerId === event.partnerId || (event.resellerId !== null && user.partnerId === event.resellerId);
    return ownPartner && user.roles.some((r) => (MANAGING_ROLES as readonly string[]).includes(r));
  }
  if (user.tenantType === 'customer') {
    return event.customerId !== null && user.customerId === event.customerId && event.type !== 'expiring' && event.type !== 'expired';
  }
  return false;
}

// ── web console: money and support (issue 6) ──

/** The provider support desk's view of a request (thread, reservation, fresh quote): support engineers and the operator. */
export function decideSupportDeskRead(actor: Actor): Decision {
  return isSupportEngineer(actor)
    ? allow
    : deny('The support desk is for the provider\'s support engineers.');
}

/**
 * Why the actor has the access it has on one reservation (issue 6, the console's Access control
 * page): the grounds the policy above decides on, as codes the console words in each language.
 * The decisions themselves stay those of decideReservationAction.
 */
export type AccessGround =
  | 'aobo' // admin agent or global admin of the managing partner: full management on behalf of the customer
  | 'subscriptionAccess' // sales or helpdesk agent with explicit access to a subscription of the customer
  | 'partnerViewer' // a partner role that may see the customer's reservations but not manage them
  | 'reseller' // indirect reseller: sees, its indirect provider manages
  | 'customerTenant' // a user of the customer tenant: sees its tenant's reservations; CSP customers do not return, exchange, renew or rescope
  | 'guest' // a guest of the customer tenant: only through role assignments
  | 'provider' // the provider: reads, processes support requests
  | 'azureRole' // an Azure role held on the reservation or its order (listed separately)
  | 'none';

export function accessGroundsOf(actor: Actor, facts: ReservationFacts): AccessGround[] {
  const grounds: AccessGround[] = [];
  if ((facts.azureRoles ?? []).length > 0) grounds.push('azureRole');
  if (!canSeeCustomer(actor, facts.customer)) return grounds.length ? grounds : ['none'];
  switch (actor.kind) {
    case 'provider':
      grounds.push('provider');
      break;
    case 'customer':
      grounds.push(isGuest(actor) ? 'guest' : 'customerTenant');
      break;
    case 'partner':
      if (actor.partnerType === 'IndirectReseller') grounds.push('reseller');
      else if (actor.roles.some((r) => MANAGING_ROLES.includes(r))) grounds.push('aobo');
      else if (actor.roles.some((r) => SUBSCRIPTION_GATED_ROLES.includes(r)) && facts.hasSubscriptionAccess) grounds.push('subscriptionAccess');
      else if (actor.roles.some((r) => VIEWING_ROLES.includes(r))) grounds.push('partnerViewer');
      break;
  }
  return grounds.length ? grounds : ['none'];
}

// ── usage advice: alerts, exchange and purchase recommendations (issue 7) ──

/**
 * Exchange advice on a reservation is a read: whoever may read the reservation sees how it is
 * used and what would fit. Turning a proposal into a quote or an exchange is decided as usual
 * (decideReservationAction 'exchange'); the advice says so when the caller may not.
 */
export function decideExchangeAdvice(actor: Actor, facts: ReservationFacts): Decision {
  return decideReservationAction(actor, 'read', facts);
}

/**
 * Purchase recommendations from a customer's uncovered usage: its partner's viewing roles, the
 * reseller, the provider operator, and the customer's own users (Azure shows its customers the
 * same recommendations); never a guest of the customer tenant, who sees nothing tenant-wide.
 */
export function decidePurchaseAdvice(actor: Actor, c: CustomerRelation): Decision {
  if (!canSeeCustomer(actor, c)) return deny('The customer is not visible to you.');
  if (isGuest(actor)) return deny('A guest of the customer tenant does not see the tenant\'s usage.');
  return readDecision(actor);
}

// ── web console: foundation (issue 6) ──

export type ConsoleSection = 'customers' | 'supportRequests' | 'billing' | 'users' | 'settings' | 'auditLog' | 'desk';

/**
 * Which sections of the console's navigation a user sees (issue 6): the same decisions the API
 * makes on the routes behind each section, so the navigation never offers a page whose data the
 * server would refuse. Home is for everyone.
 */
export function decideConsoleSections(actor: Actor): Record<ConsoleSection, boolean> {
  const scope = tenantScopeOf(actor).kind;
  return {
    customers: actor.kind !== 'customer' && scope !== 'none',
    supportRequests: actor.kind === 'partner' && scope !== 'none' && readDecision(actor).allowed,
    billing: decideBillingRead(actor).allowed,
    users: decideManageUsers(actor).allowed,
    settings: actor.kind === 'partner',
    auditLog: decideAuditRead(actor).allowed,
    desk: decideSupportDeskRead(actor).allowed,
  };
}

/**
 * Usage imports (issue 7): cost exports feed utilization of the partner's reservations. A
 * partner's global admins and admin agents import for their own partner; the provider operator
 * may import for everyone. Indirect resellers do not: their indirect provider holds the exports.
 */
export function decideUsageImport(actor: Actor): Decision {
  if (actor.kind === 'provider') return actor.roles.includes('ProviderAdmin') ? allow : deny('Usage imports are run by the provider operator, not the support desk.');
  if (actor.kind === 'customer') return deny('Usage is imported by your partner.');
  if (actor.partnerType === 'IndirectReseller') return deny('Usage is imported by your indirect provider.');
  return actor.roles.some((r) => MANAGING_ROLES.includes(r)) ? allow : deny('Importing usage needs the Global admin or Admin agent role.');
}
