import { MINOR_UNITS } from '../domain/money.ts';
import type { Io } from './io.ts';

/** Prints a value as indented JSON on stdout: what `--json` gives on every command. */
export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | undefined | null;
  align?: 'left' | 'right';
}

/**
 * Rows as an aligned text table: upper-case headers, columns two spaces apart, the last column
 * not padded. Widths count East Asian wide characters (Hangul, CJK) as two cells.
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string[] {
  const cells = rows.map((r) => columns.map((c) => cellText(c.value(r))));
  const headers = columns.map((c) => c.header.toUpperCase());
  const widths = columns.map((_, i) => Math.max(displayWidth(headers[i]!), ...cells.map((row) => displayWidth(row[i]!))));
  const render = (row: string[]) => row
    .map((text, i) => {
      const last = i === row.length - 1;
      const pad = ' '.repeat(widths[i]! - displayWidth(text));
      return columns[i]!.align === 'right' ? pad + text : last ? text : text + pad;
    })
    .join('  ')
    .trimEnd();
  return [render(headers), ...cells.map(render)];
}

/** Label/value pairs, labels padded to one width; pairs whose value is empty are left out. */
export function details(pairs: ReadonlyArray<[string, string | number | undefined | null]>): string[] {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => displayWidth(k)));
  return shown.map(([k, v]) => `${k}:${' '.repeat(width - displayWidth(k) + 1)}${cellText(v)}`);
}

function cellText(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  return String(v).replace(/[\r\n\t]+/g, ' ');
}

/** Terminal cells a string takes: wide and full-width characters count two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200b) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f)
    || (cp >= 0x2e80 && cp <= 0x303e)
    || (cp >= 0x3041 && cp <= 0x33ff)
    || (cp >= 0x3400 && cp <= 0x4dbf)
    || (cp >= 0x4e00 && cp <= 0x9fff)
    || (cp >= 0xa000 && cp <= 0xa4cf)
    || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff)
    || (cp >= 0xfe30 && cp <= 0xfe4f)
    || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6)
    || (cp >= 0x1f300 && cp <= 0x1f64f)
    || (cp >= 0x20000 && cp <= 0x3fffd);
}

/**
 * A major-unit amount with its currency and the currency's decimals, grouped by thousands:
 * "USD 1,234.50", "KRW 1,500,000". Unknown currencies keep the amount as given.
 */
export function formatMoney(amount: number | undefined | null, currency: string | undefined | null): string {
  if (amount === undefined || amount === null || !currency) return '';
  const digits = (MINOR_UNITS as Record<string, number>)[currency.toUpperCase()];
  const text = digits === undefined
    ? String(amount)
    : amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${currency.toUpperCase()} ${text}`;
}

/** An Azure/Partner Center price object `{currencyCode, amount}` as text. */
export function formatPrice(price: { currencyCode?: string; amount?: number } | undefined | null): string {
  return price ? formatMoney(price.amount, price.currencyCode) : '';
}

/** The UTC calendar date of an ISO instant or date: YYYY-MM-DD. */
export function formatDate(value: string | undefined | null): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString().slice(0, 10);
}

/** "1 customer", "3 customers". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}

/** The footer of a paged list: "Showing 1–40 of 124 customers; use --offset and --size for more." */
export function pageFooter(offset: number, shown: number, total: number, noun: string, paging: string, nouns = `${noun}s`): string {
  if (shown === 0) return total === 0 ? `No ${nouns}.` : `No ${nouns} at offset ${offset} (${plural(total, noun, nouns)} in all).`;
  if (offset === 0 && shown === total) return `${plural(total, noun, nouns)}.`;
  return `Showing ${offset + 1}–${offset + shown} of ${plural(total, noun, nouns)}${offset + shown < total ? `; use ${paging} for more` : ''}.`;
}
