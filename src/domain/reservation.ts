import type { BillingPlan, ReservedResourceType, Term } from './catalog.ts';
import { termMonths, termYears } from './catalog.ts';
import { addMonths, addYears, daysBetween, utcDate } from './dates.ts';
import type { Money } from './money.ts';
import { allocate } from './money.ts';
import { policyDefaults } from './policy-values.ts';

export const PROVISIONING_STATES = [
  'Creating', 'PendingResourceHold', 'ConfirmedResourceHold', 'PendingBilling', 'ConfirmedBilling',
  'Created', 'Succeeded', 'Cancelled', 'Expired', 'BillingFailed', 'Failed', 'Split', 'Merged',
] as const;
export type ProvisioningState = (typeof PROVISIONING_STATES)[number];

export const DISPLAY_STATES = [
  'Succeeded', 'Expiring', 'Expired', 'Pending', 'Processing', 'Cancelled', 'Failed', 'Warning', 'NoBenefit',
] as const;
export type DisplayProvisioningState = (typeof DISPLAY_STATES)[number];

export const APPLIED_SCOPE_TYPES = ['Single', 'Shared', 'ManagementGroup'] as const;
export type AppliedScopeType = (typeof APPLIED_SCOPE_TYPES)[number];

export interface AppliedScopeProperties {
  tenantId?: string;
  managementGroupId?: string;
  subscriptionId?: string;
  resourceGroupId?: string;
  displayName?: string;
}

export interface Reservation {
  id: string;
  orderId: string;
  customerId: string;
  partnerId: string;
  resellerId: string | null;
  resourceType: ReservedResourceType;
  skuName: string;
  location: string;
  quantity: number;
  displayName: string;
  appliedScopeType: AppliedScopeType;
  appliedScopes: string[];
  appliedScopeProperties: AppliedScopeProperties | null;
  instanceFlexibility: 'On' | 'Off' | null;
  provisioningState: ProvisioningState;
  archived: boolean;
  renew: boolean;
  term: Term;
  billingPlan: BillingPlan;
  billingScopeId: string;
  purchaseAt: string;
  benefitStartAt: string;
  effectiveAt: string;
  expiryAt: string;
  lastUpdatedAt: string;
  splitSource: string | null;
  splitDestinations: string[];
  mergeSources: string[];
  mergeDestination: string | null;
  renewSource: string | null;
  renewDestination: string | null;
  etag: number;
}

export interface ReservationOrder {
  id: string;
  customerId: string;
  partnerId: string;
  resellerId: string | null;
  displayName: string;
  billingScopeId: string;
  term: Term;
  billingPlan: BillingPlan;
  originalQuantity: number;
  requestedAt: string;
  createdAt: string;
  benefitStartAt: string;
  expiryAt: string;
  provisioningState: ProvisioningState;
  currency: string;
  unitPriceMinor: number;
  totalMinor: number;
  etag: number;
}

export const PAYMENT_STATUSES = ['Scheduled', 'Succeeded', 'Failed', 'Cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentInstalment {
  sequence: number;
  dueDate: string; // YYYY-MM-DD
  amount: Money;
  status: PaymentStatus;
  paymentDate: string | null;
}

/** The instant a reservation bought at `start` for `term` ends. */
export function expiryFor(start: Date, term: Term): Date {
  return addYears(start, termYears(term));
}

/** Days in the term, counted on UTC dates (365 or 366 for a year, more for three or five). */
export function termDays(purchaseAt: Date, expiryAt: Date): number {
  return daysBetween(purchaseAt, expiryAt);
}

/**
 * The state the portal shows: `Expiring` for an active reservation whose expiry is within the
 * policy window (our default: 30 days), `Expired` once the instant has passed even before the
 * expiry job has moved the stored state.
 */
export function displayStateOf(
  r: Pick<Reservation, 'provisioningState' | 'expiryAt'>,
  now: Date,
  expiringWithinDays: number = policyDefaults.expiringWithinDays,
): DisplayProvisioningState {
  switch (r.provisioningState) {
    case 'Succeeded': {
      const expiry = new Date(r.expiryAt);
      if (expiry.getTime() <= now.getTime()) return 'Expired';
      if (expiry.getTime() - now.getTime() <= expiringWithinDays * 86_400_000) return 'Expiring';
      return 'Succeeded';
    }
    case 'Expired':
      return 'Expired';
    case 'Cancelled':
    case 'Split':
    case 'Merged':
      return 'Cancelled';
    case 'Failed':
    case 'BillingFailed':
      return 'Failed';
    case 'Created':
    case 'Creating':
    case 'PendingResourceHold':
    case 'ConfirmedResourceHold':
    case 'PendingBilling':
    case 'ConfirmedBilling':
      return 'Pending';
  }
}

