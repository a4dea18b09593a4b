import { termMonths, type Term } from './catalog.ts';
import { divideHalfEven } from './money.ts';

/**
 * Purchase recommendations (issue 7), pure: from usage that ran on demand (no reservation covered
 * it), how many reservations of a SKU in a region would have paid off, for which term, and when.
 *
 * Quantity: the steady base load, the smallest hourly instance count seen over the look-back
 * (a day without any usage counts as zero). Only instances that run every hour are certain to
 * use a reservation every hour; anything above the base load may or may not be there next month.
 *
 * Money stays in integer minor units. The on-demand rate is the look-back's cost ÷ its instance-
 * hours; hours are measurements, so they are taken to the thousandth of an hour and every amount
 * is rounded once, half-even. A year is 8,760 hours and a month 730 (the 8,760 ÷ 12 Azure prices by).
 */
export const HOURS_PER_YEAR = 8_760;
export const HOURS_PER_MONTH = 730;

export interface UncoveredDay {
  usageDate: string;
  usageHours: number;
  minHourlyInstances: number;
  costMinor: number;
}

export interface TermPrice {
  term: Term;
  /** Upfront price of one unit for the whole term, minor units. */
  unitPriceMinor: number;
}

export interface TermFigures {
  term: Term;
  /** The recommended quantity bought for the term. */
  reservationCostMinor: number;
  /** What the same instances cost on demand over the term at the observed rate. */
  onDemandCostMinor: number;
  netSavingsMinor: number;
  /** The first month (1-based) by whose end on-demand spending would have passed the reservation price. */
  breakEvenMonth: number;
  /**
   * Over the look-back itself, as Azure's reservationRecommendations report it: what the usage
   * would have cost with the reservation (its price prorated to the look-back's hours, plus the
   * hours above the base load at the on-demand rate), and the saving against what it did cost.
   */
  lookBackCostWithReservationMinor: number;
  lookBackNetSavingsMinor: number;
}

export interface PurchaseFigures {
  quantity: number;
  firstUsageDate: string;
  lastUsageDate: string;
  /** Instance-hours and on-demand cost over the look-back. */
  totalHours: number;
  costMinor: number;
  /** On-demand cost of one instance-hour, minor units (rounded, for display). */
  hourlyRateMinor: number;
  /** Terms that pay off within the term, best saving first. */
  terms: TermFigures[];
}

/**
 * The recommendation for one SKU and region over the look-back `windowDates` (every day of it),
 * or null when there is no steady load or no term pays off.
 */
export function recommendPurchase(windowDates: readonly string[], days: readonly UncoveredDay[], prices: readonly TermPrice[]): PurchaseFigures | null {
  const byDate = new Map<string, UncoveredDay>();
  for (const d of days) {
    const seen = byDate.get(d.usageDate);
    // Several subscriptions merged (shared scope): hours and cost add, and so do the base loads.
    byDate.set(d.usageDate, seen
      ? { usageDate: d.usageDate, usageHours: seen.usageHours + d.usageHours, minHourlyInstances: seen.minHourlyInstances + d.minHourlyInstances, costMinor: seen.costMinor + d.costMinor }
      : d);
  }
  if (windowDates.length === 0) return null;
  const quantity = Math.floor(Math.min(...windowDates.map((date) => byDate.get(date)?.minHourlyInstances ?? 0)) + 1e-9);
  if (quantity < 1) return null;
  const inWindow = windowDates.map((d) => byDate.get(d)!);
  const totalHours = inWindow.reduce((s, d) => s + d.usageHours, 0);
  const costMinor = inWindow.reduce((s, d) => s + d.costMinor, 0);
  const milliHours = BigInt(Math.round(totalHours * 1000));
  if (milliHours <= 0n || costMinor <= 0) return null;
  const cost = BigInt(costMinor);
  const q = BigInt(quantity);

  const terms: TermFigures[] = [];
  for (const p of prices) {
    const months = termMonths(p.term);
    const reservation = q * BigInt(p.unitPriceMinor);
    // q instances × term hours × (cost ÷ hours): one division, one rounding.
    const onDemand = divideHalfEven(q * BigInt(months * HOURS_PER_MONTH) * 1000n * cost, milliHours);
    // Smallest m with q × 730 m × cost ÷ hours ≥ reservation price: m = ⌈price × hours ÷ (q × 730 × cost)⌉.
    const perMonthDen = q * BigInt(HOURS_PER_MONTH) * 1000n * cost;
    const breakEven = (reservation * milliHours + perMonthDen - 1n) / perMonthDen;
    if (breakEven > BigInt(months) || onDemand <= reservation) continue;
    const windowHours = BigInt(windowDates.length * 24);
    const reservedPart = divideHalfEven(reservation * windowHours, BigInt(months * HOURS_PER_MONTH));
    const overflowMilli = milliHours - q * windowHours * 1000n;
    const overflowCost = overflowMilli > 0n ? divideHalfEven(cost * overflowMilli, milliHours) : 0n;
    terms.push({
      lookBackCostWithReservationMinor: Number(reservedPart + overflowCost),
      lookBackNetSavingsMinor: Number(cost - reservedPart - overflowCost),
      term: p.term,
      reservationCostMinor: Number(reservation),
      onDemandCostMinor: Number(onDemand),
      netSavingsMinor: Number(onDemand - reservation),
      breakEvenMonth: Math.max(1, Number(breakEven)),
    });
  }
  if (terms.length === 0) return null;
  terms.sort((a, b) => b.netSavingsMinor - a.netSavingsMinor);
  return {
    quantity,
    firstUsageDate: windowDates[0]!,
    lastUsageDate: windowDates.at(-1)!,
    totalHours: Math.round(totalHours * 1000) / 1000,
    costMinor,
    hourlyRateMinor: Number(divideHalfEven(cost * 1000n, milliHours)),
    terms,
  };
}
