import { toMajorNumber, type Money } from '../../domain/money.ts';
import type { RefundQuote } from '../../domain/refund.ts';

/** Money on the partner API: the decimal amount for people, the integer minor units for machines. */
export const moneyJson = (m: Money) => ({ currencyCode: m.currency, amount: toMajorNumber(m), amountMinor: m.minor });

/** Replaces every Money object inside a value with its JSON form (quotes and outcomes nest them). */
export function withMoneyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withMoneyJson);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.currency === 'string' && typeof o.minor === 'number' && Object.keys(o).length === 2) return moneyJson(o as unknown as Money);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withMoneyJson(v)]));
  }
  return value;
}

export const refundQuoteJson = (q: RefundQuote) => withMoneyJson(q);
