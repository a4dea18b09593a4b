/**
 * The exchange advisor's sizing (issue 7), pure: from what an under-used reservation actually
 * covered, which same-type reservations (size × quantity) would fit, with instance size
 * flexibility (rules §3). Prices, refunds and the commitment rule are not decided here: every
 * proposal is quoted by the exchange policy engine (domain/exchange.ts through
 * services/exchange-flow.ts calculateExchange), so what the advice shows is what an exchange costs.
 *
 * Units. Within a flexibility group every size has a ratio (D2s_v5 = 1, D4s_v5 = 2, D8s_v5 = 4…);
 * "normalized units" are ratio-1 instances. A reservation of quantity q and ratio ρ covers q × ρ
 * normalized units each hour. utilization_daily's used hours are in the reservation's own size
 * (consumed hours × consumer ratio ÷ reservation ratio, capped at the reserved hours), so the
 * normalized figures are the percentages × q × ρ. A SKU without a group is its own group, ratio 1.
 */

export interface AdvisedReservation {
  skuName: string;
  quantity: number;
  /** The reservation's ratio in its group (1 when the SKU has no flexibility group). */
  flexRatio: number;
}

export interface ObservedDay {
  usageDate: string;
  reservedHours: number;
  usedHours: number;
  /** The busiest hour of the day, as % of the reserved quantity. */
  maxPct: number;
}

export interface DemandObservation {
  /** Days of data the sizing used. */
  days: number;
  from: string;
  to: string;
  /** The capacity to size for, in normalized units (see sizingPercentile). */
  sizingUnits: number;
  /** Average normalized units in use over the active hours of the look-back. */
  averageUnits: number;
  /** The reservation's own capacity in normalized units. */
  currentUnits: number;
  /** Its utilization over the look-back, % (used ÷ reserved hours). */
  utilizationPct: number;
}

/**
 * Which daily figure sizes the proposal: the 90th percentile (nearest rank) of each day's
 * busiest hour. A reservation is consumed hour by hour, so sizing on averages would leave the
 * peak hours of every day on pay-as-you-go; sizing on the single busiest hour of the whole
 * look-back lets one unusual day (a batch run, a migration) keep the reservation oversized. The
 * p90 of the daily peaks covers the peak of nine days in ten: over 7 days that is still the
 * largest peak (nothing is cut on a one-week look-back); over 30 days the three busiest days go.
 */
export const SIZING_PERCENTILE = 0.9;

/** The demand of a reservation over its look-back, or null without a complete day of data. */
export function observeDemand(r: AdvisedReservation, days: readonly ObservedDay[]): DemandObservation | null {
  const usable = days.filter((d) => d.reservedHours > 0).sort((a, b) => a.usageDate.localeCompare(b.usageDate));
  if (usable.length === 0) return null;
  const currentUnits = r.quantity * r.flexRatio;
  const peaks = usable.map((d) => (Math.min(100, Math.max(0, d.maxPct)) / 100) * currentUnits).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(SIZING_PERCENTILE * peaks.length));
  const reserved = usable.reduce((s, d) => s + d.reservedHours, 0);
  const used = usable.reduce((s, d) => s + Math.min(d.usedHours, d.reservedHours), 0);
  return {
    days: usable.length,
    from: usable[0]!.usageDate,
    to: usable.at(-1)!.usageDate,
    sizingUnits: round(peaks[rank - 1]!),
    averageUnits: round((used / reserved) * currentUnits),
    currentUnits,
    utilizationPct: round((used / reserved) * 100),
  };
}

export interface SizeOption {
  skuName: string;
  flexRatio: number;
}

export interface SizingProposal {
  skuName: string;
  quantity: number;
  /** Normalized units the proposal reserves. */
  units: number;
  /** Expected utilization of the proposal on the observed average usage, % (at most 100). */
  projectedUtilizationPct: number;
}

/**
 * For each size of the group, the smallest quantity that covers the sizing demand; kept when it
 * reserves less than the reservation does now (otherwise it would not fix anything). Best fit
 * first: highest projected utilization, then fewer units, then fewer instances (one D4s_v5
 * rather than two D2s_v5: fewer instances to match, same capacity).
 */
export function proposeSizes(r: AdvisedReservation, demand: DemandObservation, sizes: readonly SizeOption[]): SizingProposal[] {
  if (demand.sizingUnits <= 0) return [];
  const out: SizingProposal[] = [];
  for (const s of sizes) {
    if (!(s.flexRatio > 0)) continue;
    // The epsilon keeps 2.0000000001 units (float noise) from asking for a third instance.
    const quantity = Math.max(1, Math.ceil(demand.sizingUnits / s.flexRatio - 1e-9));
    const units = quantity * s.flexRatio;
    if (units >= demand.currentUnits) continue;
    out.push({ skuName: s.skuName, quantity, units, projectedUtilizationPct: round(Math.min(100, (demand.averageUnits / units) * 100)) });
  }
  return out.sort((a, b) => b.projectedUtilizationPct - a.projectedUtilizationPct || a.units - b.units || a.quantity - b.quantity || a.skuName.localeCompare(b.skuName));
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** One day of on-demand (uncovered) usage of one size in another region. */
export interface UncoveredSizeDay {
  usageDate: string;
  flexRatio: number;
  minHourlyInstances: number;
}

/**
 * The steady on-demand load of a region in normalized units over `windowDates`: per day the sum
 * over sizes and subscriptions of the fewest instances in any hour × their ratio, then the
 * smallest day (a day without usage counts as zero), rounded down to whole units. Adding the
 * per-size minimums can only understate the true minimum of the total, so the reservation it
 * sizes is used every hour.
 */
export function regionBaseUnits(windowDates: readonly string[], rows: readonly UncoveredSizeDay[]): number {
  if (windowDates.length === 0) return 0;
  const perDay = new Map<string, number>();
  for (const r of rows) perDay.set(r.usageDate, (perDay.get(r.usageDate) ?? 0) + r.minHourlyInstances * r.flexRatio);
  return Math.floor(Math.min(...windowDates.map((d) => perDay.get(d) ?? 0)) + 1e-9);
}

/** Whole normalized units as the fewest instances of one size: the largest ratio that divides them. */
export function exactSize(units: number, sizes: readonly SizeOption[]): { skuName: string; quantity: number } | null {
  const fitting = sizes.filter((s) => s.flexRatio > 0 && Number.isInteger(units / s.flexRatio)).sort((a, b) => b.flexRatio - a.flexRatio);
  const s = fitting[0];
  return s && units > 0 ? { skuName: s.skuName, quantity: units / s.flexRatio } : null;
}
