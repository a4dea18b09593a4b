import { useMemo } from 'react';
import { useLang, type Lang } from './i18n/index.tsx';

/**
 * Localized numbers, money and dates in the UI language. Dates are shown in UTC (the server's
 * calendar: expiry dates and due times are UTC days and instants). Money arrives in integer minor
 * units; it is turned into a decimal string by moving the point (no float arithmetic), then shown
 * with the currency's own digits (KRW none, USD two).
 */
export interface Format {
  money(minor: number | string | bigint, currency: string): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  percent(value: number): string;
  number(n: number): string;
}

const LOCALES: Record<Lang, string> = { en: 'en-US', ko: 'ko-KR' };

/** Decimal digits of a currency (ISO 4217 as Intl knows it): KRW 0, USD 2. */
export function currencyExponent(currency: string): number {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "12345" minor units with exponent 2 → "123.45" (exact, string-based). */
export function minorToDecimalString(minor: number | string | bigint, exponent: number): string {
  const big = typeof minor === 'bigint' ? minor : BigInt(typeof minor === 'number' ? Math.trunc(minor) : minor.trim());
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, digits.length - exponent);
  const frac = exponent === 0 ? '' : digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

export function makeFormat(lang: Lang): Format {
  const locale = LOCALES[lang];
  const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  const numberFmt = new Intl.NumberFormat(locale);
  const percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const moneyFmts = new Map<string, Intl.NumberFormat>();
  return {
    money(minor, currency) {
      const exponent = currencyExponent(currency);
      let nf = moneyFmts.get(currency);
      if (!nf) {
        nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
        moneyFmts.set(currency, nf);
      }
      // Intl formats decimal strings exactly (no conversion to a binary float).
      return nf.format(minorToDecimalString(minor, exponent) as Intl.StringNumericLiteral);
    },
    date(iso) {
      // A bare YYYY-MM-DD is a UTC calendar day.
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
    },
    dateTime(iso) {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
    },
    /** value is a percentage as the API gives it (87.5 means 87.5 %). */
    percent(value) {
      return percentFmt.format(value / 100);
    },
    number(n) {
      return numberFmt.format(n);
    },
  };
}

export function useFormat(): Format {
  const { lang } = useLang();
  return useMemo(() => makeFormat(lang), [lang]);
}
