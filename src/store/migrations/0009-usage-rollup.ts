import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * The portfolio's rollup (issue 7): per reservation and window (7 or 30 complete UTC days ending
 * at `end_date`, yesterday when it was computed), the window's hours and unused money, kept
 * current by the importer (touched reservations), the daily usage-windows job (every row when the
 * day rolls over) and the seeds, so `GET /v1/portfolio/utilization` reads ~1 row per reservation
 * instead of aggregating 30 daily rows each at request time.
 *
 * Only reservations with at least one utilization_daily row in the window have a row (the same
 * reservations the read-time aggregate listed). Tenant columns are copied from the reservation so
 * a scope filters and sorts on this table alone; names and prices shown are joined at read time.
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.createTable('reservation_usage_windows')
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    // 7 | 30
    .addColumn('window_days', 'integer', (c) => c.notNull())
    // The window's last complete day, YYYY-MM-DD.
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('reseller_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reserved_hours', 'double precision', (c) => c.notNull())
    .addColumn('used_hours', 'double precision', (c) => c.notNull())
    // Unused hours in whole milli-hours, and their money rounded half-even once (domain/unused-commitment.ts).
    .addColumn('unused_milli_hours', 'bigint', (c) => c.notNull())
    .addColumn('unused_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('reservation_usage_windows_pk', ['reservation_id', 'window_days'])
    .execute();
  // "Worst first within a tenant scope": one index per scope kind, in the listing's exact order
  // (currency, unused money descending, reservation id), so a page is an index range scan.
  const order = ['window_days', 'currency', 'unused_minor desc', 'reservation_id'];
  await db.schema.createIndex('reservation_usage_windows_all').on('reservation_usage_windows').columns(order).execute();
  await db.schema.createIndex('reservation_usage_windows_partner').on('reservation_usage_windows').columns(['partner_id', ...order]).execute();
  await db.schema.createIndex('reservation_usage_windows_reseller').on('reservation_usage_windows').columns(['reseller_id', ...order]).execute();
  await db.schema.createIndex('reservation_usage_windows_customer').on('reservation_usage_windows').columns(['customer_id', ...order]).execute();

  // The same windows summed per customer and currency (from the rows above, in the same refresh):
  // the customer level is then an index range too, and the partner level groups ~1 row per
  // customer instead of one per reservation.
  await db.schema.createTable('customer_usage_windows')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('reseller_id', 'text')
    .addColumn('reservations', 'integer', (c) => c.notNull())
    .addColumn('reserved_hours', 'double precision', (c) => c.notNull())
    .addColumn('used_hours', 'double precision', (c) => c.notNull())
    .addColumn('unused_minor', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_usage_windows_pk', ['customer_id', 'window_days', 'currency'])
    .execute();
  const customerOrder = ['window_days', 'currency', 'unused_minor desc', 'customer_id'];
  await db.schema.createIndex('customer_usage_windows_all').on('customer_usage_windows').columns(customerOrder).execute();
  await db.schema.createIndex('customer_usage_windows_partner').on('customer_usage_windows').columns(['partner_id', ...customerOrder]).execute();
  await db.schema.createIndex('customer_usage_windows_reseller').on('customer_usage_windows').columns(['reseller_id', ...customerOrder]).execute();

  // The end date every row of a window was last fully recomputed for: one row per window, read on
  // each portfolio request to know whether the day rolled over since.
  await db.schema.createTable('usage_window_state')
    .addColumn('window_days', 'integer', (c) => c.primaryKey())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('refreshed_at', 'text', (c) => c.notNull())
    .execute();
}
