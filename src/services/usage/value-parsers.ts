import { divideHalfEven } from '../../domain/money.ts';

/**
 * Field parsers of the usage importer: exact decimals for money, UTC instants for charge periods.
 * They return null instead of throwing, so a bad row costs one comparison, not an exception.
 */

/** Costs are kept in 10^-9 of the currency unit until they are rounded to minor units once. */
export const NANO_DIGITS = 9;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * A decimal string ("12.3456", "-0.5", "1.2E-05") as an exact count of 10^-9 units, rounded half
 * to even below that. Never goes through a binary float.
 */
export function decimalToNano(text: string): bigint | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return null;
  const digits = BigInt((int + frac) || '0');
  const shift = Number(m[4] ?? '0') - frac.length + NANO_DIGITS;
  let value = shift >= 0 ? digits * 10n ** BigInt(shift) : divideHalfEven(digits, 10n ** BigInt(-shift));
  if (m[1] === '-') value = -value;
  return value;
}

/** Nano-units to the currency's minor units, half to even. */
export function nanoToMinor(nano: bigint, minorDigits: number): number {
  return Number(divideHalfEven(nano, 10n ** BigInt(NANO_DIGITS - minorDigits)));
}

const HOUR_MS = 3_600_000;

/**
 * An ISO-8601 UTC instant as Cost Management writes them ("2024-01-01T00:00Z",
 * "2024-01-01T00:00:00Z", with fractions, "+00:00", or a bare date) in milliseconds; null otherwise.
 */
export function parseUtcInstant(s: string): number | null {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  let h = 0;
  let mi = 0;
  let sec = 0;
  if (n > 10) {
    const t = s.charCodeAt(10);
    if ((t !== 84 && t !== 32) || n < 16 || s.charCodeAt(13) !== 58) return null;
    h = digits(s, 11, 2);
    mi = digits(s, 14, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59) return null;
    let p = 16;
    if (p < n && s.charCodeAt(p) === 58) {
      sec = digits(s, p + 1, 2);
      if (sec < 0 || sec > 59) return null;
      p += 3;
      if (p < n && s.charCodeAt(p) === 46) {
        p++;
        while (p < n && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) p++;
      }
    }
    const zone = s.slice(p);
    if (zone !== '' && zone !== 'Z' && zone !== '+00:00' && zone !== '-00:00') return null;
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  // Date.UTC rolls 2024-02-30 over to March; a real calendar date round-trips.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms;
}

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || Number.isNaN(c)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** A charge period cut to whole UTC hours of one day. */
export interface HourSpan {
  date: string;
  /** First hour (0–23). */
  from: number;
  /** Hour after the last (1–24). */
  to: number;
}

/** The hours of one UTC day a charge period covers, or the reason it cannot be used. */
export function hourSpan(startMs: number, endMs: number): HourSpan | string {
  if (!(endMs > startMs)) return 'ChargePeriodEnd must be after ChargePeriodStart';
  const dayStart = startMs - (startMs % 86_400_000);
  const from = Math.floor((startMs - dayStart) / HOUR_MS);
  const to = Math.ceil((endMs - dayStart) / HOUR_MS);
  if (to > 24) return 'the charge period spans more than one UTC day';
  return { date: new Date(dayStart).toISOString().slice(0, 10), from, to };
}

/** A non-negative finite number, or null. */
export function parseQuantity(text: string): number | null {
  if (text === '') return null;
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 ? v : null;
}
