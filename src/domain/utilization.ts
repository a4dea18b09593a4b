import { addDays, utcDate } from './dates.ts';

/** Rules §6: utilization = used hours ÷ reserved hours, aggregated over whole UTC days. */
export interface DailyUtilization {
  usageDate: string;
  reservedHours: number;
  usedHours: number;
  minPct: number;
  avgPct: number;
  maxPct: number;
}

export interface UtilizationAggregate {
  grain: 1 | 7 | 30;
  grainUnit: 'days';
  value: number;
  valueUnit: 'percentage';
}

export interface UtilizationSummary {
  trend: 'UP' | 'DOWN' | 'SAME';
  aggregates: UtilizationAggregate[];
}

/** The first day of the 30-day look-back that ends with yesterday (today is not complete yet). */
export function lookBackStart(now: Date, days = 30): string {
  return utcDate(addDays(now, -days));
}

/**
 * Aggregates over the last 1, 7 and 30 complete days, weighted by reserved hours, and the trend
 * of the last 7 days against the 7 before. Days with no data are left out of the average rather
 * than counted as zero: a day with nothing reserved has no utilization.
 */
export function summarize(days: readonly DailyUtilization[], now: Date): UtilizationSummary | null {
  if (days.length === 0) return null;
  const window = (n: number, endOffset = 0) => {
    const last = utcDate(addDays(now, -1 - endOffset));
    const first = utcDate(addDays(now, -n - endOffset));
    let reserved = 0;
    let used = 0;
    for (const d of days) {
      if (d.usageDate >= first && d.usageDate <= last) {
        reserved += d.reservedHours;
        used += d.usedHours;
      }
    }
    return reserved > 0 ? (used / reserved) * 100 : null;
  };
  const aggregates: UtilizationAggregate[] = [];
  for (const grain of [1, 7, 30] as const) {
    const v = window(grain);
    if (v !== null) aggregates.push({ grain, grainUnit: 'days', value: round2(v), valueUnit: 'percentage' });
  }
  if (aggregates.length === 0) return null;
  const recent = window(7);
  const before = window(7, 7);
  let trend: UtilizationSummary['trend'] = 'SAME';
  if (recent !== null && before !== null) {
    if (recent - before > 0.5) trend = 'UP';
    else if (before - recent > 0.5) trend = 'DOWN';
  }
  return { trend, aggregates };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
