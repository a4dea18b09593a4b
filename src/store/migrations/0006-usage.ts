import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * Usage (issue 7): what cost exports say about reservations. utilization_daily exists since 0001;
 * the importer recomputes its rows from reservation_usage_details.
 *
 * `hourly` columns are the importer's internal merge state: a JSON array of 24 numbers (index =
 * UTC hour) holding what each hour consumed. A re-import or an overlapping export overwrites the
 * hours it carries instead of adding to them, so the same data never counts twice.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  // Hours and percentages are sums of many hourly figures: PostgreSQL's `real` (4 bytes, 6 digits)
  // loses them, so utilization_daily (0001) and the new tables use 8-byte floats. SQLite's REAL
  // already is one.
  if (engine === 'postgres') {
    for (const column of ['reserved_hours', 'used_hours', 'min_pct', 'avg_pct', 'max_pct']) {
      await db.schema.alterTable('utilization_daily').alterColumn(column, (c) => c.setDataType('double precision')).execute();
    }
  }
  await db.schema.createTable('reservation_usage_details')
    .addColumn('reservation_id', 'text', (c) => c.notNull())
    .addColumn('usage_date', 'text', (c) => c.notNull())
    // Consuming resource id, lower-cased.
    .addColumn('instance_id', 'text', (c) => c.notNull())
    // Size of the consuming resource (may differ from the reservation's with size flexibility).
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('instance_flexibility_group', 'text')
    .addColumn('instance_flexibility_ratio', 'double precision', (c) => c.notNull())
    // The reservation's reserved hours of that day (the same on every instance row of the day).
    .addColumn('reserved_hours', 'double precision', (c) => c.notNull())
    // Consumed hours × ratio.
    .addColumn('used_hours', 'double precision', (c) => c.notNull())
    // Internal: normalized used hours per UTC hour (JSON array of 24), null when only a daily total is known.
    .addColumn('hourly', 'text')
    .addPrimaryKeyConstraint('reservation_usage_details_pk', ['reservation_id', 'usage_date', 'instance_id'])
    .execute();

  await db.schema.createTable('uncovered_usage_daily')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('usage_date', 'text', (c) => c.notNull())
    .addColumn('usage_hours', 'double precision', (c) => c.notNull())
    .addColumn('min_hourly_instances', 'double precision', (c) => c.notNull())
    .addColumn('max_hourly_instances', 'double precision', (c) => c.notNull())
    .addColumn('cost_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('uncovered_usage_daily_pk', ['subscription_id', 'resource_type', 'sku_name', 'region', 'usage_date'])
    .execute();
  await db.schema.createIndex('uncovered_usage_daily_customer').on('uncovered_usage_daily').columns(['customer_id', 'usage_date']).execute();

  // Internal: per consuming resource and day, the on-demand hours and cost by hour, so that
  // uncovered_usage_daily can be recomputed idempotently from it. Cost is kept in nano-units
  // (10^-9 of the currency unit, decimal-exact) and rounded to minor units only in the daily sum.
  await db.schema.createTable('uncovered_usage_resources')
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('usage_date', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('hourly', 'text', (c) => c.notNull())
    .addColumn('hourly_cost_nano', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('uncovered_usage_resources_pk', ['subscription_id', 'resource_type', 'sku_name', 'region', 'usage_date', 'resource_id'])
    .execute();

  await db.schema.createTable('usage_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejections', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('unknown_reservations', 'text', (c) => c.notNull().defaultTo('[]'))
    // Internal: what the importer assumed (e.g. a flexibility ratio of 1 where neither the export nor the catalog had one).
    .addColumn('notices', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('usage_imports_partner').on('usage_imports').columns(['partner_id', 'created_at']).execute();
}
