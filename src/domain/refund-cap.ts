import { addDays } from './dates.ts';
import { money, type CurrencyCode, type Money } from './money.ts';
import { convertFromUsd, type MoneyPolicy } from './policy-settings.ts';

/**
 * The refund cap (rules §4): the cancelled commitment of a customer's returns may not exceed
 * USD 50,000 (converted into the partner's currency) within a rolling window of 365 days. Each
 * return consumes an entry that is released when the window has passed.
 */
export interface CapEntry {
  amount: Money;
  consumedAt: string;
  releasesAt: string;
}

export interface Allowance {
  limit: Money;
  consumed: Money;
  remaining: Money;
  entries: CapEntry[];
}

export function capLimit(policy: MoneyPolicy, currency: CurrencyCode): Money {
  return convertFromUsd(policy, policy.refundCapUsdCents, currency);
}

export function releaseDate(policy: MoneyPolicy, consumedAt: Date): Date {
  return addDays(consumedAt, policy.refundWindowDays);
}

/** The allowance now: entries not yet released count; released ones are left out. */
export function allowanceOf(policy: MoneyPolicy, currency: CurrencyCode, entries: readonly CapEntry[], now: Date): Allowance {
  const nowIso = now.toISOString();
  const live = entries.filter((e) => e.releasesAt > nowIso && e.amount.currency === currency);
  const consumed = live.reduce((s, e) => s + e.amount.minor, 0);
  const limit = capLimit(policy, currency);
  return { limit, consumed: money(currency, consumed), remaining: money(currency, Math.max(0, limit.minor - consumed)), entries: live };
}

/** Whether a further consumption fits; if not, by how much it would exceed the limit. */
export function checkCap(allowance: Allowance, consumption: Money): { ok: boolean; exceededBy: Money } {
  const after = allowance.consumed.minor + consumption.minor;
  const over = after - allowance.limit.minor;
  return { ok: over <= 0, exceededBy: money(consumption.currency, Math.max(0, over)) };
}
