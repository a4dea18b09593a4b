import { isCurrency, MINOR_UNITS } from '../../domain/money.ts';
import type { TenantScope } from '../../domain/policy.ts';
import type { Db } from '../../store/database.ts';
import type { ReservationUsageDetailsTable, UncoveredUsageDailyTable, UncoveredUsageResourcesTable, UtilizationDailyTable } from '../../store/schema.ts';
import {
  subscriptionCustomers, uncoveredResourcesOf, upsertUncoveredDaily, upsertUncoveredResources, upsertUsageDetails,
  upsertUtilizationDaily, usageDetailsOf, usageReservations, type UsageReservation,
} from '../../store/usage-queries.ts';
import { refreshWindowsOf } from '../../store/usage-window-queries.ts';
import { activeHourFractions, dayUtilization, tidy } from './hourly-utilization.ts';
import type { InstanceSlot, UsageBuckets } from './usage-buckets.ts';
import type { CatalogIndex } from './usage-model.ts';
import { nanoToMinor } from './value-parsers.ts';

/**
 * Writes a batch of buckets: merges them hour by hour into what the store already holds for the
 * same reservation-days (so a re-import replaces instead of adding), recomputes those days'
 * utilization and the portfolio rollup of the touched reservations, and does the same for
 * uncovered on-demand usage. One transaction per flush.
 */

export interface WriterCounts {
  imported: number;
  /** Rows not imported: their reservation or subscription is unknown or outside the caller's scope. */
  unknownRows: number;
  unknownReservations: Map<string, number>;
  unknownSubscriptionRows: number;
  /** Instance-days whose ratio came from the catalog / defaulted to 1. */
  ratioFromCatalog: number;
  ratioDefaulted: number;
  /** Rows for hours the reservation was not active (before purchase, after expiry): kept, not counted as use. */
  touchedDays: Set<string>;
}

export class UsageWriter {
  private readonly reservations = new Map<string, UsageReservation | null>();
  private readonly customers = new Map<string, string | null>();
  readonly counts: WriterCounts = {
    imported: 0, unknownRows: 0, unknownReservations: new Map(), unknownSubscriptionRows: 0,
    ratioFromCatalog: 0, ratioDefaulted: 0, touchedDays: new Set(),
  };

  constructor(private readonly scope: TenantScope, private readonly catalog: CatalogIndex) {}

  async flush(db: Db, buckets: UsageBuckets): Promise<void> {
    await db.transaction().execute(async (trx) => {
      if (buckets.reservationDays.size) await this.writeReservationDays(trx, buckets);
      if (buckets.uncovered.size) await this.writeUncovered(trx, buckets);
    });
  }