/** The reservation is live: it gives a benefit now. */
export function isActive(r: Pick<Reservation, 'provisioningState' | 'expiryAt'>, now: Date): boolean {
  return r.provisioningState === 'Succeeded' && new Date(r.expiryAt).getTime() > now.getTime();
}

/** Azure's `userFriendlyRenewState`. */
export function renewStateOf(r: Pick<Reservation, 'renew' | 'renewDestination' | 'provisioningState'>): 'On' | 'Off' | 'Renewed' | 'NotRenewed' | 'NotApplicable' {
  if (r.renewDestination) return 'Renewed';
  if (r.provisioningState === 'Expired') return 'NotRenewed';
  if (r.provisioningState !== 'Succeeded') return 'NotApplicable';
  return r.renew ? 'On' : 'Off';
}

/**
 * The payments of an order. Upfront: one transaction on the purchase date. Monthly: one per month
 * of the term, the first charged at purchase and the rest scheduled on the same day of later
 * months; instalments add up exactly to the total.
 */
export function paymentSchedule(total: Money, plan: BillingPlan, term: Term, purchaseAt: Date): PaymentInstalment[] {
  const date = utcDate(purchaseAt);
  if (plan === 'Upfront') {
    return [{ sequence: 1, dueDate: date, amount: total, status: 'Succeeded', paymentDate: date }];
  }
  return allocate(total, termMonths(term)).map((amount, i) => {
    const due = utcDate(addMonths(purchaseAt, i));
    return {
      sequence: i + 1,
      dueDate: due,
      amount,
      status: i === 0 ? 'Succeeded' : 'Scheduled',
      paymentDate: i === 0 ? date : null,
    };
  });
}

/** Which fields of a reservation a revision records; the snapshot is the whole reservation. */
export type ReservationSnapshot = Reservation;

export type UserFriendlyScope = 'Shared' | 'Single' | 'ResourceGroup' | 'ManagementGroup' | 'None';

/** Azure's `userFriendlyAppliedScopeType`: a Single scope naming a resource group reads "ResourceGroup". */
export function scopeKindOf(r: Pick<Reservation, 'appliedScopeType' | 'appliedScopes'>): UserFriendlyScope {
  if (r.appliedScopeType === 'Shared') return 'Shared';
  if (r.appliedScopeType === 'ManagementGroup') return 'ManagementGroup';
  if (r.appliedScopes.length === 0) return 'None';
  return r.appliedScopes.some((s) => /\/resourcegroups\//i.test(s)) ? 'ResourceGroup' : 'Single';
}

/** What a purchase decides about its reservation beyond what the order already says. */
export type ReservationChoices = Pick<Reservation,
  'id' | 'resourceType' | 'skuName' | 'location' | 'quantity' | 'appliedScopeType' | 'appliedScopes' |
  'appliedScopeProperties' | 'instanceFlexibility' | 'renew'>;

/** The reservation a purchase creates in its order: active from the order's start, no lineage yet. */
export function reservationOfOrder(order: ReservationOrder, choices: ReservationChoices): Reservation {
  return {
    ...choices,
    orderId: order.id,
    customerId: order.customerId,
    partnerId: order.partnerId,
    resellerId: order.resellerId,
    displayName: order.displayName,
    provisioningState: 'Succeeded',
    archived: false,
    term: order.term,
    billingPlan: order.billingPlan,
    billingScopeId: order.billingScopeId,
    purchaseAt: order.createdAt,
    benefitStartAt: order.benefitStartAt,
    effectiveAt: order.benefitStartAt,
    expiryAt: order.expiryAt,
    lastUpdatedAt: order.createdAt,
    splitSource: null,
    splitDestinations: [],
    mergeSources: [],
    mergeDestination: null,
    renewSource: null,
    renewDestination: null,
    etag: 1,
  };
}
