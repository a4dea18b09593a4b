import type { TenantScope } from '../domain/policy.ts';
import type { Db } from './database.ts';
import type { UsageImportsTable } from './schema.ts';

/** The usage_imports records: one per import, from queued to succeeded or failed. */

export type UsageImportRow = Omit<UsageImportsTable, 'rows_read' | 'rows_imported' | 'rows_skipped' | 'rows_rejected' | 'rejections' | 'unknown_reservations' | 'notices'> & {
  rows_read: number; rows_imported: number; rows_skipped: number; rows_rejected: number;
  rejections: string; unknown_reservations: string; notices: string;
};

export async function insertUsageImport(db: Db, row: Pick<UsageImportsTable, 'id' | 'partner_id' | 'actor_id' | 'source' | 'file_name' | 'status' | 'created_at'>): Promise<void> {
  await db.insertInto('usage_imports').values({ ...row, format: null, error: null, started_at: null, finished_at: null }).execute();
}

export type UsageImportUpdate = Partial<Omit<UsageImportRow, 'id' | 'partner_id' | 'actor_id' | 'source' | 'created_at'>>;

export async function updateUsageImport(db: Db, id: string, changes: UsageImportUpdate): Promise<void> {
  await db.updateTable('usage_imports').set(changes).where('id', '=', id).execute();
}

/** Imports visible to a scope: all for the provider, the partner's own for a partner. */
function scoped(db: Db, scope: TenantScope) {
  let q = db.selectFrom('usage_imports').selectAll();
  if (scope.kind === 'partner' || scope.kind === 'reseller') q = q.where('partner_id', '=', scope.partnerId);
  else if (scope.kind !== 'all') q = q.where('id', '=', '');
  return q;
}

export async function getUsageImport(db: Db, id: string, scope: TenantScope): Promise<UsageImportRow | undefined> {
  return (await scoped(db, scope).where('id', '=', id).executeTakeFirst()) as UsageImportRow | undefined;
}

export async function listUsageImports(db: Db, scope: TenantScope, limit: number, offset: number): Promise<{ items: UsageImportRow[]; total: number }> {
  const items = (await scoped(db, scope).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()) as UsageImportRow[];
  let countQ = db.selectFrom('usage_imports').select((eb) => eb.fn.countAll<number>().as('n'));
  if (scope.kind === 'partner' || scope.kind === 'reseller') countQ = countQ.where('partner_id', '=', scope.partnerId);
  else if (scope.kind !== 'all') countQ = countQ.where('id', '=', '');
  const total = Number((await countQ.executeTakeFirst())?.n ?? 0);
  return { items, total };
}
