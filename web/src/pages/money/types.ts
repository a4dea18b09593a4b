/**
 * Wire shapes the money and support pages read from the /v1 API (src/doors/partner/money-routes.ts,
 * support-routes.ts, console-money-routes.ts). Money arrives as { currencyCode, amount, amountMinor };
 * the pages only ever use amountMinor (integer minor units) with useFormat().money.
 */
export interface MoneyJson {
  currencyCode: string;
  amount: number;
  amountMinor: number;
}

export interface Decision {
  allowed: boolean;
  reason?: string;
}

export interface PolicyError {
  code: string;
  message: string;
}

/** GET /v1/reservations/{orderId}/{reservationId} (the console's reservation view), the fields these pages use. */
export interface ConsoleReservation {
  id: string;
  name: string;
  location: string;
  sku: { name: string };
  properties: {
    displayName?: string;
    quantity: number;
    reservedResourceType: string;
    provisioningState: string;
    displayProvisioningState?: string;
    term: string;
    billingPlan: string;
    expiryDate?: string;
    expiryDateTime?: string;
    purchaseDateTime?: string;
    billingScopeId?: string;
    reservationId?: string;
    reservationOrderId?: string;
  };
  allowedActions?: Record<string, Decision>;
}

export interface RefundQuote {
  quantity: number;
  remainingDays: number;
  termDays: number;
  priceBasis: 'paid' | 'current';
  basisUnitPrice: MoneyJson;
  grossRefund: MoneyJson;
  fee: MoneyJson;
  netRefund: MoneyJson;
  cancelledCommitment: MoneyJson;
  remainingCommitment: MoneyJson;
  policyErrors: PolicyError[];
}

/** POST /v1/refunds/quote. */
export interface ReturnQuoteView {
  sessionId: string;
  expiresAt: string;
  customerId: string;
  quote: RefundQuote;
  allowanceBefore: { limit: MoneyJson; consumed: MoneyJson; remaining: MoneyJson };
  allowanceAfter: { consumed: MoneyJson; remaining: MoneyJson };
  exceededBy: MoneyJson;
  policyErrors: PolicyError[];
}

export interface ReturnOutcome {
  transactionId: string;
  remainderReservationId: string | null;
  quantity: number;
  credited: MoneyJson;
  allowance: { limit: MoneyJson; consumed: MoneyJson; remaining: MoneyJson };
}

export interface ExchangeQuote {
  refundsTotal: MoneyJson;
  purchasesTotal: MoneyJson;
  netPayable: MoneyJson;
  remainingCommitment: MoneyJson;
  newCommitment: MoneyJson;
  commitmentShortfall: MoneyJson;
  exchangeGroup: string | null;
  policyErrors: PolicyError[];
}

/** POST /v1/exchanges/quote. */
export interface ExchangeQuoteView {
  sessionId: string;
  expiresAt: string;
  customerId: string;
  returns: Array<{ reservationOrderId: string; reservationId: string; quantity: number; refund: RefundQuote }>;
  purchases: Array<{ resourceType: string; skuName: string; location: string; term: string; billingPlan: string; quantity: number; total: MoneyJson }>;
  quote: ExchangeQuote;
}

export interface ExchangeOutcome {
  transactionId: string;
  returned: Array<{ reservationOrderId: string; reservationId: string; quantity: number; refund: MoneyJson }>;
  purchased: Array<{ reservationOrderId: string; reservationId: string; total: MoneyJson }>;
}

/** The body of POST /v1/exchanges/quote and of an exchange support request's requestedAction. */
export interface ExchangeRequestBody {
  returns: Array<{ reservationOrderId: string; reservationId: string; quantity: number }>;
  purchases: Array<{ offerId: string; quantity: number; termDuration: string; billingPlan: string; subscriptionId: string; scope?: 'shared' | 'single' }>;
}

export type RequestedAction =
  | { type: 'return'; quantity: number; reason?: string }
  | ({ type: 'exchange' } & ExchangeRequestBody);

/** GET /v1/catalog/items rows. */
export interface CatalogItem {
  id: string;
  reservedResourceType: string;
  skuName: string;
  title?: string;
  location: string;
  terms: string[];
  /** Per term, the billing plans offered (monthly is not offered for some types). */
  billingPlans: Record<string, string[]> | string[];
  exchangeGroup: string;
  prices: Record<string, Record<string, { currencyCode: string; amount: number }>>;
}

/** Partner Center's collection envelope. */
export interface Collection<T> {
  totalCount: number;
  items: T[];
}
