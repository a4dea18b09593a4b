import type { ExpressionBuilder } from 'kysely';
import type { TenantScope } from '../domain/policy.ts';
import type { Db } from './database.ts';
import type { Database, ReservationUsageDetailsTable, UncoveredUsageDailyTable, UncoveredUsageResourcesTable, UtilizationDailyTable } from './schema.ts';
import { tenantCondition } from './tenant-filter.ts';

/**
 * Reads and batched upserts of the usage tables. Every write is a multi-row INSERT … ON CONFLICT
 * DO UPDATE (the same SQL on SQLite and PostgreSQL), a few hundred rows per statement.
 */

const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The catalog's SKUs, for sizes, resource types and flexibility ratios. */
export async function catalogSkus(db: Db): Promise<{ resource_type: string; name: string; flex_group: string | null; flex_ratio: number | null }[]> {
  return db.selectFrom('skus').select(['resource_type', 'name', 'flex_group', 'flex_ratio']).execute();
}

export interface UsageReservation {
  id: string;
  skuName: string;
  quantity: number;
  /** When it started reserving (benefit start). */
  startMs: number;
  /** When it stopped: expiry, or the cancellation, split or merge. */
  endMs: number;
}

const ENDED_STATES = new Set(['Cancelled', 'Split', 'Merged']);

/** The reservations among `ids` that the scope may see. */
export async function usageReservations(db: Db, ids: readonly string[], scope: TenantScope): Promise<Map<string, UsageReservation>> {
  const out = new Map<string, UsageReservation>();
  for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
    const rows = await db.selectFrom('reservations')
      .select(['id', 'sku_name', 'quantity', 'benefit_start_at', 'purchase_at', 'effective_at', 'expiry_at', 'provisioning_state', 'last_updated_at'])
      .where('id', 'in', part)
      .where((eb) => tenantCondition(eb, scope, 'reservations'))
      .execute();
    for (const r of rows) {
      let endMs = Date.parse(r.expiry_at);
      if (ENDED_STATES.has(r.provisioning_state)) endMs = Math.min(endMs, Date.parse(r.last_updated_at));
      out.set(r.id, {
        id: r.id, skuName: r.sku_name, quantity: Number(r.quantity),
        // A split part or merged reservation exists from its effective time, not its order's benefit start.
        startMs: Math.max(Date.parse(r.benefit_start_at || r.purchase_at), Date.parse(r.effective_at)), endMs,
      });
    }
  }
  return out;
}

/** Stored detail rows of the given reservation-days. */
export async function usageDetailsOf(db: Db, days: readonly { reservationId: string; date: string }[]): Promise<ReservationUsageDetailsTable[]> {
  const byReservation = new Map<string, Set<string>>();
  for (const d of days) {
    let set = byReservation.get(d.reservationId);
    if (!set) byReservation.set(d.reservationId, (set = new Set()));
    set.add(d.date);
  }
  const out: ReservationUsageDetailsTable[] = [];
  for (const part of chunks([...byReservation.keys()], ROWS_PER_STATEMENT)) {
    let min = '9999-12-31';
    let max = '0000-01-01';
    for (const id of part) for (const date of byReservation.get(id)!) { if (date < min) min = date; if (date > max) max = date; }
    const rows = await db.selectFrom('reservation_usage_details').selectAll()
      .where('reservation_id', 'in', part).where('usage_date', '>=', min).where('usage_date', '<=', max)
      .execute();
    for (const r of rows) if (byReservation.get(r.reservation_id)?.has(r.usage_date)) out.push(r);
  }
  return out;
}

export async function upsertUsageDetails(db: Db, rows: readonly ReservationUsageDetailsTable[]): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await db.insertInto('reservation_usage_details').values(part)
      .onConflict((oc) => oc.columns(['reservation_id', 'usage_date', 'instance_id']).doUpdateSet((eb) => ({
        sku_name: eb.ref('excluded.sku_name'),
        instance_flexibility_group: eb.ref('excluded.instance_flexibility_group'),
        instance_flexibility_ratio: eb.ref('excluded.instance_flexibility_ratio'),
        reserved_hours: eb.ref('excluded.reserved_hours'),
        used_hours: eb.ref('excluded.used_hours'),
        hourly: eb.ref('excluded.hourly'),
      })))
      .execute();
  }
}

