import type { ReservedResourceType } from './catalog.ts';
import { parseUtcDate } from './dates.ts';
import { money, subtract, sum, type CurrencyCode, type Money } from './money.ts';
import { exchangeGroupOf, type MoneyPolicy } from './policy-settings.ts';
import type { PolicyError, RefundQuote } from './refund.ts';
import type { Reservation } from './reservation.ts';

/**
 * An exchange (rules §4): a return of one or more reservations plus one or more new purchases,
 * recorded as separate transactions. It is allowed when every reservation involved is of one
 * exchange group, the new lifetime commitment reaches the remaining commitment of what is
 * returned, and the 2027-02-01 policy still lets each returned reservation be exchanged.
 * Exchanges never count toward the refund cap.
 */
export interface ExchangeReturn {
  reservation: Reservation;
  refund: RefundQuote;
}

export interface ExchangePurchase {
  resourceType: ReservedResourceType;
  total: Money;
}

export interface ExchangeQuote {
  refundsTotal: Money;
  purchasesTotal: Money;
  /** What the partner pays now: purchases − refunds (negative: the partner is credited the difference). */
  netPayable: Money;
  remainingCommitment: Money;
  newCommitment: Money;
  /** How much the new commitment falls short of the remaining one (zero when the rule is met). */
  commitmentShortfall: Money;
  exchangeGroup: string | null;
  policyErrors: PolicyError[];
}

export function quoteExchange(currency: CurrencyCode, returns: readonly ExchangeReturn[], purchases: readonly ExchangePurchase[], now: Date, policy: MoneyPolicy): ExchangeQuote {
  const errors: PolicyError[] = [];
  if (returns.length === 0) errors.push({ code: 'InvalidExchangeRequest', message: 'Name at least one reservation to exchange.' });
  if (purchases.length === 0) errors.push({ code: 'InvalidExchangeRequest', message: 'Name at least one reservation to buy; to get money back without buying, return the reservation instead.' });

  for (const { refund } of returns) {
    for (const e of refund.policyErrors) {
      // Exchanges are allowed where self-service refunds are not; the other refund errors stand.
      if (e.code !== 'SelfServiceRefundNotSupported' && e.code !== 'RefundLimitExceeded') errors.push(e);
    }
  }

  const groups = new Set([...returns.map((r) => exchangeGroupOf(policy, r.reservation.resourceType)), ...purchases.map((p) => exchangeGroupOf(policy, p.resourceType))]);
  if (groups.size > 1) {
    errors.push({
      code: 'CrossTypeExchangeNotAllowed',
      message: `Reservations can be exchanged only for the same type (${[...groups].join(' ≠ ')}). To move to another type, return the reservation for a refund and buy the new one.`,
    });
  }

  for (const { reservation } of returns) {
    const refusal = exchangeCutoffRefusal(reservation, now, policy);
    if (refusal) errors.push(refusal);
  }

  const refundsTotal = sum(currency, returns.map((r) => r.refund.grossRefund));
  const purchasesTotal = sum(currency, purchases.map((p) => p.total));
  const remainingCommitment = sum(currency, returns.map((r) => r.refund.remainingCommitment));
  const shortfall = Math.max(0, remainingCommitment.minor - purchasesTotal.minor);
  if (shortfall > 0 && purchases.length > 0) {
    errors.push({
      code: 'InsufficientNewCommitment',
      message: `The new lifetime commitment (${purchasesTotal.currency} ${purchasesTotal.minor}) must be at least the remaining commitment of the returned reservations (${remainingCommitment.minor}); it falls short by ${shortfall} in minor units.`,
    });
  }
  return {
    refundsTotal,
    purchasesTotal,
    netPayable: subtract(purchasesTotal, refundsTotal),
    remainingCommitment,
    newCommitment: purchasesTotal,
    commitmentShortfall: money(currency, shortfall),
    exchangeGroup: groups.size === 1 ? [...groups][0]! : null,
    policyErrors: dedupe(errors),
  };
}

/**
 * The 2027-02-01 policy for types that savings plans cover: from that date, a reservation bought
 * (or produced by an exchange or renewal) on or after it cannot be exchanged; one bought before
 * keeps one final exchange, which the exchange itself consumes (what it produces is bought after
 * the date). A partial exchange leaves the remaining units, still dated before, their final exchange.
 */
export function exchangeCutoffRefusal(r: Reservation, now: Date, policy: MoneyPolicy): PolicyError | null {
  if (!policy.exchangeCutoffTypes.includes(r.resourceType)) return null;
  const cutoff = parseUtcDate(policy.exchangeCutoffDate).getTime();
  if (now.getTime() < cutoff) return null;
  if (new Date(r.purchaseAt).getTime() >= cutoff) {
    return {
      code: 'ExchangeNotAllowedAfterPolicyChange',
      message: `${r.resourceType} reservations bought, exchanged or renewed on or after ${policy.exchangeCutoffDate} cannot be exchanged; return it instead.`,
    };
  }
  return null;
}

function dedupe(errors: PolicyError[]): PolicyError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