  private async writeReservationDays(db: Db, buckets: UsageBuckets): Promise<void> {
    const missing = new Set<string>();
    for (const b of buckets.reservationDays.values()) if (!this.reservations.has(b.reservationId)) missing.add(b.reservationId);
    if (missing.size) {
      const found = await usageReservations(db, [...missing], this.scope);
      for (const id of missing) this.reservations.set(id, found.get(id) ?? null);
    }
    const known = [];
    for (const b of buckets.reservationDays.values()) {
      if (this.reservations.get(b.reservationId)) known.push(b);
      else {
        this.counts.unknownRows += b.rows;
        this.counts.unknownReservations.set(b.reservationId, (this.counts.unknownReservations.get(b.reservationId) ?? 0) + b.rows);
      }
    }
    if (!known.length) return;
    const existing = new Map<string, Map<string, { row: ReservationUsageDetailsTable; hourly: number[] | null }>>();
    for (const row of await usageDetailsOf(db, known)) {
      const key = `${row.reservation_id}|${row.usage_date}`;
      let m = existing.get(key);
      if (!m) existing.set(key, (m = new Map()));
      m.set(row.instance_id, { row, hourly: row.hourly ? (JSON.parse(row.hourly) as number[]) : null });
    }
    const details: ReservationUsageDetailsTable[] = [];
    const days: UtilizationDailyTable[] = [];
    for (const b of known) {
      const res = this.reservations.get(b.reservationId)!;
      const key = `${b.reservationId}|${b.date}`;
      const instances = existing.get(key) ?? new Map<string, { row: ReservationUsageDetailsTable; hourly: number[] | null }>();
      const changed = new Set<string>();
      for (const [instanceId, slot] of b.instances) {
        instances.set(instanceId, this.mergeSlot(b.reservationId, b.date, instanceId, slot, instances.get(instanceId), res));
        changed.add(instanceId);
      }
      const fractions = activeHourFractions(b.date, res.startMs, res.endMs);
      const util = dayUtilization(res.quantity, fractions, [...instances.values()].map((i) => ({ hourly: i.hourly, usedHours: i.row.used_hours })));
      const reserved = util?.reservedHours ?? 0;
      for (const [instanceId, i] of instances) {
        if (changed.has(instanceId) || i.row.reserved_hours !== reserved) details.push({ ...i.row, reserved_hours: reserved });
      }
      if (util) {
        days.push({
          reservation_id: b.reservationId, usage_date: b.date, reserved_hours: util.reservedHours, used_hours: util.usedHours,
          min_pct: util.minPct, avg_pct: util.avgPct, max_pct: util.maxPct,
        });
      }
      this.counts.imported += b.rows;
      this.counts.touchedDays.add(key);
    }
    await upsertUsageDetails(db, details);
    await upsertUtilizationDaily(db, days);
    // The portfolio rollup of these reservations, in the same transaction as their daily rows.
    await refreshWindowsOf(db, known.map((b) => b.reservationId));
  }

  /** One instance's day after this import: the hours it carries replace the stored ones. */
  private mergeSlot(
    reservationId: string, date: string, instanceId: string, slot: InstanceSlot,
    prev: { row: ReservationUsageDetailsTable; hourly: number[] | null } | undefined, res: UsageReservation,
  ): { row: ReservationUsageDetailsTable; hourly: number[] | null } {
    const skuName = slot.skuName ?? prev?.row.sku_name ?? res.skuName;
    const flexGroup = slot.flexGroup ?? prev?.row.instance_flexibility_group ?? this.catalog.byName.get(skuName.toLowerCase())?.flexGroup ?? null;
    let ratio = slot.ratio;
    let hourly: number[] | null;
    let used: number;
    const needsRatio = slot.daily !== null ? slot.dailyRatio === null : slot.raw.some((v) => !Number.isNaN(v));
    const resolved = needsRatio ? this.resolveRatio(skuName, res) : 1;
    if (slot.daily !== null) {
      const r = slot.dailyRatio ?? resolved;
      ratio = r;
      hourly = null;
      used = slot.daily * r;
    } else {
      // Hourly data replaces a stored daily total; otherwise it overwrites the stored hours it carries.
      hourly = prev?.hourly ? [...prev.hourly] : new Array<number>(24).fill(0);
      for (let h = 0; h < 24; h++) {
        const n = slot.normalized[h]!;
        if (!Number.isNaN(n)) hourly[h] = tidy(n);
        else {
          const raw = slot.raw[h]!;
          if (!Number.isNaN(raw)) hourly[h] = tidy(raw * resolved);
        }
      }
      if (ratio === null && needsRatio) ratio = resolved;
      used = hourly.reduce((a, v) => a + v, 0);
    }
    return {
      hourly,
      row: {
        reservation_id: reservationId, usage_date: date, instance_id: instanceId, sku_name: skuName,
        instance_flexibility_group: flexGroup, instance_flexibility_ratio: ratio ?? prev?.row.instance_flexibility_ratio ?? 1,
        reserved_hours: prev?.row.reserved_hours ?? 0, used_hours: tidy(used), hourly: hourly ? JSON.stringify(hourly) : null,
      },
    };
  }

  /**
   * The share of the reservation one hour of `skuName` uses when the export does not say: the
   * catalog's ratios within a flexibility group (size ratio ÷ reserved size ratio), 1 for the
   * reserved size itself, else 1 with a notice.
   */
  private resolveRatio(skuName: string, res: UsageReservation): number {
    if (skuName.toLowerCase() === res.skuName.toLowerCase()) return 1;
    const used = this.catalog.byName.get(skuName.toLowerCase());
    const reserved = this.catalog.byName.get(res.skuName.toLowerCase());
    if (used?.flexGroup && used.flexGroup === reserved?.flexGroup && used.flexRatio && reserved.flexRatio) {
      this.counts.ratioFromCatalog++;
      return used.flexRatio / reserved.flexRatio;
    }
    this.counts.ratioDefaulted++;
    return 1;
  }

