import type { UsageSink } from './usage-model.ts';

/**
 * The importer's memory: accepted rows folded into buckets keyed by their natural identity, so
 * that a row seen again (a re-import, an overlapping export) overwrites instead of adding.
 *
 * - Reservation usage: bucket = reservation × day; slot = consuming instance; value per hour.
 * - On-demand usage: bucket = subscription × resource type × size × region × day; slot = resource.
 *
 * Buckets are flushed to the store when there are too many, so memory stays bounded whatever the
 * file size. Hours are Float64Arrays with NaN for "not in this import".
 */

export interface InstanceSlot {
  skuName: string | null;
  flexGroup: string | null;
  /** Ratio of the last row that gave one. */
  ratio: number | null;
  /** Normalized used hours per hour (the row carried its ratio). */
  normalized: Float64Array;
  /** Consumed hours per hour whose ratio is resolved at flush (from the catalog, or 1). */
  raw: Float64Array;
  /** A whole day's consumed hours (reservation details); replaces the day when set. */
  daily: number | null;
  dailyRatio: number | null;
}

export interface ReservationDayBucket {
  reservationId: string;
  date: string;
  /** Rows that fed this bucket (Used and Unused), for the summary. */
  rows: number;
  instances: Map<string, InstanceSlot>;
}

export interface ResourceSlot {
  currency: string;
  hours: Float64Array;
  /** Cost per hour in nano-units; undefined where not in this import. */
  cost: (bigint | undefined)[];
}

export interface UncoveredBucket {
  subscriptionId: string;
  resourceType: string;
  skuName: string;
  region: string;
  date: string;
  rows: number;
  resources: Map<string, ResourceSlot>;
}

const nanHours = () => new Float64Array(24).fill(NaN);

export class UsageBuckets implements UsageSink {
  reservationDays = new Map<string, ReservationDayBucket>();
  uncovered = new Map<string, UncoveredBucket>();
  /** Instance slots and resource slots held, the measure of memory in use. */
  slots = 0;

  /** The last bucket used: an export writes a reservation's rows of a day together. */
  private last: ReservationDayBucket | null = null;

  private day(reservationId: string, date: string): ReservationDayBucket {
    const last = this.last;
    if (last !== null && last.reservationId === reservationId && last.date === date) return last;
    const key = `${reservationId}|${date}`;
    let b = this.reservationDays.get(key);
    if (!b) {
      b = { reservationId, date, rows: 0, instances: new Map() };
      this.reservationDays.set(key, b);
    }
    this.last = b;
    return b;
  }

  private slot(b: ReservationDayBucket, instanceId: string): InstanceSlot {
    let s = b.instances.get(instanceId);
    if (!s) {
      s = { skuName: null, flexGroup: null, ratio: null, normalized: nanHours(), raw: nanHours(), daily: null, dailyRatio: null };
      b.instances.set(instanceId, s);
      this.slots++;
    }
    return s;
  }

  reservationHours(u: Parameters<UsageSink['reservationHours']>[0]): void {
    const b = this.day(u.reservationId, u.date);
    b.rows++;
    const s = this.slot(b, u.instanceId);
    if (u.skuName) s.skuName = u.skuName;
    if (u.flexGroup) s.flexGroup = u.flexGroup;
    const per = u.quantity / (u.to - u.from);
    if (u.ratio !== null) {
      s.ratio = u.ratio;
      const v = per * u.ratio;
      for (let h = u.from; h < u.to; h++) { s.normalized[h] = v; s.raw[h] = NaN; }
    } else {
      for (let h = u.from; h < u.to; h++) { s.raw[h] = per; s.normalized[h] = NaN; }
    }
    // Hourly data for the day supersedes a daily total of an earlier import row in this one.
    s.daily = null;
  }

  reservationUnused(reservationId: string, date: string): void {
    this.day(reservationId, date).rows++;
  }

  reservationDaily(u: Parameters<UsageSink['reservationDaily']>[0]): void {
    const b = this.day(u.reservationId, u.date);
    b.rows++;
    const s = this.slot(b, u.instanceId);
    if (u.skuName) s.skuName = u.skuName;
    if (u.flexGroup) s.flexGroup = u.flexGroup;
    s.daily = u.usedHours;
    s.dailyRatio = u.ratio;
    if (u.ratio !== null) s.ratio = u.ratio;
    s.normalized.fill(NaN);
    s.raw.fill(NaN);
  }

  onDemand(u: Parameters<UsageSink['onDemand']>[0]): void {
    const key = `${u.subscriptionId}|${u.resourceType}|${u.skuName}|${u.region}|${u.date}`;
    let b = this.uncovered.get(key);
    if (!b) {
      b = { subscriptionId: u.subscriptionId, resourceType: u.resourceType, skuName: u.skuName, region: u.region, date: u.date, rows: 0, resources: new Map() };
      this.uncovered.set(key, b);
    }
    b.rows++;
    let s = b.resources.get(u.resourceId);
    if (!s) {
      s = { currency: u.currency, hours: nanHours(), cost: new Array(24) };
      b.resources.set(u.resourceId, s);
      this.slots++;
    }
    s.currency = u.currency;
    const span = u.to - u.from;
    const per = u.quantity / span;
    // Cost is exact: the period's cost goes to its first hour, zero to the others (sums are what is read).
    for (let h = u.from; h < u.to; h++) {
      s.hours[h] = per;
      s.cost[h] = h === u.from ? u.costNano : 0n;
    }
  }

  get size(): number {
    return this.reservationDays.size + this.uncovered.size;
  }

  clear(): void {
    this.last = null;
    this.reservationDays = new Map();
    this.uncovered = new Map();
    this.slots = 0;
  }
}
