import { addDays, parseUtcDate, utcDate } from './dates.ts';

/**
 * Usage alerts (issue 7), decided from the daily utilization rows (rules §6) without I/O.
 *
 * - `lowUtilization`: used ÷ reserved hours over the look-back window is under the partner's
 *   threshold (defaults: 80 % over 7 days, policy-settings.ts).
 * - `noUsage`: not one used hour on each of the last `noUsageDays` days (default 3).
 * Expiry notices are not decided here: the lifecycle job already sends them once (expiry_notices).
 *
 * The window ends on the latest complete day that has data: usage arrives from cost exports a day
 * or two late, so "the last 7 days" means the last 7 days we know. A window with a day missing,
 * data older than the window, or a reservation younger than the window is `unknown`: an open
 * alert then stays as it is, and nothing new is raised on data we do not have.
 */
export const USAGE_ALERT_KINDS = ['lowUtilization', 'noUsage'] as const;
export type UsageAlertKind = (typeof USAGE_ALERT_KINDS)[number];

export interface UsageAlertPolicy {
  lowUtilizationThresholdPct: number;
  lowUtilizationLookBackDays: number;
  noUsageDays: number;
}

export interface UsageDay {
  usageDate: string;
  reservedHours: number;
  usedHours: number;
}

export type AlertVerdict =
  | { state: 'raised'; details: Record<string, unknown> }
  | { state: 'clear' }
  | { state: 'unknown' };

/** Below this many used hours a day counts as "no usage" (float noise of ratio arithmetic). */
const NO_USAGE_EPSILON = 1e-9;

/** How many days of rows the evaluation may need: the longest window plus the staleness allowance. */
export function daysNeeded(policy: UsageAlertPolicy): number {
  return 2 * Math.max(policy.lowUtilizationLookBackDays, policy.noUsageDays);
}

/**
 * Both verdicts for one reservation. `today` is the clock's UTC date (an incomplete day, never
 * used); `benefitStartDate` the reservation's first day.
 */
export function evaluateUsageAlerts(days: readonly UsageDay[], benefitStartDate: string, today: string, policy: UsageAlertPolicy): Record<UsageAlertKind, AlertVerdict> {
  const byDate = new Map<string, UsageDay>();
  for (const d of days) if (d.usageDate < today && d.usageDate >= benefitStartDate && d.reservedHours > 0) byDate.set(d.usageDate, d);
  const latest = [...byDate.keys()].sort().at(-1);
  if (!latest) return { lowUtilization: { state: 'unknown' }, noUsage: { state: 'unknown' } };
  // Data that stopped arriving longer ago than the window says nothing about today.
  const stale = (window: number) => latest < utcDate(addDays(parseUtcDate(today), -window));
  return {
    lowUtilization: stale(policy.lowUtilizationLookBackDays) ? { state: 'unknown' } : lowUtilization(byDate, latest, benefitStartDate, policy),
    noUsage: stale(policy.noUsageDays) ? { state: 'unknown' } : noUsage(byDate, latest, benefitStartDate, policy),
  };
}

/** The `n` dates ending with `last`, oldest first. */
function windowDates(last: string, n: number): string[] {
  const end = parseUtcDate(last);
  return Array.from({ length: n }, (_, i) => utcDate(addDays(end, i - n + 1)));
}

function lowUtilization(byDate: Map<string, UsageDay>, latest: string, benefitStartDate: string, policy: UsageAlertPolicy): AlertVerdict {
  const dates = windowDates(latest, policy.lowUtilizationLookBackDays);
  if (dates[0]! < benefitStartDate) return { state: 'unknown' };
  let reserved = 0;
  let used = 0;
  for (const d of dates) {
    const row = byDate.get(d);
    if (!row) return { state: 'unknown' };
    reserved += row.reservedHours;
    used += Math.min(row.usedHours, row.reservedHours);
  }
  const pct = (used / reserved) * 100;
  if (pct >= policy.lowUtilizationThresholdPct) return { state: 'clear' };
  return {
    state: 'raised',
    details: {
      utilizationPct: Math.round(pct * 100) / 100, thresholdPct: policy.lowUtilizationThresholdPct,
      from: dates[0], to: latest, reservedHours: reserved, usedHours: used,
    },
  };
}

function noUsage(byDate: Map<string, UsageDay>, latest: string, benefitStartDate: string, policy: UsageAlertPolicy): AlertVerdict {
  const dates = windowDates(latest, policy.noUsageDays);
  const rows = dates.map((d) => byDate.get(d));
  // Any usage in the window clears it, whatever else is missing.
  if (rows.some((r) => r && r.usedHours > NO_USAGE_EPSILON)) return { state: 'clear' };
  if (dates[0]! < benefitStartDate || rows.some((r) => !r)) return { state: 'unknown' };
  return { state: 'raised', details: { days: policy.noUsageDays, from: dates[0], to: latest } };
}
