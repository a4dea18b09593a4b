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

/** Money on the partner API's refund, exchange and billing answers. */
export interface Money {
  currencyCode: string;
  amount: number;
  amountMinor: number;
}

export interface PolicyError {
  code: string;
  message: string;
}

export interface RefundFigures {
  quantity: number;
  remainingDays: number;
  termDays: number;
  priceBasis: 'paid' | 'current';
  basisUnitPrice: Money;
  grossRefund: Money;
  fee: Money;
  netRefund: Money;
  cancelledCommitment: Money;
  remainingCommitment: Money;
  policyErrors: PolicyError[];
}

/** POST /v1/refunds/quote */
export interface RefundQuote {
  sessionId: string;
  expiresAt: string;
  target: { reservationOrderId: string; reservationId: string; quantity: number };
  customerId: string;
  quote: RefundFigures;
  allowanceBefore: { limit: Money; consumed: Money; remaining: Money };
  allowanceAfter: { consumed: Money; remaining: Money };
  exceededBy: Money;
  policyErrors: PolicyError[];
}

/** POST /v1/refunds */
export interface ReturnOutcome {
  transactionId: string;
  reservationOrderId: string;
  returnedReservationId: string;
  remainderReservationId: string | null;
  quantity: number;
  quote: RefundFigures;
  credited: Money;
  allowance: { limit: Money; consumed: Money; remaining: Money };
}

export interface ExchangeReturnItem {
  reservationOrderId: string;
  reservationId: string;
  quantity: number;
}

export interface ExchangePurchaseItem {
  offerId: string;
  quantity: number;
  termDuration: string;
  billingPlan: string;
  subscriptionId: string;
  scope: 'shared' | 'single';
  friendlyName?: string;
}

export interface ExchangeRequestBody {
  returns: ExchangeReturnItem[];
  purchases: ExchangePurchaseItem[];
}

export interface ExchangeFigures {
  refundsTotal: Money;
  purchasesTotal: Money;
  netPayable: Money;
  remainingCommitment: Money;
  newCommitment: Money;
  commitmentShortfall: Money;
  exchangeGroup: string | null;
  policyErrors: PolicyError[];
}

/** POST /v1/exchanges/quote */
export interface ExchangeQuote {
  sessionId: string;
  expiresAt: string;
  customerId: string;
  returns: Array<ExchangeReturnItem & { refund: RefundFigures }>;
  purchases: Array<{ resourceType: string; skuName: string; location: string; term: string; billingPlan: string; quantity: number; total: Money }>;
  quote: ExchangeFigures;
}

/** POST /v1/exchanges */
export interface ExchangeOutcome {
  transactionId: string;
  customerId: string;
  returned: Array<ExchangeReturnItem & { remainderReservationId: string | null; refund: Money }>;
  purchased: Array<{ reservationOrderId: string; reservationId: string; total: Money; input: { reservedResourceType: string; skuName: string; location: string; term: string; billingPlan: string; quantity: number } }>;
  quote: ExchangeFigures;
}

/** GET /v1/customers/{id}/refundAllowance */
export interface RefundAllowance {
  limit: Money;
  consumed: Money;
  remaining: Money;
  entries: Array<{ amount: Money; consumedAt: string; releasesAt: string }>;
  windowDays: number;
}

/** GET /v1/credits */
export interface Credits extends Collection<{ id: string; createdAt: string; kind: string; amount: Money; customerId: string | null; transactionId: string; description: string }> {
  balances: Money[];
}

/** An item of GET /v1/invoices */
export interface Statement {
  period: string;
  currency: string;
  total: Money;
  lines: Array<{
    id: string; createdAt: string; kind: string; amount: Money; customerId: string; transactionId: string;
    reservationOrderId: string | null; reservationId: string | null; description: string;
  }>;
}

// Support requests carry no money, so their wire JSON is the service's own shape.
export type { Contact as SupportContact, RequestedAction } from '../services/support-service.ts';
import type { Contact as SupportContact, RequestedAction } from '../services/support-service.ts';

export interface SupportRequest {
  id: string;
  number: string;
  partnerId: string;
  customerId: string;
  reservationOrderId: string | null;
  reservationId: string | null;
  status: string;
  statusReason: string | null;
  severity: string;
  issueType: string;
  problemType: string;
  category: string;
  title: string;
  description: string;
  contact: SupportContact;
  requestedAction: RequestedAction | null;
  quoteAtCreation: unknown;
  transactionId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  overdue: boolean;
  closedAt: string | null;
  messages?: Array<{ id: string; author: string; authorKind: string; body: string; createdAt: string }>;
}
