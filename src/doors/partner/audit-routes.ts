import { z } from 'zod';
import { exportAuditCsv, listAuditLog } from '../../services/audit-log-service.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';

const instant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2026-11-01T00:00:00Z' }).transform((s) => new Date(s).toISOString());
const filters = {
  customerId: guid().optional(),
  reservationId: guid().optional(),
  targetId: z.string().max(200).optional(),
  targetType: z.string().max(64).optional(),
  actorId: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  from: instant.optional(),
  to: instant.optional(),
};
type Filters = { customerId?: string; reservationId?: string; targetId?: string; targetType?: string; actorId?: string; action?: string; from?: string; to?: string };
const toQuery = (q: Filters) => ({ ...q, targetId: q.reservationId?.toLowerCase() ?? q.targetId, customerId: q.customerId?.toLowerCase() });

/**
 * The audit log, read-only through every door: there is no route that changes or deletes an
 * entry. Global admins and admin agents read their partner's entries; the provider operator all.
 */
export function auditRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/auditLogs', door: 'partner', auth: 'bearer', operationId: 'AuditLogs_List',
      summary: 'Audit entries, newest first, filtered by customer, reservation (or any target), actor, action and time range [from, to); `Accept: text/csv` returns the CSV export.',
      query: z.object({ ...filters, size: queryInt(1, 500).default(100), offset: queryInt(0, 10_000_000).default(0) }),
      handler: async ({ ctx, actor, query, request }) => {
        if (/\btext\/csv\b/.test(request.headers.accept ?? '')) return csv(await exportAuditCsv(ctx, actor, toQuery(query)));
        const { items, total } = await listAuditLog(ctx, actor, { ...toQuery(query), limit: query.size, offset: query.offset });
        const next = query.offset + items.length < total ? pageUri('/v1/auditLogs', query, query.offset + query.size, query.size) : undefined;
        return { body: collection(items, total, pageUri('/v1/auditLogs', query, query.offset, query.size), next) };
      },
    }),
    route({
      method: 'GET', url: '/v1/auditLogs/export.csv', door: 'partner', auth: 'bearer', operationId: 'AuditLogs_Export',
      summary: 'The filtered audit entries as CSV, oldest first.',
      query: z.object(filters),
      handler: async ({ ctx, actor, query }) => csv(await exportAuditCsv(ctx, actor, toQuery(query))),
    }),
  ];
}

const csv = (text: string) => ({ body: text, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit-log.csv"' } });
