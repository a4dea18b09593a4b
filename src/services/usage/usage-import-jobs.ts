import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badRequest, forbidden, notFound } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { decideUsageImport, tenantScopeOf, type Actor } from '../../domain/policy.ts';
import { getUsageImport, insertUsageImport, listUsageImports, updateUsageImport, type UsageImportRow } from '../../store/usage-imports.ts';
import type { AppContext } from '../context.ts';
import { importUsage } from './import-usage.ts';

/**
 * Uploaded usage exports run as tracked background imports in this process: the body is
 * streamed to a temporary file (never held in memory), the import is recorded as queued and
 * answered at once, then runs (running → succeeded/failed) while the caller polls its record.
 */

export interface UsageImportView {
  id: string;
  partnerId: string | null;
  source: string;
  fileName: string;
  format: string | null;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  summary: {
    rowsRead: number;
    rowsImported: number;
    rowsSkipped: number;
    rowsRejected: number;
    rejections: { file?: string; line: number; reason: string }[];
    unknownReservations: { reservationId: string; rows: number }[];
    notices: { code: string; message: string; rows: number }[];
  };
}

export function usageImportView(row: UsageImportRow): UsageImportView {
  return {
    id: row.id, partnerId: row.partner_id, source: row.source, fileName: row.file_name, format: row.format, status: row.status,
    createdAt: row.created_at, startedAt: row.started_at, finishedAt: row.finished_at, error: row.error,
    summary: {
      rowsRead: Number(row.rows_read), rowsImported: Number(row.rows_imported), rowsSkipped: Number(row.rows_skipped), rowsRejected: Number(row.rows_rejected),
      rejections: JSON.parse(row.rejections), unknownReservations: JSON.parse(row.unknown_reservations), notices: JSON.parse(row.notices),
    },
  };
}

function assertMayImport(actor: Actor): void {
  const decision = decideUsageImport(actor);
  if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not import usage.');
}

/** Imports still running in this process, so tests and shutdown can wait for them. */
const running = new Set<Promise<unknown>>();

export async function waitForUsageImports(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}

/** Receives an upload and starts its import; answers with the queued import. */
export async function startUploadedImport(ctx: AppContext, actor: Actor, body: Readable | undefined, fileName: string): Promise<UsageImportView> {
  assertMayImport(actor);
  if (!body || typeof (body as Readable).pipe !== 'function') throw badRequest('EmptyUpload', 'Send the export file as the request body (text/csv, application/gzip, application/json or application/octet-stream).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-upload-'));
  const file = path.join(dir, 'upload');
  try {
    await pipeline(body, fs.createWriteStream(file));
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw badRequest('UploadFailed', `The upload did not complete: ${(err as Error).message}`);
  }
  const size = fs.statSync(file).size;
  if (size === 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw badRequest('EmptyUpload', 'The uploaded file is empty.');
  }
  const id = newId();
  await insertUsageImport(ctx.store.db, {
    id, partner_id: actor.kind === 'partner' ? actor.partnerId : null, actor_id: actor.userId, source: 'upload', file_name: fileName,
    status: 'queued', created_at: ctx.clock.now().toISOString(),
  });
  const view = await getUsageImportView(ctx, actor, id);
  const job = (async () => {
    // Let the 202 go out first; the import then reads the file at its own pace.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await importUsage(ctx, { stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), fileName, size }, { actor, importId: id, source: 'upload' });
    } catch (err) {
      // importUsage recorded the failure on the import; a failure to record it (store closed) has nowhere else to go.
      await updateUsageImport(ctx.store.db, id, { status: 'failed', error: (err as Error).message, finished_at: ctx.clock.now().toISOString() }).catch(() => undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  })();
  running.add(job);
  void job.finally(() => running.delete(job));
  return view;
}

export async function getUsageImportView(ctx: AppContext, actor: Actor, id: string): Promise<UsageImportView> {
  assertMayImport(actor);
  const row = await getUsageImport(ctx.store.db, id, tenantScopeOf(actor));
  if (!row) throw notFound('UsageImportNotFound', `Usage import ${id} was not found.`);
  return usageImportView(row);
}

export async function listUsageImportViews(ctx: AppContext, actor: Actor, page: { limit: number; offset: number }): Promise<{ items: UsageImportView[]; total: number }> {
  assertMayImport(actor);
  const { items, total } = await listUsageImports(ctx.store.db, tenantScopeOf(actor), page.limit, page.offset);
  return { items: items.map(usageImportView), total };
}
