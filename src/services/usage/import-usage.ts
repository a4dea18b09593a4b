import type { Readable } from 'node:stream';
import { forbidden } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { decideUsageImport, tenantScopeOf, type Actor, type TenantScope } from '../../domain/policy.ts';
import { insertUsageImport, updateUsageImport } from '../../store/usage-imports.ts';
import { catalogSkus } from '../../store/usage-queries.ts';
import type { AppContext } from '../context.ts';
import { CsvReader } from './csv-reader.ts';
import { FocusReader, isFocusHeader } from './focus-format.ts';
import { decodedChunks, listInputFiles, type UsageInputFile } from './input-files.ts';
import { detailItems, detailRecordOf, isReservationDetailsHeader, readDetailRecord, ReservationDetailsCsvReader } from './reservation-details-format.ts';
import { UsageBuckets } from './usage-buckets.ts';
import { UsageFileError, type CatalogIndex, type RowOutcome, type RowReader, type UsageFormat } from './usage-model.ts';
import { UsageWriter } from './usage-writer.ts';

/**
 * `importUsage`: reads cost exports (FOCUS) or reservation details, file by file and chunk by
 * chunk, folds accepted rows into bounded buckets, and flushes them to the store in one
 * transaction per batch. Each import is recorded in usage_imports with its counts, the first
 * rejections (line and reason) and the reservations it did not know.
 */

export interface UsageImportSummary {
  importId: string;
  format: UsageFormat | null;
  rowsRead: number;
  rowsImported: number;
  /** Rows not used: other charges, other commitment types, non-reservable sizes, unknown reservations or subscriptions. */
  rowsSkipped: number;
  rowsRejected: number;
  /** The first 100 rejected rows (and files). */
  rejections: { file?: string; line: number; reason: string }[];
  unknownReservations: { reservationId: string; rows: number }[];
  touchedReservationDays: number;
  /** What the importer assumed or left out, with the rows or instance-days concerned. */
  notices: { code: string; message: string; rows: number }[];
}

export type UsageInput = { path: string } | { stream: Readable; fileName: string; size?: number };

export interface UsageProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes?: number;
}

export interface ImportUsageOptions {
  actor?: Actor;
  onProgress?(p: UsageProgress): void;
  source?: 'cli' | 'upload';
  /** An import already recorded as queued (uploads); otherwise a new record is made. */
  importId?: string;
}

/** Buckets (reservation-days + uncovered keys) and slots held before a flush. */
const MAX_BUCKETS = 20_000;
const MAX_SLOTS = 60_000;
const MAX_REJECTIONS = 100;
/** Unknown reservations listed in the summary (most rows first); the rest are counted in a notice. */
const MAX_UNKNOWN_LISTED = 1000;
const MAX_JSON_CHARS = 256 * 1024 * 1024;

export async function importUsage(ctx: AppContext, input: UsageInput, options: ImportUsageOptions = {}): Promise<UsageImportSummary> {
  const { actor } = options;
  if (actor) {
    const decision = decideUsageImport(actor);
    if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not import usage.');
  }
  const scope: TenantScope = actor ? tenantScopeOf(actor) : { kind: 'all' };
  const files: UsageInputFile[] = 'path' in input
    ? listInputFiles(input.path)
    : [{ name: input.fileName, size: input.size, open: () => input.stream }];
  const db = ctx.store.db;
  const importId = options.importId ?? newId();
  const fileLabel = 'path' in input ? input.path : input.fileName;
  if (options.importId) {
    await updateUsageImport(db, importId, { status: 'running', started_at: ctx.clock.now().toISOString() });
  } else {
    const now = ctx.clock.now().toISOString();
    await insertUsageImport(db, {
      id: importId, partner_id: actor?.kind === 'partner' ? actor.partnerId : null, actor_id: actor?.userId ?? null,
      source: options.source ?? 'cli', file_name: fileLabel, status: 'running', created_at: now,
    });
    await updateUsageImport(db, importId, { started_at: now });
  }
  const run = new ImportRun(ctx, scope, files, options.onProgress);
  try {
    const summary = await run.execute(importId);
    await updateUsageImport(db, importId, {
      status: 'succeeded', format: summary.format, finished_at: ctx.clock.now().toISOString(), ...countsOf(summary),
    });
    return summary;
  } catch (err) {
    const partial = run.summary(importId);
    await updateUsageImport(db, importId, {
      status: 'failed', format: partial.format, error: (err as Error).message, finished_at: ctx.clock.now().toISOString(), ...countsOf(partial),
    }).catch(() => undefined);
    throw err;
  }
}