  private async writeUncovered(db: Db, buckets: UsageBuckets): Promise<void> {
    const missing = new Set<string>();
    for (const b of buckets.uncovered.values()) if (!this.customers.has(b.subscriptionId)) missing.add(b.subscriptionId);
    if (missing.size) {
      const found = await subscriptionCustomers(db, [...missing], this.scope);
      for (const id of missing) this.customers.set(id, found.get(id) ?? null);
    }
    const known = [];
    for (const b of buckets.uncovered.values()) {
      if (this.customers.get(b.subscriptionId)) known.push(b);
      else {
        this.counts.unknownRows += b.rows;
        this.counts.unknownSubscriptionRows += b.rows;
      }
    }
    if (!known.length) return;
    const existing = new Map<string, Map<string, UncoveredUsageResourcesTable>>();
    for (const row of await uncoveredResourcesOf(db, known)) {
      const key = `${row.subscription_id}|${row.resource_type}|${row.sku_name}|${row.region}|${row.usage_date}`;
      let m = existing.get(key);
      if (!m) existing.set(key, (m = new Map()));
      m.set(row.resource_id, row);
    }
    const resources: UncoveredUsageResourcesTable[] = [];
    const daily: UncoveredUsageDailyTable[] = [];
    for (const b of known) {
      const customerId = this.customers.get(b.subscriptionId)!;
      const key = `${b.subscriptionId}|${b.resourceType}|${b.skuName}|${b.region}|${b.date}`;
      const all = new Map<string, { hours: number[]; cost: bigint[]; currency: string }>();
      for (const [id, row] of existing.get(key) ?? []) {
        all.set(id, { hours: JSON.parse(row.hourly) as number[], cost: (JSON.parse(row.hourly_cost_nano) as string[]).map((c) => BigInt(c)), currency: row.currency });
      }
      for (const [id, slot] of b.resources) {
        const prev = all.get(id) ?? { hours: new Array<number>(24).fill(0), cost: new Array<bigint>(24).fill(0n), currency: slot.currency };
        for (let h = 0; h < 24; h++) {
          if (!Number.isNaN(slot.hours[h]!)) prev.hours[h] = tidy(slot.hours[h]!);
          if (slot.cost[h] !== undefined) prev.cost[h] = slot.cost[h]!;
        }
        prev.currency = slot.currency;
        all.set(id, prev);
        resources.push({
          subscription_id: b.subscriptionId, resource_type: b.resourceType, sku_name: b.skuName, region: b.region, usage_date: b.date,
          resource_id: id, customer_id: customerId, currency: slot.currency,
          hourly: JSON.stringify(prev.hours), hourly_cost_nano: JSON.stringify(prev.cost.map(String)),
        });
      }
      const concurrency = new Array<number>(24).fill(0);
      let costNano = 0n;
      let currency = '';
      for (const r of all.values()) {
        for (let h = 0; h < 24; h++) { concurrency[h]! += r.hours[h]!; costNano += r.cost[h]!; }
        currency ||= r.currency;
      }
      const digits = isCurrency(currency) ? MINOR_UNITS[currency] : 2;
      daily.push({
        customer_id: customerId, subscription_id: b.subscriptionId, resource_type: b.resourceType, sku_name: b.skuName, region: b.region,
        usage_date: b.date, usage_hours: tidy(concurrency.reduce((a, v) => a + v, 0)),
        min_hourly_instances: tidy(Math.min(...concurrency)), max_hourly_instances: tidy(Math.max(...concurrency)),
        cost_minor: nanoToMinor(costNano, digits), currency,
      });
      this.counts.imported += b.rows;
    }
    await upsertUncoveredResources(db, resources);
    await upsertUncoveredDaily(db, daily);
  }
}
