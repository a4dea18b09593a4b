import { parseBillingPlan, parseResourceType, parseTerm, assertOffered } from '../domain/catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { isCurrency, parseMajor } from '../domain/money.ts';
import { getSku } from '../store/catalog-queries.ts';
import { inTransaction, type AppContext } from './context.ts';

export const PRICE_CSV_COLUMNS = ['resourceType', 'skuName', 'location', 'term', 'billingPlan', 'currency', 'unitPrice', 'effectiveFrom'] as const;
const OPTIONAL_COLUMNS = ['title', 'flexGroup', 'flexRatio'] as const;

export interface PriceImportReport {
  rowsRead: number;
  imported: number;
  updated: number;
  skusCreated: number;
  rejected: Array<{ line: number; reason: string }>;
}

/**
 * Imports a price list from CSV: one row per SKU, region, term, billing plan and currency, with
 * the unit price for the whole term in major units and the instant it takes effect. A row for
 * an existing key and date replaces that price; a new date adds to the price history. Rows that
 * fail validation are reported with their line numbers and nothing of them is written; the valid
 * rows land in one transaction.
 */
export async function importPriceCsv(ctx: AppContext, csv: string): Promise<PriceImportReport> {
  const lines = parseCsv(csv);
  const header = lines.shift();
  if (!header) throw new DomainError(400, 'EmptyFile', 'The price list is empty');
  const columns = header.fields.map((h) => h.trim());
  const missing = PRICE_CSV_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw new DomainError(400, 'MissingColumns', `The price list lacks the column(s) ${missing.join(', ')}; expected ${[...PRICE_CSV_COLUMNS, ...OPTIONAL_COLUMNS].join(',')}`);
  const report: PriceImportReport = { rowsRead: 0, imported: 0, updated: 0, skusCreated: 0, rejected: [] };
  await inTransaction(ctx, async (db) => {
    for (const { line, fields } of lines) {
      if (fields.length === 1 && fields[0] === '') continue;
      report.rowsRead++;
      const get = (name: string) => (fields[columns.indexOf(name)] ?? '').trim();
      try {
        if (fields.length !== columns.length) throw new Error(`has ${fields.length} fields, the header has ${columns.length}`);
        const type = parseResourceType(get('resourceType'));
        const skuName = get('skuName');
        if (!skuName) throw new Error('skuName is empty');
        const location = get('location').toLowerCase();
        if (!/^[a-z0-9]{2,40}$/.test(location)) throw new Error(`location "${get('location')}" is not a region name`);
        const term = parseTerm(get('term'));
        const plan = parseBillingPlan(get('billingPlan'));
        const currency = get('currency').toUpperCase();
        if (!isCurrency(currency)) throw new Error(`currency "${currency}" is not supported`);
        const price = parseMajor(currency, get('unitPrice'), 'unitPrice');
        if (price.minor <= 0) throw new Error('unitPrice must be positive');
        const effective = new Date(get('effectiveFrom'));
        if (Number.isNaN(effective.getTime())) throw new Error(`effectiveFrom "${get('effectiveFrom')}" is not a date`);
        let sku = await getSku(db, type, skuName);
        if (!sku) {
          const title = get('title');
          if (!title) throw new Error(`SKU ${skuName} is not in the catalog; give a title to add it`);
          const ratio = get('flexRatio') ? Number(get('flexRatio')) : null;
          if (ratio !== null && !(ratio > 0)) throw new Error('flexRatio must be a positive number');
          await db.insertInto('skus').values({
            resource_type: type, name: skuName, title, terms: JSON.stringify([term]),
            flex_group: get('flexGroup') || null, flex_ratio: ratio, properties: '{}',
          }).execute();
          report.skusCreated++;
          sku = (await getSku(db, type, skuName))!;
        } else if (!sku.terms.includes(term)) {
          await db.updateTable('skus').set({ terms: JSON.stringify([...sku.terms, term]) }).where('resource_type', '=', type).where('name', '=', skuName).execute();
          sku = { ...sku, terms: [...sku.terms, term] };
        }
        assertOffered(type, term, plan, sku.terms);
        const at = effective.toISOString();
        const key = { resource_type: type, sku_name: skuName, location, term, billing_plan: plan, currency, effective_from: at };
        const updated = await db.updateTable('prices').set({ amount_minor: price.minor })
          .where('resource_type', '=', type).where('sku_name', '=', skuName).where('location', '=', location)
          .where('term', '=', term).where('billing_plan', '=', plan).where('currency', '=', currency).where('effective_from', '=', at)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) > 0) report.updated++;
        else {
          await db.insertInto('prices').values({ id: newId(), ...key, amount_minor: price.minor }).execute();
          report.imported++;
        }
      } catch (err) {
        report.rejected.push({ line, reason: (err as Error).message });
      }
    }
  });
  return report;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; keeps each record's first line number. */
export function parseCsv(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    out.push({ line: recordLine, fields });
  }
  return out;
}
