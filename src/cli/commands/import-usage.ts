import fs from 'node:fs';
import { importUsage, type UsageImportSummary, type UsageProgress } from '../../services/usage/import-usage.ts';
import { UsageFileError } from '../../services/usage/usage-model.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { withLocalContext } from '../local-context.ts';
import { details, plural, printJson, table } from '../output.ts';

/**
 * `resdesk import usage <file or folder>`: imports cost exports into the local database
 * (DATA_DIR / DATABASE_URL), like `prices import`: a multi-gigabyte export is streamed from disk
 * straight into the store instead of being uploaded. `POST /v1/usageImports` is the way in
 * through the server. On a terminal a progress bar shows rows per second and the time left.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'import usage', positionals: ['file or folder'] });
  const target = args.positional(0);
  if (!fs.existsSync(target)) throw new CliError(`${target}: no such file or folder`);
  const bar = io.stderrIsTTY && !args.json ? progressBar(io) : undefined;
  const summary = await withLocalContext(io, async (ctx) => {
    try {
      return await importUsage(ctx, { path: target }, { source: 'cli', onProgress: bar?.update });
    } catch (err) {
      // A file refused as a whole (unknown format, missing columns) is the user's to fix.
      if (err instanceof UsageFileError) throw new CliError(`${target}: ${err.message}`);
      throw err;
    } finally {
      bar?.clear();
    }
  });
  if (args.json) printJson(io, summary);
  else printSummary(io, target, summary, bar?.elapsedSeconds());
  if (summary.rowsRejected > 0) {
    const lines = summary.rejections.map((r) => r.line);
    const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
    throw new CliError(`${plural(summary.rowsRejected, 'row')} of ${summary.rowsRead} rejected (line${lines.length === 1 ? '' : 's'} ${shown}); the other rows were imported`);
  }
  return 0;
}

function printSummary(io: Io, target: string, s: UsageImportSummary, seconds: number | undefined): void {
  const rate = seconds && seconds > 0 ? ` in ${seconds.toFixed(1)} s (${Math.round(s.rowsRead / seconds).toLocaleString('en-US')} rows/s)` : '';
  io.out(`Read ${plural(s.rowsRead, 'row')} from ${target} (${s.format ?? 'no data'})${rate}.`);
  io.out(details([
    ['  Imported', s.rowsImported],
    ['  Skipped', s.rowsSkipped],
    ['  Rejected', s.rowsRejected],
    ['  Reservation-days updated', s.touchedReservationDays],
    ['  Import id', s.importId],
  ]).join('\n'));
  for (const n of s.notices) io.out(`Note: ${n.message}.`);
  if (s.unknownReservations.length) {
    io.out('');
    io.out(`Unknown reservations (not in this database, or not yours); their rows were not imported:`);
    io.out(table(s.unknownReservations.slice(0, 20), [
      { header: 'reservation', value: (r) => r.reservationId },
      { header: 'rows', value: (r) => r.rows, align: 'right' },
    ]).join('\n'));
    if (s.unknownReservations.length > 20) io.out(`… and ${s.unknownReservations.length - 20} more (--json lists them all).`);
  }
  if (s.rejections.length) {
    io.out('');
    io.out(table(s.rejections, [
      ...(s.rejections.some((r) => r.file) ? [{ header: 'file', value: (r: (typeof s.rejections)[number]) => r.file ?? '' }] : []),
      { header: 'line', value: (r) => r.line, align: 'right' },
      { header: 'reason', value: (r) => r.reason },
    ]).join('\n'));
    if (s.rowsRejected > s.rejections.length) io.out(`… the first ${s.rejections.length} of ${s.rowsRejected} rejected rows are shown.`);
  }
}

/** One stderr line redrawn at most 10 times a second: bar, percentage, rows, rows/s, ETA from bytes read. */
function progressBar(io: Io) {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(p: UsageProgress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = p.rowsRead / seconds;
      let line: string;
      if (p.totalBytes) {
        const share = Math.min(p.bytesRead / p.totalBytes, 1);
        const width = 30;
        const filled = Math.round(share * width);
        const eta = share > 0 ? (seconds / share) * (1 - share) : 0;
        line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.rowsRead.toLocaleString('en-US')} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s  ETA ${formatDuration(eta)}`;
      } else {
        line = `${p.rowsRead.toLocaleString('en-US')} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s`;
      }
      io.err(`\r\x1b[K${line}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.err('\r\x1b[K');
    },
    elapsedSeconds: () => (Date.now() - started) / 1000,
  };
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
