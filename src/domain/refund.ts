import { termMonths } from './catalog.ts';
import { daysBetween, parseUtcDate, utcDate } from './dates.ts';
import { divideHalfEven, money, prorate, subtract, sum, type Money } from './money.ts';
import type { MoneyPolicy } from './policy-settings.ts';
import { isActive, type PaymentInstalment, type Reservation } from './reservation.ts';

/**
 * The refund of returning some units of a reservation (rules §4), as a pure calculation:
 *
 *   upfront: refund = round(min(paid unit price, current unit price) × quantity × remaining days ÷ term days)
 *   monthly: the current month's instalment is refunded for its remaining days (at the lower of the
 *            two prices) and the future instalments of the returned units are cancelled.
 *
 * Days are whole UTC calendar days; rounding is half-even to the currency's minor unit, once, at
 * the end of each product. The fee is a share of the refund. What counts toward the customer's
 * refund cap is the cancelled commitment: the refund, plus the cancelled future instalments on a
 * monthly plan.
 */

export interface PolicyError {
  code: string;
  message: string;
}

export interface RefundInput {
  reservation: Reservation;
  quantity: number;
  now: Date;
  /** What one unit cost for the whole term at purchase. */
  paidUnitPrice: Money;
  /** The catalog's price of one unit for the same SKU, region, term and plan today; null if no longer sold. */
  currentUnitPrice: Money | null;
  /** Monthly plan: the order's instalments and the order's units still live (they share those instalments). */
  payments: PaymentInstalment[];
  liveOrderQuantity: number;
  policy: MoneyPolicy;
}

export interface MonthlyEffect {
  /** Instalments that become Cancelled (whole) or are reduced by the returned units' share. */
  cancelled: Array<{ sequence: number; dueDate: string; cancelledAmount: Money; remainingAmount: Money }>;
  currentPeriod: { from: string; to: string; remainingDays: number; periodDays: number } | null;
}

export interface RefundQuote {
  quantity: number;
  remainingDays: number;
  termDays: number;
  priceBasis: 'paid' | 'current';
  basisUnitPrice: Money;
  /** The refund before the fee. */
  grossRefund: Money;
  fee: Money;
  /** What the partner is credited. */
  netRefund: Money;
  /** Refund + cancelled future instalments: what the cap counts. */
  cancelledCommitment: Money;
  /** What is still owed for the returned units (used by exchanges: the new commitment must reach it). */
  remainingCommitment: Money;
  /** Paid so far for the returned units (billingInformation). */
  paidForReturnedUnits: Money;
  monthly: MonthlyEffect | null;
  policyErrors: PolicyError[];
}