function countsOf(s: UsageImportSummary) {
  return {
    rows_read: s.rowsRead, rows_imported: s.rowsImported, rows_skipped: s.rowsSkipped, rows_rejected: s.rowsRejected,
    rejections: JSON.stringify(s.rejections), unknown_reservations: JSON.stringify(s.unknownReservations), notices: JSON.stringify(s.notices),
  };
}

class ImportRun {
  private rowsRead = 0;
  private readerSkipped = 0;
  private rejected = 0;
  private readonly rejections: UsageImportSummary['rejections'] = [];
  private format: UsageFormat | null = null;
  private bytesRead = 0;
  private readonly totalBytes: number | undefined;
  private readonly buckets = new UsageBuckets();
  private writer!: UsageWriter;
  private catalog!: CatalogIndex;
  private fileErrors = 0;

  constructor(
    private readonly ctx: AppContext, private readonly scope: TenantScope,
    private readonly files: UsageInputFile[], private readonly onProgress?: (p: UsageProgress) => void,
  ) {
    this.totalBytes = files.every((f) => f.size !== undefined) ? files.reduce((a, f) => a + f.size!, 0) : undefined;
  }

  async execute(importId: string): Promise<UsageImportSummary> {
    if (this.files.length === 0) throw new UsageFileError('no usage files found (expected .csv, .csv.gz, .json or .json.gz files)');
    const skus = await catalogSkus(this.ctx.store.db);
    this.catalog = { byName: new Map(skus.map((s) => [s.name.toLowerCase(), { resourceType: s.resource_type, name: s.name, flexGroup: s.flex_group, flexRatio: s.flex_ratio }])) };
    this.writer = new UsageWriter(this.scope, this.catalog);
    for (const file of this.files) {
      try {
        await this.readFile(file);
      } catch (err) {
        if (!(err instanceof UsageFileError) || this.files.length === 1) throw err;
        // In a folder, one unreadable file is reported and the others still count.
        this.fileErrors++;
        this.reject(file.name, 1, err.message);
      }
    }
    if (this.fileErrors === this.files.length) throw new UsageFileError('none of the files could be read');
    await this.flush();
    return this.summary(importId);
  }

  summary(importId: string): UsageImportSummary {
    const c = this.writer?.counts;
    const notices: UsageImportSummary['notices'] = [];
    if (c?.ratioDefaulted) notices.push({ code: 'FlexibilityRatioDefaulted', rows: c.ratioDefaulted, message: `${c.ratioDefaulted} instance-day(s) ran a size whose instance size flexibility ratio neither the export nor the catalog gives; ratio 1 was used` });
    if (c?.ratioFromCatalog) notices.push({ code: 'FlexibilityRatioFromCatalog', rows: c.ratioFromCatalog, message: `${c.ratioFromCatalog} instance-day(s) took their flexibility ratio from the catalog (the export had no RINormalizationRatio)` });
    if (c?.unknownSubscriptionRows) notices.push({ code: 'UnknownSubscriptions', rows: c.unknownSubscriptionRows, message: `${c.unknownSubscriptionRows} on-demand row(s) belong to subscriptions that are unknown or outside your customers; skipped` });
    const unknown = [...(c?.unknownReservations ?? new Map<string, number>())].map(([reservationId, rows]) => ({ reservationId, rows }))
      .sort((a, b) => b.rows - a.rows || a.reservationId.localeCompare(b.reservationId));
    if (unknown.length > MAX_UNKNOWN_LISTED) {
      const rest = unknown.slice(MAX_UNKNOWN_LISTED);
      notices.push({ code: 'MoreUnknownReservations', rows: rest.reduce((a, u) => a + u.rows, 0), message: `${rest.length} more unknown reservations than the ${MAX_UNKNOWN_LISTED} listed` });
    }
    return {
      importId,
      format: this.format,
      rowsRead: this.rowsRead,
      rowsImported: c?.imported ?? 0,
      rowsSkipped: this.readerSkipped + (c?.unknownRows ?? 0),
      rowsRejected: this.rejected,
      rejections: this.rejections,
      unknownReservations: unknown.slice(0, MAX_UNKNOWN_LISTED),
      touchedReservationDays: c?.touchedDays.size ?? 0,
      notices,
    };
  }

