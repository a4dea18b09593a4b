/** The JSON the CLI reads from the server, as far as it uses it. */

export interface Price {
  currencyCode: string;
  amount: number;
}

export interface Me {
  userId: string;
  name: string;
  tenantType: string;
  roles: string[];
  partner?: { id: string; name: string; type: string; billingCurrency: string };
  customerId?: string;
}

/** Partner Center's collection envelope. */
export interface Collection<T> {
  totalCount: number;
  items: T[];
  links?: { next?: { uri: string } };
}

export interface Customer {
  id: string;
  companyProfile: { domain: string; companyName: string; country: string };
  relationshipToPartner: string;
  partnerId: string;
  resellerId?: string;
  customerMayBuyReservations: boolean;
}

export interface Subscription {
  id: string;
  friendlyName: string;
  offerName: string;
  azurePlanId: string;
  status: string;
  resourceGroups: Array<{ id: string; name: string; location: string }>;
  managementGroups: string[];
}

export interface SubscriptionCollection extends Collection<Subscription> {
  managementGroups: Array<{ id: string; name: string; displayName: string; subscriptionIds: string[] }>;
}

/** A reservation in the Azure shape, which both doors use. */
export interface Reservation {
  id: string;
  name: string;
  etag?: number;
  location: string;
  sku: { name: string };
  properties: {
    reservedResourceType: string;
    instanceFlexibility?: string;
    displayName: string;
    appliedScopes?: string[];
    appliedScopeType: string;
    appliedScopeProperties?: Record<string, string>;
    quantity: number;
    provisioningState: string;
    displayProvisioningState: string;
    userFriendlyAppliedScopeType?: string;
    userFriendlyRenewState?: string;
    effectiveDateTime?: string;
    benefitStartTime?: string;
    expiryDateTime?: string;
    purchaseDateTime?: string;
    billingScopeId?: string;
    term: string;
    billingPlan: string;
    renew?: boolean;
    archived?: boolean;
    utilization?: { trend: string; aggregates: Array<{ grain: number; value: number }> };
  };
  allowedActions?: Record<string, { allowed: boolean; reason?: string }>;
}

/** Azure's list page. */
export interface AzureList<T> {
  value: T[];
  nextLink?: string;
  summary?: Record<string, number>;
}

export interface CatalogItem {
  id: string;
  reservedResourceType: string;
  skuName: string;
  title: string;
  location: string;
  terms: string[];
  billingPlans: Record<string, string[]>;
  prices: Record<string, Record<string, Price>>;
}

export interface Order {
  id: string;
  referenceCustomerId: string;
  currencyCode: string;
  status: string;
  creationDate: string;
  lineItems: Array<{
    lineItemNumber: number;
    offerId: string;
    friendlyName: string;
    quantity: number;
    termDuration: string;
    billingPlan: string;
    provisioningContext: { subscriptionId: string; scope: string };
    resourceIds: { reservationOrderId: string; reservationIds: string[] };
    totalPrice: Price;
  }>;
  totalPrice: Price;
}
