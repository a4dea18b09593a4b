import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, parseUtcDate, utcDate } from '../domain/dates.ts';
import type { AppContext } from '../services/context.ts';
import { importUsage, type UsageImportSummary } from '../services/usage/import-usage.ts';
import { writeFocusExportFiles, type FocusExportStats } from './focus-export.ts';
import { loadFocusReservations, pickOnDemandWorkloads } from './focus-reservations.ts';

export interface DemoUsageOptions {
  /** Days of usage up to yesterday (cost exports lag a day). */
  days?: number;
  seed?: number;
  /** On-demand VM workloads per customer, at most. */
  onDemandPerCustomer?: number;
  /** Keep what the generator meant (tests compare it with what the import computed). */
  trackIntended?: boolean;
}

export interface DemoUsageReport {
  export: FocusExportStats & { files: string[] };
  import: UsageImportSummary;
  from: string;
  to: string;
}

/**
 * The demo world's recent usage, made the way a partner's would arrive: a FOCUS cost export of
 * the last `days` days for every reservation in the store (Used, Unused and on-demand rows; CSV
 * parts, plain rather than gzip to keep seeding fast) is generated into a temporary folder and
 * imported through `importUsage`, which fills utilization_daily, reservation_usage_details and
 * uncovered_usage_daily. The folder is removed.
 */
export async function seedDemoUsage(ctx: AppContext, options: DemoUsageOptions = {}): Promise<DemoUsageReport> {
  const days = options.days ?? 30;
  const seed = options.seed ?? 20261127;
  const to = parseUtcDate(utcDate(ctx.clock.now()));
  const from = addDays(to, -days);
  const db = ctx.store.db;
  const reservations = await loadFocusReservations(db, { from, to });
  const onDemand = await pickOnDemandWorkloads(db, seed, options.onDemandPerCustomer ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-demo-usage-'));
  try {
    const written = await writeFocusExportFiles(path.join(dir, 'focus'), {
      reservations, onDemand, from, to, seed, rowsPerFile: 250_000, trackIntended: options.trackIntended,
    });
    const summary = await importUsage(ctx, { path: path.join(dir, 'focus') }, { source: 'cli' });
    return { export: written, import: summary, from: utcDate(from), to: utcDate(to) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
