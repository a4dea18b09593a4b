import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * Usage alerts (issue 7): one row per raised condition (low utilization, no usage) of a
 * reservation. An alert is open while cleared_at is null; the partial unique index keeps at most
 * one open alert per reservation and kind, so two job instances can never raise it twice. When the
 * condition clears the row is closed; if it becomes true again a new row (and a new notice) follows.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.createTable('usage_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    // 'lowUtilization' | 'noUsage'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('cleared_at', 'text')
    // JSON: the figures that raised it (utilization %, window, days without usage).
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_alerts_open').on('usage_alerts').columns(['reservation_id', 'kind']).unique()
    .where(sql.ref('cleared_at'), 'is', null).execute();
  await db.schema.createIndex('usage_alerts_reservation').on('usage_alerts').columns(['reservation_id', 'raised_at']).execute();
}
