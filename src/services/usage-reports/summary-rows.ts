import type { ReservationDay } from '../../store/usage-report-queries.ts';

/**
 * One row of Consumption's reservationSummaries, before it is dressed as ARM JSON: a reservation
 * over one day (grain=daily) or one calendar month (grain=monthly).
 */
export interface SummaryRow {
  reservationId: string;
  /** The day, or the first day of the month. */
  usageDate: string;
  reservedHours: number;
  usedHours: number;
  minPct: number;
  avgPct: number;
  maxPct: number;
}

export const dailyRow = (d: ReservationDay): SummaryRow => ({
  reservationId: d.reservationId, usageDate: d.usageDate, reservedHours: d.reservedHours, usedHours: d.usedHours,
  minPct: d.minPct, avgPct: d.avgPct, maxPct: d.maxPct,
});

/**
 * grain=monthly: per reservation and calendar month, the sums of reserved and used hours; the
 * minimum of the days' minimums and the maximum of their maximums; the average of the days'
 * averages weighted by their reserved hours (a day with 11 reserved hours weighs 11/24 of a full
 * one, so the month's average equals its used ÷ reserved). Rows come out by month, then reservation.
 */
export function monthlyRows(days: readonly ReservationDay[]): SummaryRow[] {
  const months = new Map<string, SummaryRow & { weighted: number }>();
  for (const d of days) {
    const month = `${d.usageDate.slice(0, 7)}-01`;
    const key = `${month}|${d.reservationId}`;
    const m = months.get(key);
    if (!m) {
      months.set(key, { reservationId: d.reservationId, usageDate: month, reservedHours: d.reservedHours, usedHours: d.usedHours, minPct: d.minPct, avgPct: 0, maxPct: d.maxPct, weighted: d.avgPct * d.reservedHours });
      continue;
    }
    m.reservedHours += d.reservedHours;
    m.usedHours += d.usedHours;
    m.minPct = Math.min(m.minPct, d.minPct);
    m.maxPct = Math.max(m.maxPct, d.maxPct);
    m.weighted += d.avgPct * d.reservedHours;
  }
  return [...months.values()]
    .map(({ weighted, ...m }) => ({ ...m, avgPct: m.reservedHours > 0 ? weighted / m.reservedHours : 0 }))
    .sort((a, b) => (a.usageDate === b.usageDate ? a.reservationId.localeCompare(b.reservationId) : a.usageDate.localeCompare(b.usageDate)));
}
