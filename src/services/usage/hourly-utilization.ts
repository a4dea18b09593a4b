/**
 * Rules §6 by the hour. A reservation reserves `quantity` units during the hours it is active
 * (bought at 13:00 → hours 13–23 of its first day, 11 hours); each hour's use is the sum of the
 * normalized consumption of every instance it covered, capped at what was reserved that hour.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Share (0–1) of each UTC hour of `date` that lies in [startMs, endMs). */
export function activeHourFractions(date: string, startMs: number, endMs: number): number[] {
  const day = Date.parse(`${date}T00:00:00.000Z`);
  const out = new Array<number>(24).fill(0);
  if (endMs <= day || startMs >= day + DAY_MS) return out;
  for (let h = 0; h < 24; h++) {
    const a = Math.max(day + h * HOUR_MS, startMs);
    const b = Math.min(day + (h + 1) * HOUR_MS, endMs);
    if (b > a) out[h] = (b - a) / HOUR_MS;
  }
  return out;
}

export interface InstanceDay {
  /** Normalized used hours per UTC hour, or null when only the day's total is known. */
  hourly: readonly number[] | null;
  /** Normalized used hours of the day. */
  usedHours: number;
}

export interface DayUtilization {
  reservedHours: number;
  usedHours: number;
  minPct: number;
  avgPct: number;
  maxPct: number;
}

/**
 * The day's figures, or null when the reservation was not active at all that day. An instance
 * known only by its daily total is spread evenly over the day's active hours.
 */
export function dayUtilization(quantity: number, fractions: readonly number[], instances: readonly InstanceDay[]): DayUtilization | null {
  const activeHours = fractions.reduce((a, b) => a + b, 0);
  if (activeHours <= 0 || quantity <= 0) return null;
  const demand = new Array<number>(24).fill(0);
  for (const inst of instances) {
    if (inst.hourly) for (let h = 0; h < 24; h++) demand[h]! += inst.hourly[h] ?? 0;
    else for (let h = 0; h < 24; h++) demand[h]! += (inst.usedHours * fractions[h]!) / activeHours;
  }
  let used = 0;
  let min = Infinity;
  let max = 0;
  for (let h = 0; h < 24; h++) {
    const f = fractions[h]!;
    if (f <= 0) continue;
    const cap = quantity * f;
    const u = Math.min(demand[h]!, cap);
    used += u;
    const pct = (u / cap) * 100;
    if (pct < min) min = pct;
    if (pct > max) max = pct;
  }
  const reserved = quantity * activeHours;
  return { reservedHours: tidy(reserved), usedHours: tidy(used), minPct: tidy(min), avgPct: tidy((used / reserved) * 100), maxPct: tidy(max) };
}

/** Drops float noise (0.30000000000000004) from measurements. */
export function tidy(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
