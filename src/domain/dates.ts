/** Date arithmetic on UTC calendar dates; the engine never reads a local time zone. */

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" of the UTC date of an instant. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function isoInstant(at: Date): string {
  return at.toISOString();
}

/** Midnight UTC of the date string. */
export function parseUtcDate(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const d = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || utcDate(d) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return d;
}

/** Whole UTC calendar days from the date of `from` to the date of `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((parseUtcDate(utcDate(to)).getTime() - parseUtcDate(utcDate(from)).getTime()) / DAY_MS);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/**
 * Adds calendar months keeping the time of day; a day that does not exist in the target month
 * falls back to that month's last day (Jan 31 + 1 month = Feb 28/29), as billing systems do.
 */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
}

export function addYears(at: Date, years: number): Date {
  return addMonths(at, years * 12);
}
