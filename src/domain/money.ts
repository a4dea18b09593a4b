import { badRequest } from './errors.ts';

/**
 * Money is an integer count of the currency's minor unit (cents for USD, won for KRW), never a
 * binary float. Arithmetic that divides goes through BigInt and rounds half-even, the rounding
 * that the refund formula names.
 */
export interface Money {
  readonly currency: CurrencyCode;
  readonly minor: number;
}

/** ISO 4217 minor units of the currencies the platform bills in. */
export const MINOR_UNITS = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  KRW: 0,
  JPY: 0,
  AUD: 2,
  CAD: 2,
} as const;

export type CurrencyCode = keyof typeof MINOR_UNITS;
export const CURRENCIES = Object.keys(MINOR_UNITS) as CurrencyCode[];

export function isCurrency(code: string): code is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

export function money(currency: CurrencyCode, minor: number): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`money amount must be a safe integer of minor units, got ${minor}`);
  return { currency, minor };
}

export const zero = (currency: CurrencyCode): Money => money(currency, 0);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.currency, a.minor + b.minor);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.currency, a.minor - b.minor);
}

export function sum(currency: CurrencyCode, items: readonly Money[]): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

export function min(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return a.minor <= b.minor ? a : b;
}

export function multiply(a: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError('integer factor expected');
  return money(a.currency, a.minor * factor);
}

/** Divides two BigInts and rounds half to even (banker's rounding). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const r = n % denominator;
  const twice = r * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** `amount × numerator ÷ denominator`, exact until the one final half-even rounding. */
export function prorate(amount: Money, numerator: number, denominator: number): Money {
  const q = divideHalfEven(BigInt(amount.minor) * BigInt(numerator), BigInt(denominator));
  return money(amount.currency, Number(q));
}

/**
 * Splits an amount into `parts` instalments that add up exactly to it; the first instalments
 * carry the leftover minor units (so a KRW 100 total in 3 parts is 34, 33, 33; KRW -100 is -34, -33, -33).
 */
export function allocate(amount: Money, parts: number): Money[] {
  if (!Number.isSafeInteger(parts) || parts <= 0) throw new RangeError('parts must be a positive integer');
  const base = Math.trunc(amount.minor / parts);
  let remainder = amount.minor - base * parts;
  const out: Money[] = [];
  // The remainder has the sign of the amount (trunc), so a negative amount hands out -1s.
  for (let i = 0; i < parts; i++) {
    const extra = Math.sign(remainder);
    remainder -= extra;
    out.push(money(amount.currency, base + extra));
  }
  return out;
}

/** The amount as a decimal string in major units: USD 12345 → "123.45", KRW 5000 → "5000". */
export function toDecimalString(m: Money): string {
  const digits = MINOR_UNITS[m.currency];
  const negative = m.minor < 0;
  const abs = Math.abs(m.minor).toString();
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The amount as a JSON number in major units, for wire formats (Azure's `Price.amount`). */
export function toMajorNumber(m: Money): number {
  return Number(toDecimalString(m));
}

/**
 * Parses a decimal amount in major units ("123.45", 123.45, "5000") into minor units, refusing
 * more decimals than the currency has rather than silently rounding a price.
 */
export function parseMajor(currency: CurrencyCode, value: string | number, target = 'amount'): Money {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw badRequest('InvalidAmount', `"${String(value)}" is not a decimal amount`, target);
  const [, sign, whole, fraction = ''] = match;
  const digits = MINOR_UNITS[currency];
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > digits) {
    throw badRequest('InvalidAmount', `${currency} has ${digits} decimal places; "${text}" has more`, target);
  }
  const minor = BigInt(whole! + trimmed.padEnd(digits, '0'));
  const signed = sign ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw badRequest('InvalidAmount', `"${text}" is too large`, target);
  }
  return money(currency, Number(signed));
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Number#toString switches to exponent notation for very small or large values.
  return Math.abs(n) < 1e21 ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : String(n);
}

export function formatMoney(m: Money): string {
  return `${m.currency} ${toDecimalString(m)}`;
}