export async function upsertUtilizationDaily(db: Db, rows: readonly UtilizationDailyTable[]): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await db.insertInto('utilization_daily').values(part)
      .onConflict((oc) => oc.columns(['reservation_id', 'usage_date']).doUpdateSet((eb) => ({
        reserved_hours: eb.ref('excluded.reserved_hours'),
        used_hours: eb.ref('excluded.used_hours'),
        min_pct: eb.ref('excluded.min_pct'),
        avg_pct: eb.ref('excluded.avg_pct'),
        max_pct: eb.ref('excluded.max_pct'),
      })))
      .execute();
  }
}

/** Customer of each subscription among `ids` that the scope may see. */
export async function subscriptionCustomers(db: Db, ids: readonly string[], scope: TenantScope): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(ids, ROWS_PER_STATEMENT)) {
    const rows = await db.selectFrom('subscriptions')
      .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .select(['subscriptions.id as id', 'subscriptions.customer_id as customer_id'])
      .where('subscriptions.id', 'in', part)
      .where((eb) => tenantCondition(eb as never as ExpressionBuilder<Database, 'customers'>, scope, 'customers'))
      .execute();
    for (const r of rows) out.set(r.id.toLowerCase(), r.customer_id);
  }
  return out;
}

export interface UncoveredKey {
  subscriptionId: string;
  resourceType: string;
  skuName: string;
  region: string;
  date: string;
}

/** Stored per-resource rows of the given uncovered-usage keys. */
export async function uncoveredResourcesOf(db: Db, keys: readonly UncoveredKey[]): Promise<UncoveredUsageResourcesTable[]> {
  const bySub = new Map<string, Set<string>>();
  for (const k of keys) {
    let set = bySub.get(k.subscriptionId);
    if (!set) bySub.set(k.subscriptionId, (set = new Set()));
    set.add(`${k.resourceType}|${k.skuName}|${k.region}|${k.date}`);
  }
  const out: UncoveredUsageResourcesTable[] = [];
  const dates = keys.map((k) => k.date).sort();
  for (const part of chunks([...bySub.keys()], ROWS_PER_STATEMENT)) {
    const rows = await db.selectFrom('uncovered_usage_resources').selectAll()
      .where('subscription_id', 'in', part).where('usage_date', '>=', dates[0]!).where('usage_date', '<=', dates[dates.length - 1]!)
      .execute();
    for (const r of rows) if (bySub.get(r.subscription_id)?.has(`${r.resource_type}|${r.sku_name}|${r.region}|${r.usage_date}`)) out.push(r);
  }
  return out;
}

export async function upsertUncoveredResources(db: Db, rows: readonly UncoveredUsageResourcesTable[]): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await db.insertInto('uncovered_usage_resources').values(part)
      .onConflict((oc) => oc.columns(['subscription_id', 'resource_type', 'sku_name', 'region', 'usage_date', 'resource_id']).doUpdateSet((eb) => ({
        customer_id: eb.ref('excluded.customer_id'),
        currency: eb.ref('excluded.currency'),
        hourly: eb.ref('excluded.hourly'),
        hourly_cost_nano: eb.ref('excluded.hourly_cost_nano'),
      })))
      .execute();
  }
}

export async function upsertUncoveredDaily(db: Db, rows: readonly UncoveredUsageDailyTable[]): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_STATEMENT)) {
    await db.insertInto('uncovered_usage_daily').values(part)
      .onConflict((oc) => oc.columns(['subscription_id', 'resource_type', 'sku_name', 'region', 'usage_date']).doUpdateSet((eb) => ({
        customer_id: eb.ref('excluded.customer_id'),
        usage_hours: eb.ref('excluded.usage_hours'),
        min_hourly_instances: eb.ref('excluded.min_hourly_instances'),
        max_hourly_instances: eb.ref('excluded.max_hourly_instances'),
        cost_minor: eb.ref('excluded.cost_minor'),
        currency: eb.ref('excluded.currency'),
      })))
      .execute();
  }
}
