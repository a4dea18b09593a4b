/** Who owns what: the provider, partners of three types, their customers and Azure subscriptions. */

export const PARTNER_TYPES = ['DirectBill', 'IndirectProvider', 'IndirectReseller'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

export interface Partner {
  id: string;
  name: string;
  type: PartnerType;
  /** For an indirect reseller: the indirect provider it sells through. */
  providerPartnerId: string | null;
  billingCurrency: string;
  country: string;
}

export interface Customer {
  id: string; // the customer's Microsoft Entra tenant id
  companyName: string;
  primaryDomain: string;
  country: string;
  /** The partner that bills the customer: a direct-bill partner or an indirect provider. */
  partnerId: string;
  /** For indirect customers, the reseller that sold to them. */
  resellerId: string | null;
  customerMayBuy: boolean;
}

export const SUBSCRIPTION_STATES = ['Active', 'Disabled', 'Deleted'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface AzureSubscription {
  id: string;
  customerId: string;
  planId: string;
  displayName: string;
  state: SubscriptionState;
}
