import type { Money } from '../../domain/money.ts';
import type { PolicyError, RefundQuote } from '../../domain/refund.ts';
import type { ExchangeOutcome, ExchangeQuoteView } from '../../services/exchange-flow.ts';
import type { PurchaseInput } from '../../services/purchase-service.ts';
import type { ReturnQuoteView } from '../../services/refund-flow.ts';
import { orderResourceId, price, reservationResourceId } from './presenters.ts';

/** Azure wire shapes of refunds and exchanges (RefundResponse, CalculateExchange/Exchange results). */

function billingInformation(q: RefundQuote, billingPlan: string) {
  return {
    billingPlan,
    completedTransactions: q.monthly ? undefined : 1,
    totalTransactions: q.monthly ? undefined : 1,
    billingCurrencyTotalPaidAmount: price(q.paidForReturnedUnits),
    billingCurrencyProratedAmount: price(q.grossRefund),
    billingCurrencyRemainingCommitmentAmount: price(q.remainingCommitment),
  };
}

const errorsOf = (errors: PolicyError[]) => errors.map((e) => ({ code: e.code, message: e.message }));

export interface RefundFigures {
  sessionId: string;
  reservationOrderId: string;
  quote: RefundQuote;
  consumed: Money;
  limit: Money;
  policyErrors: PolicyError[];
}

export const refundFiguresOf = (v: ReturnQuoteView): RefundFigures => ({
  sessionId: v.sessionId, reservationOrderId: v.target.reservationOrderId, quote: v.quote,
  consumed: v.allowanceBefore.consumed, limit: v.allowanceBefore.limit, policyErrors: v.policyErrors,
});

export function presentRefundResponse(f: RefundFigures, billingPlan: string) {
  return {
    id: `${orderResourceId(f.reservationOrderId)}/calculateRefund`,
    properties: {
      sessionId: f.sessionId,
      quantity: f.quote.quantity,
      billingRefundAmount: price(f.quote.netRefund),
      pricingRefundAmount: price(f.quote.netRefund),
      policyResult: {
        properties: {
          consumedRefundsTotal: price(f.consumed),
          maxRefundLimit: price(f.limit),
          policyErrors: errorsOf(f.policyErrors),
        },
      },
      billingInformation: billingInformation(f.quote, billingPlan),
    },
  };
}

function purchaseProperties(input: PurchaseInput) {
  return {
    sku: { name: input.skuName },
    location: input.location,
    properties: {
      reservedResourceType: input.reservedResourceType,
      billingScopeId: input.billingScopeId,
      term: input.term,
      billingPlan: input.billingPlan ?? 'Upfront',
      quantity: input.quantity,
      displayName: input.displayName,
      appliedScopeType: input.appliedScopeType ?? 'Shared',
      appliedScopes: input.appliedScopes,
      renew: input.renew ?? false,
    },
  };
}

export function presentCalculateExchange(v: ExchangeQuoteView) {
  return {
    id: `/providers/microsoft.capacity/operationResults/${v.sessionId}`,
    name: v.sessionId,
    status: 'Succeeded',
    properties: {
      sessionId: v.sessionId,
      netPayable: price(v.quote.netPayable),
      refundsTotal: price(v.quote.refundsTotal),
      purchasesTotal: price(v.quote.purchasesTotal),
      reservationsToPurchase: v.purchases.map((p) => ({ properties: purchaseProperties(p.input), billingCurrencyTotal: price(p.total) })),
      savingsPlansToPurchase: [],
      reservationsToExchange: v.returns.map((r) => ({
        reservationId: reservationResourceId(r.reservationOrderId, r.reservationId),
        quantity: r.quantity,
        billingRefundAmount: price(r.refund.grossRefund),
        billingInformation: billingInformation(r.refund, r.refund.monthly ? 'Monthly' : 'Upfront'),
      })),
      policyResult: { policyErrors: errorsOf(v.quote.policyErrors) },
    },
  };
}

export function presentExchangeResult(o: ExchangeOutcome, sessionId: string | null) {
  return {
    id: `/providers/microsoft.capacity/operationResults/${o.transactionId}`,
    name: o.transactionId,
    status: 'Succeeded',
    properties: {
      sessionId: sessionId ?? undefined,
      netPayable: price(o.quote.netPayable),
      refundsTotal: price(o.quote.refundsTotal),
      purchasesTotal: price(o.quote.purchasesTotal),
      reservationsToPurchase: o.purchased.map((p) => ({
        reservationOrderId: orderResourceId(p.reservationOrderId),
        reservationId: reservationResourceId(p.reservationOrderId, p.reservationId),
        properties: purchaseProperties(p.input),
        billingCurrencyTotal: price(p.total),
        status: 'Succeeded',
      })),
      savingsPlansToPurchase: [],
      reservationsToExchange: o.returned.map((r) => ({
        reservationId: reservationResourceId(r.reservationOrderId, r.reservationId),
        quantity: r.quantity,
        billingRefundAmount: price(r.refund),
        status: 'Succeeded',
      })),
      policyResult: { policyErrors: [] },
    },
  };
}
