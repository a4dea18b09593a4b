import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { getUsageImportView, listUsageImportViews, startUploadedImport } from '../../services/usage/usage-import-jobs.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';

const page = { size: queryInt(1, 200).default(50), offset: queryInt(0, 1_000_000).default(0) };
const fileNameSchema = z.string().trim().min(1).max(260);

/** The name the upload is recorded under: ?fileName=, X-File-Name, or Content-Disposition's filename; path parts dropped. */
function uploadFileName(query: { fileName?: string }, headers: Record<string, string | string[] | undefined>): string {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const disposition = header('content-disposition');
  const fromDisposition = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const raw = query.fileName ?? header('x-file-name') ?? (fromDisposition ? decodeURIComponent(fromDisposition) : undefined) ?? 'upload';
  const parsed = fileNameSchema.safeParse(path.basename(raw.replace(/\\/g, '/')));
  return parsed.success ? parsed.data : 'upload';
}

/** Usage imports (issue 7): upload a cost export or reservation details; follow the import. */
export function usageImportRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/usageImports', door: 'partner', auth: 'bearer', operationId: 'UsageImports_Create', uploadBody: true,
      summary: 'Uploads a usage file as the request body (FOCUS cost export CSV, gzip-compressed or not, or reservation details as JSON or CSV; '
        + 'Content-Type text/csv, application/gzip, application/json or application/octet-stream) and imports it in the background. '
        + 'Name the file with ?fileName= or an X-File-Name header. Answers 202 with the import and its Location; poll it until status is succeeded or failed. '
        + 'Global admins and admin agents; rows of reservations outside the caller\'s partner count as unknown.',
      query: z.object({ fileName: fileNameSchema.optional() }),
      responses: { 202: 'The queued import.' },
      handler: async ({ ctx, actor, query, body, request }) => {
        const view = await startUploadedImport(ctx, actor, body as Readable | undefined, uploadFileName(query, request.headers));
        return { status: 202, body: view, headers: { location: `/v1/usageImports/${view.id}` } };
      },
    }),
    route({
      method: 'GET', url: '/v1/usageImports', door: 'partner', auth: 'bearer', operationId: 'UsageImports_List',
      summary: 'The partner\'s usage imports, newest first, with status and summary (the provider operator sees every partner\'s).',
      query: z.object(page),
      handler: async ({ ctx, actor, query }) => {
        const { items, total } = await listUsageImportViews(ctx, actor, { limit: query.size, offset: query.offset });
        const next = query.offset + items.length < total ? pageUri('/v1/usageImports', query, query.offset + query.size, query.size) : undefined;
        return { body: collection(items, total, pageUri('/v1/usageImports', query, query.offset, query.size), next) };
      },
    }),
    route({
      method: 'GET', url: '/v1/usageImports/:importId', door: 'partner', auth: 'bearer', operationId: 'UsageImports_Get',
      summary: 'One usage import: status (queued, running, succeeded, failed), counts, the first rejected rows with line numbers and reasons, unknown reservations.',
      params: z.object({ importId: guid() }),
      handler: async ({ ctx, actor, params }) => ({ body: await getUsageImportView(ctx, actor, params.importId) }),
    }),
  ];
}
