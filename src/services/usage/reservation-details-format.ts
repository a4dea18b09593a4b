import type { CatalogIndex, RowOutcome, RowReader, UsageFormat, UsageSink } from './usage-model.ts';
import { UsageFileError } from './usage-model.ts';
import { parseQuantity, parseUtcInstant } from './value-parsers.ts';

/**
 * Reservation details as the Consumption API returns them (`reservationDetails`): per
 * reservation, day and consuming instance, the instance's used hours, the size it ran
 * (skuName) and the instance-size-flexibility ratio that applies. JSON (`{value:[{properties}]}`
 * or a bare array of either shape) or CSV with the same column names.
 */

export const DETAIL_FIELDS = [
  'reservationOrderId', 'reservationId', 'skuName', 'reservedHours', 'usageDate', 'usedHours', 'instanceId',
  'instanceFlexibilityRatio', 'instanceFlexibilityGroup', 'totalReservedQuantity', 'kind',
] as const;
const REQUIRED = ['reservationId', 'usageDate', 'usedHours', 'instanceId'] as const;

const GUID_AT_END = /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*$/;

export function isReservationDetailsHeader(header: readonly string[]): boolean {
  const lower = new Set(header.map((h) => h.trim().toLowerCase()));
  return lower.has('reservationid') && lower.has('usedhours') && lower.has('usagedate');
}

/** One reservation-details record as a plain object of strings/numbers. */
export type DetailRecord = Partial<Record<(typeof DETAIL_FIELDS)[number], unknown>>;

/** Validates one record and hands it to the sink. */
export function readDetailRecord(r: DetailRecord, sink: UsageSink, catalog: CatalogIndex): RowOutcome {
  const missing = REQUIRED.filter((k) => r[k] === undefined || r[k] === null || r[k] === '');
  if (missing.length) return `missing ${missing.join(', ')}`;
  const m = GUID_AT_END.exec(String(r.reservationId));
  if (!m) return `reservationId '${String(r.reservationId).slice(0, 80)}' is not a reservation id`;
  const dateText = String(r.usageDate);
  const ms = parseUtcInstant(dateText);
  if (ms === null) return `usageDate '${dateText.slice(0, 40)}' is not an ISO-8601 date`;
  const used = typeof r.usedHours === 'number' ? (r.usedHours >= 0 ? r.usedHours : null) : parseQuantity(String(r.usedHours).trim());
  if (used === null || !Number.isFinite(used)) return `usedHours '${String(r.usedHours).slice(0, 40)}' is not a non-negative number`;
  if (used > 24) return `usedHours ${used} is more than the 24 hours of a day`;
  let ratio: number | null = null;
  if (r.instanceFlexibilityRatio !== undefined && r.instanceFlexibilityRatio !== null && r.instanceFlexibilityRatio !== '') {
    ratio = Number(r.instanceFlexibilityRatio);
    if (!Number.isFinite(ratio) || ratio <= 0) return `instanceFlexibilityRatio '${String(r.instanceFlexibilityRatio).slice(0, 20)}' is not a positive number`;
  }
  const skuName = r.skuName === undefined || r.skuName === null || r.skuName === '' ? null : String(r.skuName);
  const known = skuName ? catalog.byName.get(skuName.toLowerCase()) : undefined;
  const group = r.instanceFlexibilityGroup ? String(r.instanceFlexibilityGroup) : known?.flexGroup ?? null;
  sink.reservationDaily({
    reservationId: m[1]!.toLowerCase(), date: new Date(ms).toISOString().slice(0, 10),
    instanceId: String(r.instanceId).toLowerCase(), skuName: known?.name ?? skuName, flexGroup: group, ratio, usedHours: used,
  });
  return 'accepted';
}

/** Reservation details as CSV: header names matched case-insensitively. */
export class ReservationDetailsCsvReader implements RowReader {
  readonly format: UsageFormat = 'reservation-details-csv';
  private readonly columns: { name: (typeof DETAIL_FIELDS)[number]; index: number }[];
  private readonly width: number;

  constructor(header: readonly string[], private readonly sink: UsageSink, private readonly catalog: CatalogIndex) {
    const lower = header.map((h) => h.trim().toLowerCase());
    this.columns = DETAIL_FIELDS.map((name) => ({ name, index: lower.indexOf(name.toLowerCase()) })).filter((c) => c.index >= 0);
    const missing = REQUIRED.filter((k) => !this.columns.some((c) => c.name === k));
    if (missing.length) throw new UsageFileError(`missing required reservation details column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    this.width = header.length;
  }

  read(fields: string[]): RowOutcome {
    if (fields.length !== this.width) return `expected ${this.width} fields, found ${fields.length}`;
    const record: DetailRecord = {};
    for (const c of this.columns) record[c.name] = fields[c.index];
    return readDetailRecord(record, this.sink, this.catalog);
  }
}

/**
 * The records of a reservation-details JSON document: `{ value: [...] }` or a bare array, each
 * item either `{ properties: {...} }` (the API's shape) or the properties themselves.
 */
export function detailItems(doc: unknown): unknown[] {
  const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && Array.isArray((doc as { value?: unknown }).value) ? (doc as { value: unknown[] }).value : null;
  if (!list) throw new UsageFileError('a reservation details JSON document is an array or an object with a "value" array');
  return list;
}

export function detailRecordOf(item: unknown): DetailRecord | string {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'the item is not an object';
  const o = item as Record<string, unknown>;
  const props = o.properties && typeof o.properties === 'object' ? (o.properties as Record<string, unknown>) : o;
  return props as DetailRecord;
}
