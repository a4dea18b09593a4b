import { MINOR_UNITS, divideHalfEven, type CurrencyCode } from '../domain/money.ts';

/**
 * Money in the generated exports is counted in nano-units (10^-9 of the currency unit) as safe
 * integers, and written as exact decimal strings; never as binary floats. One hour of the
 * dearest catalog SKU times a hundred instances stays far below 2^53 nano-units.
 */
export const NANO_PER_UNIT = 1_000_000_000;

/** Rounds half to even, for the few places where a product of a price and hours is not whole. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** A non-negative integer count of nano-units as a decimal string: 1500000000 → "1.5". */
export function nanoToDecimal(nano: number): string {
  if (!Number.isSafeInteger(nano)) throw new RangeError(`nano amount must be a safe integer, got ${nano}`);
  const negative = nano < 0;
  const abs = negative ? -nano : nano;
  const whole = Math.floor(abs / NANO_PER_UNIT);
  const frac = abs - whole * NANO_PER_UNIT;
  let text = String(whole);
  if (frac !== 0) text += `.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
  return negative ? `-${text}` : text;
}

/** The hourly price of one unit over a term, in nano-units, from the term price in minor units. */
export function hourlyNanoOfTermPrice(termPriceMinor: number, currency: CurrencyCode, termHours: number): number {
  const scale = 10n ** BigInt(9 - MINOR_UNITS[currency]);
  return Number(divideHalfEven(BigInt(termPriceMinor) * scale, BigInt(termHours)));
}

/** Nano-units to minor units of the currency, half-even (the daily sums the importer stores). */
export function nanoToMinor(nano: number, currency: CurrencyCode): number {
  return Number(divideHalfEven(BigInt(nano), 10n ** BigInt(9 - MINOR_UNITS[currency])));
}

/**
 * Hours as a decimal string. Quantities are whole instance-hours times flexibility ratios (powers
 * of two) times the active share of an hour (minutes / 60); ten decimals keep the per-hour sums
 * of Used and Unused rows equal to the reserved quantity within 10^-10.
 */
export function hoursToDecimal(hours: number): string {
  if (Number.isInteger(hours)) return String(hours);
  return hours.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}
