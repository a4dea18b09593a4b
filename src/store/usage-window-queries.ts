import { sql, type RawBuilder } from 'kysely';
import { addDays, parseUtcDate, utcDate } from '../domain/dates.ts';
import { HOURS_PER_YEAR, MILLIHOURS_PER_HOUR } from '../domain/unused-commitment.ts';
import type { Db } from './database.ts';

/**
 * Maintenance of the portfolio rollup, reservation_usage_windows (migration 0009): each window
 * recomputed from utilization_daily with ONE set-based INSERT … SELECT … GROUP BY, the same
 * statement on both engines, for every reservation (the day rolled over, a seed) or for the
 * reservations an import touched; then customer_usage_windows, their sums per customer and
 * currency, with one more such statement.
 */

export const WINDOW_DAYS = [7, 30] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

/** The window ending at `endDate` (inclusive): its first day. */
export const windowStart = (endDate: string, days: number): string => utcDate(addDays(parseUtcDate(endDate), -(days - 1)));

/** The end date each window was last fully recomputed for (absent: never). */
export async function windowEndDates(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('usage_window_state').select(['window_days', 'end_date']).execute();
  return new Map(rows.map((r) => [Number(r.window_days), r.end_date]));
}

/**
 * Recomputes every reservation's row of both windows for the window ending `endDate` (yesterday
 * of the clock), and records that end date. Rows of reservations with no data left in the window
 * go away. Returns the rows written.
 */
export async function refreshAllWindows(db: Db, endDate: string, nowIso: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let rows = 0;
    for (const days of WINDOW_DAYS) {
      await trx.deleteFrom('reservation_usage_windows').where('window_days', '=', days).execute();
      rows += await insertWindows(trx, days, endDate);
      await trx.deleteFrom('customer_usage_windows').where('window_days', '=', days).execute();
      await insertCustomerWindows(trx, days);
      await trx.insertInto('usage_window_state').values({ window_days: days, end_date: endDate, refreshed_at: nowIso })
        .onConflict((oc) => oc.column('window_days').doUpdateSet({ end_date: endDate, refreshed_at: nowIso })).execute();
    }
    return rows;
  });
}

/**
 * Recomputes the windows of some reservations (those whose daily rows just changed), for the end
 * date the windows were last fully computed for, so the table stays one consistent window. Runs in
 * the caller's transaction. A window never fully computed is left alone: its first full refresh
 * (job, seed, or the first portfolio request) will include these reservations.
 */
export async function refreshWindowsOf(db: Db, reservationIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(reservationIds)];
  if (!ids.length) return;
  const ends = await windowEndDates(db);
  for (const days of WINDOW_DAYS) {
    const endDate = ends.get(days);
    if (!endDate) continue;
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await db.deleteFrom('reservation_usage_windows').where('window_days', '=', days).where('reservation_id', 'in', chunk).execute();
      await insertWindows(db, days, endDate, chunk);
      // Their customers' sums (every reservation of those customers, not only the touched ones).
      const customers = [...new Set((await db.selectFrom('reservations').select('customer_id').where('id', 'in', chunk).execute()).map((r) => r.customer_id))];
      if (customers.length) {
        await db.deleteFrom('customer_usage_windows').where('window_days', '=', days).where('customer_id', 'in', customers).execute();
        await insertCustomerWindows(db, days, customers);
      }
    }
  }
}

const WINDOW_COLUMNS = [
  'reservation_id', 'window_days', 'end_date', 'partner_id', 'reseller_id', 'customer_id', 'currency',
  'reserved_hours', 'used_hours', 'unused_milli_hours', 'unused_minor',
] as const;

