import { termYears, type Term } from './catalog.ts';
import { divideHalfEven, money, type CurrencyCode, type Money } from './money.ts';

/**
 * Unused commitment in money (issue 7): the hours a reservation reserved and nothing used, priced
 * at its effective hourly price.
 *
 * - A reservation's price for its term is its unit price (the order's price of one unit for the
 *   whole term, whatever the billing plan) × its quantity.
 * - Hours in the term: 8,760 per year (365 × 24), the convention Azure uses for hourly rates of
 *   reservations (a month = 730 hours); leap days are not counted.
 * - Reserved and used hours are instance-hours (quantity × active hours, rules §6), so the
 *   effective hourly price of one instance-hour is unit price ÷ hours in the term, which is the
 *   same as (unit price × quantity) ÷ (quantity × hours in the term).
 * - Hours are measurements (JS numbers); they are taken to whole milli-hours before pricing, which
 *   drops nothing a cost export can say (it reports hours to a few decimals).
 * - Rounding: the amount is unusedMilliHours × unitPriceMinor ÷ (hoursInTerm × 1000), exact in
 *   integers, rounded half-even ONCE at the end. The hourly price itself is never rounded (a KRW
 *   1,000,000 one-year unit costs 114.155… KRW an hour; rounding that first would be wrong by up
 *   to half a won per hour, times every hour).
 * - A customer's or partner's figure is the sum of its reservations' figures, so totals add up to
 *   the rows they summarize; amounts in different currencies are never added.
 *
 * The store computes the same formula in SQL (usage-report-queries.ts) so that it can order and
 * page worst first in the database; this module is its reference and the tests check one against
 * the other.
 */

export const HOURS_PER_YEAR = 8760;
export const MILLIHOURS_PER_HOUR = 1000;

export const hoursInTerm = (term: Term): number => termYears(term) * HOURS_PER_YEAR;

/** Hours → whole milli-hours (a measurement rounding, half away from zero, never money). */
export const toMilliHours = (hours: number): number => Math.round(hours * MILLIHOURS_PER_HOUR);

/** Unused hours, never negative: used hours are capped at reserved hours per hour, but sums of floats wobble. */
export const unusedHours = (reservedHours: number, usedHours: number): number => Math.max(0, reservedHours - usedHours);

/**
 * The unused commitment of `unusedHoursValue` instance-hours of a reservation whose unit costs
 * `unitPriceMinor` for `term`: half-even once, in the reservation's currency.
 */
export function unusedCommitment(unusedHoursValue: number, unitPriceMinor: number, term: Term, currency: CurrencyCode): Money {
  const numerator = BigInt(toMilliHours(unusedHoursValue)) * BigInt(unitPriceMinor);
  const denominator = BigInt(hoursInTerm(term) * MILLIHOURS_PER_HOUR);
  return money(currency, Number(divideHalfEven(numerator, denominator)));
}

/** Utilization % of a window (used ÷ reserved), null when nothing was reserved. */
export const utilizationPercent = (reservedHours: number, usedHours: number): number | null =>
  reservedHours > 0 ? (usedHours / reservedHours) * 100 : null;