export function quoteRefund(input: RefundInput): RefundQuote {
  const { reservation: r, quantity, now, policy } = input;
  const currency = input.paidUnitPrice.currency;
  const errors: PolicyError[] = [];
  if (policy.nonRefundableTypes.includes(r.resourceType)) {
    errors.push({ code: 'SelfServiceRefundNotSupported', message: 'Self Service refunds are currently not supported for this resource, please contact support.' });
  }
  if (!isActive(r, now)) {
    errors.push({ code: 'ReservationNotActive', message: `The reservation is ${r.provisioningState === 'Succeeded' ? 'Expired' : r.provisioningState}; only an active reservation can be returned.` });
  }
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > r.quantity) {
    errors.push({ code: 'InvalidRefundQuantity', message: `The quantity to return must be a whole number from 1 to ${r.quantity}.` });
  }
  const qty = Number.isInteger(quantity) && quantity >= 1 ? Math.min(quantity, r.quantity) : 0;
  const purchase = new Date(r.purchaseAt);
  const expiry = new Date(r.expiryAt);
  const termDays = Math.max(1, daysBetween(purchase, expiry));
  const remainingDays = Math.max(0, Math.min(termDays, daysBetween(now, expiry)));
  const current = input.currentUnitPrice && input.currentUnitPrice.currency === currency ? input.currentUnitPrice : null;
  const priceBasis = current && current.minor < input.paidUnitPrice.minor ? 'current' : 'paid';
  const basisUnitPrice = priceBasis === 'current' ? current! : input.paidUnitPrice;

  let grossRefund: Money;
  let cancelledFuture = money(currency, 0);
  let remainingCommitment: Money;
  let paid: Money;
  let monthly: MonthlyEffect | null = null;
  if (r.billingPlan === 'Upfront') {
    grossRefund = prorate(money(currency, basisUnitPrice.minor * qty), remainingDays, termDays);
    remainingCommitment = prorate(money(currency, input.paidUnitPrice.minor * qty), remainingDays, termDays);
    paid = money(currency, input.paidUnitPrice.minor * qty);
  } else {
    monthly = monthlyEffect(input, qty);
    const live = Math.max(1, input.liveOrderQuantity);
    const lastPaid = [...input.payments].filter((p) => p.status === 'Succeeded' && p.dueDate <= utcDate(now)).pop();
    let currentMonthRefund = money(currency, 0);
    let currentMonthRemainder = money(currency, 0);
    if (lastPaid && monthly.currentPeriod) {
      const { remainingDays: rd, periodDays } = monthly.currentPeriod;
      // The returned units' month (unit price ÷ months of the term) × remaining share of the month.
      // Not the paid instalment × qty ÷ live: after an earlier partial return in the same month the
      // paid instalment still covers the units already returned, and the month would be refunded twice.
      const months = BigInt(termMonths(r.term));
      const den = months * BigInt(periodDays);
      currentMonthRefund = money(currency, Number(divideHalfEven(BigInt(basisUnitPrice.minor) * BigInt(qty) * BigInt(rd), den)));
      currentMonthRemainder = money(currency, Number(divideHalfEven(BigInt(input.paidUnitPrice.minor) * BigInt(qty) * BigInt(rd), den)));
    }
    grossRefund = currentMonthRefund;
    cancelledFuture = sum(currency, monthly.cancelled.map((c) => c.cancelledAmount));
    remainingCommitment = money(currency, cancelledFuture.minor + currentMonthRemainder.minor);
    const paidTotal = input.payments.filter((p) => p.status === 'Succeeded').reduce((s, p) => s + p.amount.minor, 0);
    paid = money(currency, Number(divideHalfEven(BigInt(paidTotal) * BigInt(qty), BigInt(live))));
  }
  const fee = money(currency, Number(divideHalfEven(BigInt(grossRefund.minor) * BigInt(policy.earlyTerminationFeeBps), 10_000n)));
  return {
    quantity: qty,
    remainingDays,
    termDays,
    priceBasis,
    basisUnitPrice,
    grossRefund,
    fee,
    netRefund: subtract(grossRefund, fee),
    cancelledCommitment: money(currency, grossRefund.minor + cancelledFuture.minor),
    remainingCommitment,
    paidForReturnedUnits: paid,
    monthly,
    policyErrors: errors,
  };
}

/** The monthly plan's current period and the future instalments the returned units cancel. */
function monthlyEffect(input: RefundInput, qty: number): MonthlyEffect {
  const today = utcDate(input.now);
  const live = Math.max(1, input.liveOrderQuantity);
  const returnsAll = qty >= live;
  // Due today but not yet charged is still future: cancelled, not left to be charged after the return.
  const cancelled = input.payments
    .filter((p) => p.status === 'Scheduled' && p.dueDate >= today)
    .map((p) => {
      const cancelledAmount = returnsAll ? p.amount : prorate(p.amount, qty, live);
      return { sequence: p.sequence, dueDate: p.dueDate, cancelledAmount, remainingAmount: subtract(p.amount, cancelledAmount) };
    });
  const paidDates = input.payments.filter((p) => p.status === 'Succeeded' && p.dueDate <= today).map((p) => p.dueDate);
  const from = paidDates.at(-1);
  if (!from) return { cancelled, currentPeriod: null };
  // The period the last payment covers ends at the next due date, charged or not.
  const next = input.payments.find((p) => p.dueDate > from)?.dueDate ?? utcDate(new Date(input.reservation.expiryAt));
  const periodDays = Math.max(1, daysBetween(parseUtcDate(from), parseUtcDate(next)));
  const remainingDays = Math.max(0, Math.min(periodDays, daysBetween(input.now, parseUtcDate(next))));
  return { cancelled, currentPeriod: { from, to: next, remainingDays, periodDays } };
}