/** INSERT … SELECT of one window's rows (all reservations, or `only` these). */
async function insertWindows(db: Db, days: WindowDays, endDate: string, only?: readonly string[]): Promise<number> {
  const res = await db.insertInto('reservation_usage_windows').columns([...WINDOW_COLUMNS])
    .expression(windowSelect(db, days, endDate, only))
    // A concurrent refresh (two instances, or a request racing the job) may have written the same
    // rows since this one deleted them: the later computation wins, both are of the same data.
    .onConflict((oc) => oc.columns(['reservation_id', 'window_days']).doUpdateSet((eb) => Object.fromEntries(
      WINDOW_COLUMNS.filter((c) => c !== 'reservation_id' && c !== 'window_days').map((c) => [c, eb.ref(`excluded.${c}`)]),
    ) as never))
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

const CUSTOMER_COLUMNS = ['customer_id', 'window_days', 'currency', 'partner_id', 'reseller_id', 'reservations', 'reserved_hours', 'used_hours', 'unused_minor'] as const;

/** INSERT … SELECT … GROUP BY of one window's customer sums from its reservation rows (all customers, or `only` these). */
async function insertCustomerWindows(db: Db, days: WindowDays, only?: readonly string[]): Promise<void> {
  let select = db.selectFrom('reservation_usage_windows')
    // A WHERE before the upsert's ON CONFLICT: SQLite's parser needs one (see windowSelect).
    .where('reservation_usage_windows.window_days', '=', days)
    .select([
      'customer_id', 'window_days', 'currency', 'partner_id', 'reseller_id',
      sql<number>`cast(count(*) as integer)`.as('reservations'),
      sql<number>`sum(reserved_hours)`.as('reserved_hours'),
      sql<number>`sum(used_hours)`.as('used_hours'),
      sql<number>`cast(sum(unused_minor) as bigint)`.as('unused_minor'),
    ])
    .groupBy(['customer_id', 'window_days', 'currency', 'partner_id', 'reseller_id']);
  if (only) select = select.where('reservation_usage_windows.customer_id', 'in', only);
  await db.insertInto('customer_usage_windows').columns([...CUSTOMER_COLUMNS]).expression(select)
    .onConflict((oc) => oc.columns(['customer_id', 'window_days', 'currency']).doUpdateSet((eb) => Object.fromEntries(
      CUSTOMER_COLUMNS.filter((c) => c !== 'customer_id' && c !== 'window_days' && c !== 'currency').map((c) => [c, eb.ref(`excluded.${c}`)]),
    ) as never))
    .execute();
}

/**
 * Per reservation, the window's reserved and used hours (grouped on the narrow daily rows alone,
 * the (reservation_id, usage_date) primary key serving each range), then its unused money:
 * unused milli-hours × unit price ÷ milli-hours in the term, rounded half-even ONCE, in integer
 * arithmetic both engines evaluate the same way — exactly domain/unused-commitment.ts.
 */
function windowSelect(db: Db, days: WindowDays, endDate: string, only?: readonly string[]): RawBuilder<unknown> {
  let hours = db.selectFrom('utilization_daily')
    .where('utilization_daily.usage_date', '>=', windowStart(endDate, days))
    .where('utilization_daily.usage_date', '<=', endDate)
    .select('utilization_daily.reservation_id')
    // Sum in double precision whatever the column's declared type.
    .select([
      sql<number>`sum(cast(utilization_daily.reserved_hours as double precision))`.as('reserved'),
      sql<number>`sum(cast(utilization_daily.used_hours as double precision))`.as('used'),
    ])
    .groupBy('utilization_daily.reservation_id');
  if (only) hours = hours.where('utilization_daily.reservation_id', 'in', only);
  const mh = sql.lit(MILLIHOURS_PER_HOUR);
  const termMilliHours = sql`case o.term when 'P1Y' then ${sql.lit(HOURS_PER_YEAR * MILLIHOURS_PER_HOUR)} when 'P3Y' then ${sql.lit(3 * HOURS_PER_YEAR * MILLIHOURS_PER_HOUR)} when 'P5Y' then ${sql.lit(5 * HOURS_PER_YEAR * MILLIHOURS_PER_HOUR)} end`;
  // Literals, not parameters, for the window's constants: PostgreSQL types an untyped parameter in
  // a select list as text, which an integer column refuses. (endDate is a validated YYYY-MM-DD.)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) throw new Error(`bad window end date ${endDate}`);
  return sql`
    select d.reservation_id, ${sql.lit(days)}, ${sql.lit(endDate)}, d.partner_id, d.reseller_id, d.customer_id, d.currency,
      d.reserved, d.used, d.unused_mh,
      d.q + (case when 2 * d.r > d.term_mh or (2 * d.r = d.term_mh and d.q % 2 = 1) then 1 else 0 end)
    from (
      select p.*, (p.unused_mh * p.unit_price_minor) / p.term_mh as q, (p.unused_mh * p.unit_price_minor) % p.term_mh as r
      from (
        select h.reservation_id, r.partner_id, r.reseller_id, r.customer_id, o.currency, o.unit_price_minor, h.reserved, h.used,
          cast(round((case when h.reserved > h.used then h.reserved - h.used else 0 end) * ${mh}) as bigint) as unused_mh,
          ${termMilliHours} as term_mh
        from (${hours}) h
        join reservations r on r.id = h.reservation_id
        join reservation_orders o on o.id = r.order_id
      ) p
    ) d
    -- Every order's term is one of these (the catalog's); the WHERE also keeps SQLite's parser from
    -- reading the upsert's ON CONFLICT as a join constraint.
    where d.term_mh is not null`;
}