  private reject(file: string | undefined, line: number, reason: string): void {
    this.rejected++;
    if (this.rejections.length < MAX_REJECTIONS) this.rejections.push(this.files.length > 1 && file ? { file, line, reason } : { line, reason });
  }

  private count(outcome: RowOutcome, file: string, line: number): void {
    if (outcome === 'accepted') return;
    if (outcome === 'skipped') this.readerSkipped++;
    else this.reject(file, line, outcome);
  }

  private async flush(): Promise<void> {
    if (this.buckets.size === 0) return;
    await this.writer.flush(this.ctx.store.db, this.buckets);
    this.buckets.clear();
  }

  private progress(): void {
    this.onProgress?.({ rowsRead: this.rowsRead, bytesRead: this.bytesRead, totalBytes: this.totalBytes });
  }

  private async readFile(file: UsageInputFile): Promise<void> {
    const decoder = new TextDecoder('utf-8');
    let mode: 'unknown' | 'csv' | 'json' = 'unknown';
    let reader: RowReader | null = null;
    let headerError: UsageFileError | null = null;
    const jsonParts: string[] = [];
    let jsonChars = 0;
    const csv = new CsvReader({
      record: (fields, line) => {
        if (headerError) return;
        if (!reader) {
          try {
            reader = this.readerFor(fields);
          } catch (err) {
            headerError = err instanceof UsageFileError ? err : new UsageFileError(String(err));
          }
          return;
        }
        this.rowsRead++;
        this.count(reader.read(fields, line), file.name, line);
      },
      invalid: (line, reason) => {
        if (!reader) {
          headerError = new UsageFileError(`the header line cannot be read: ${reason}`);
          return;
        }
        this.rowsRead++;
        this.reject(file.name, line, reason);
      },
    });
    const stream = file.open();
    for await (const chunk of decodedChunks(stream, (n) => { this.bytesRead += n; })) {
      const text = decoder.decode(chunk, { stream: true });
      if (mode === 'unknown') {
        const first = text.trimStart()[0];
        if (first === undefined) continue;
        mode = first === '{' || first === '[' ? 'json' : 'csv';
      }
      if (mode === 'json') {
        jsonChars += text.length;
        if (jsonChars > MAX_JSON_CHARS) throw new UsageFileError(`${file.name}: a JSON document over ${MAX_JSON_CHARS / 1024 / 1024} MB; export reservation details as CSV instead`);
        jsonParts.push(text);
        continue;
      }
      csv.push(text);
      if (headerError) {
        stream.destroy();
        throw headerError;
      }
      if (this.buckets.size > MAX_BUCKETS || this.buckets.slots > MAX_SLOTS) await this.flush();
      this.progress();
    }
    const tail = decoder.decode();
    if (mode === 'json') {
      jsonParts.push(tail);
      await this.readJson(file.name, jsonParts.join(''));
    } else if (mode === 'csv') {
      csv.push(tail);
      csv.end();
      if (headerError) throw headerError;
      if (!reader) throw new UsageFileError(`${file.name}: the file has no header line`);
    } else {
      throw new UsageFileError(`${file.name}: the file is empty`);
    }
    this.progress();
  }

  private readerFor(header: string[]): RowReader {
    let reader: RowReader;
    if (isFocusHeader(header)) reader = new FocusReader(header, this.buckets, this.catalog);
    else if (isReservationDetailsHeader(header)) reader = new ReservationDetailsCsvReader(header, this.buckets, this.catalog);
    else throw new UsageFileError('unrecognized file: neither a FOCUS cost export (ChargePeriodStart, CommitmentDiscountId, …) nor reservation details (reservationId, usageDate, usedHours, instanceId)');
    this.format ??= reader.format;
    return reader;
  }

  private async readJson(fileName: string, text: string): Promise<void> {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new UsageFileError(`${fileName}: not valid JSON (${(err as Error).message})`);
    }
    const items = detailItems(doc);
    this.format ??= 'reservation-details-json';
    for (let i = 0; i < items.length; i++) {
      this.rowsRead++;
      const record = detailRecordOf(items[i]);
      // JSON has no useful line numbers: the position of the item in the array (1-based) stands in.
      const outcome = typeof record === 'string' ? record : readDetailRecord(record, this.buckets, this.catalog);
      this.count(outcome !== 'accepted' && outcome !== 'skipped' ? `item ${i + 1}: ${outcome}` : outcome, fileName, i + 1);
      if (this.buckets.size > MAX_BUCKETS || this.buckets.slots > MAX_SLOTS) await this.flush();
    }
  }
}
