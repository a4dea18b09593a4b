import type { CatalogIndex, RowOutcome, RowReader, UsageFormat, UsageSink } from './usage-model.ts';
import { UsageFileError } from './usage-model.ts';
import { decimalToNano, hourSpan, parseQuantity, parseUtcInstant, type HourSpan } from './value-parsers.ts';

/**
 * Microsoft Cost Management's FOCUS cost and usage export (the FocusCost dataset, 1.0 and
 * 1.2-preview). What the importer reads, per Microsoft's FOCUS metadata documentation:
 *
 * - ChargeCategory 'Usage' rows only (purchases, taxes, adjustments are skipped).
 * - CommitmentDiscountId: the reservation's resource id when a reservation covered the row;
 *   CommitmentDiscountType 'Reservation' (savings plans are skipped); CommitmentDiscountStatus
 *   'Used' (consumption) or 'Unused' (the idle part of the reserved hours).
 * - ChargePeriodStart/End: the hour (hourly data) or day the row covers; ConsumedQuantity in
 *   ConsumedUnit ('Hours' for compute) is what the resource consumed in that period.
 * - ResourceId: the consuming resource; SubAccountId: its subscription; RegionId: ARM region.
 * - x_SkuDetails (1.2-preview may instead carry SkuPriceDetails): the Cost Management
 *   AdditionalInfo JSON, whose ServiceType is the VM size of the consuming resource and whose
 *   RINormalizationRatio is the instance-size-flexibility ratio the reservation applied to it.
 *   x_SkuMeterName (SkuMeter in 1.2) such as "D2s v5" is the fallback for the size.
 * - PricingCategory 'Standard' without a commitment discount: on-demand usage, priced by
 *   EffectiveCost (or BilledCost) in BillingCurrency.
 */

const REQUIRED = [
  'ChargeCategory', 'ChargePeriodStart', 'ChargePeriodEnd', 'CommitmentDiscountId', 'CommitmentDiscountType',
  'ConsumedQuantity', 'PricingCategory', 'ResourceId',
] as const;

/** Columns that appear in the 1.2-preview dataset and not in 1.0. */
const ONLY_IN_1_2 = ['CapacityReservationId', 'CommitmentDiscountQuantity', 'ServiceSubcategory', 'SkuMeter', 'SkuPriceDetails', 'ChargeOrigination'];

export function isFocusHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((h) => h.trim()));
  return names.has('ChargePeriodStart') && (names.has('CommitmentDiscountId') || names.has('BilledCost'));
}

const RESERVATION_ID = /\/reservations\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*$/;
const SUBSCRIPTION_ID = /^\/?subscriptions\/([0-9a-fA-F-]{36})/i;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

interface SkuDetails {
  serviceType: string | null;
  ratio: number | null;
}

export class FocusReader implements RowReader {
  readonly format: UsageFormat;
  private readonly idx: Record<string, number>;
  private readonly width: number;
  private readonly detailsCache = new Map<string, SkuDetails | string>();
  private lastStart = '';
  private lastEnd = '';
  private lastSpan: HourSpan | string = '';
  private lastCommitment = '';
  private lastReservationId = '';
  private lastDetailsText: string | null = null;
  private lastDetails: SkuDetails | string = '';
  private readonly unitCol: number;

  constructor(header: readonly string[], private readonly sink: UsageSink, private readonly catalog: CatalogIndex) {
    const trimmed = header.map((h) => h.trim());
    const missing = REQUIRED.filter((c) => !trimmed.includes(c));
    if (missing.length) throw new UsageFileError(`missing required FOCUS column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
    this.format = trimmed.some((h) => ONLY_IN_1_2.includes(h)) ? 'focus-1.2-preview' : 'focus-1.0';
    this.idx = {};
    trimmed.forEach((h, i) => { if (!(h in this.idx)) this.idx[h] = i; });
    this.width = header.length;
    this.unitCol = this.col('ConsumedUnit');
  }

  private col(name: string): number {
    return this.idx[name] ?? -1;
  }

  read(f: string[], _line: number): RowOutcome {
    if (f.length !== this.width) return `expected ${this.width} fields, found ${f.length}`;
    const ix = this.idx;
    if (f[ix.ChargeCategory!] !== 'Usage') return 'skipped';
    const commitment = f[ix.CommitmentDiscountId!]!;
    if (commitment !== '') return this.readCommitted(f, commitment);
    const pricing = f[ix.PricingCategory!]!;
    if (pricing !== 'Standard' && pricing !== 'On-Demand' && pricing !== 'OnDemand') return 'skipped';
    return this.readOnDemand(f);
  }

  private span(f: string[]): HourSpan | string {
    const start = f[this.idx.ChargePeriodStart!]!;
    const end = f[this.idx.ChargePeriodEnd!]!;
    if (start === this.lastStart && end === this.lastEnd) return this.lastSpan;
    const s = parseUtcInstant(start);
    if (s === null) return `ChargePeriodStart '${start.slice(0, 40)}' is not an ISO-8601 UTC date-time`;
    const e = parseUtcInstant(end);
    if (e === null) return `ChargePeriodEnd '${end.slice(0, 40)}' is not an ISO-8601 UTC date-time`;
    const span = hourSpan(s, e);
    this.lastStart = start;
    this.lastEnd = end;
    this.lastSpan = span;
    return span;
  }

  private readCommitted(f: string[], commitment: string): RowOutcome {
    const type = f[this.idx.CommitmentDiscountType!]!;
    if (type !== 'Reservation') return type === '' ? 'CommitmentDiscountType is empty for a row with a CommitmentDiscountId' : 'skipped';
    // Rows of one reservation come together in an export: remember the last id.
    let reservationId = this.lastReservationId;
    if (commitment !== this.lastCommitment) {
      const m = RESERVATION_ID.exec(commitment);
      if (!m) return `CommitmentDiscountId '${commitment.slice(0, 120)}' is not a reservation resource id`;
      reservationId = m[1]!.toLowerCase();
      this.lastCommitment = commitment;
      this.lastReservationId = reservationId;
    }
    const span = this.span(f);
    if (typeof span === 'string') return span;
    const statusCol = this.col('CommitmentDiscountStatus');
    const status = statusCol >= 0 ? f[statusCol]! : 'Used';
    if (status === 'Unused') {
      this.sink.reservationUnused(reservationId, span.date);
      return 'accepted';
    }
    if (status !== 'Used' && status !== '') return `CommitmentDiscountStatus '${status.slice(0, 40)}' is neither Used nor Unused`;
    const quantity = parseQuantity(f[this.idx.ConsumedQuantity!]!);
    if (quantity === null) return `ConsumedQuantity '${f[this.idx.ConsumedQuantity!]!.slice(0, 40)}' is not a non-negative number`;
    if (!this.hourUnit(f)) return 'skipped';
    const instanceId = f[this.idx.ResourceId!]!.toLowerCase();
    if (instanceId === '') return 'ResourceId is empty on a Used reservation row';
    const details = this.skuDetails(f);
    if (typeof details === 'string') return details;
    const skuName = details.serviceType ?? this.sizeFromMeter(f);
    const known = skuName ? this.catalog.byName.get(skuName.toLowerCase()) : undefined;
    if (span.from === 0 && span.to === 24) {
      // A daily row (Cost Management's FocusCost is daily unless exported hourly): the day's total,
      // spread later over the hours the reservation was active, not over all 24.
      this.sink.reservationDaily({
        reservationId, date: span.date, instanceId, skuName: known?.name ?? skuName, flexGroup: known?.flexGroup ?? null, ratio: details.ratio, usedHours: quantity,
      });
      return 'accepted';
    }
    this.sink.reservationHours({
      reservationId, date: span.date, from: span.from, to: span.to, instanceId,
      skuName: known?.name ?? skuName, flexGroup: known?.flexGroup ?? null, ratio: details.ratio, quantity,
    });
    return 'accepted';
  }

  /** Compute usage is counted in hours ('Hours', '1 Hour'); other units are not instance-hours. */
  private hourUnit(f: string[]): boolean {
    if (this.unitCol < 0) return true;
    const unit = f[this.unitCol]!;
    return unit === 'Hours' || unit === '' || /hour/i.test(unit);
  }

  private readOnDemand(f: string[]): RowOutcome {
    if (!this.hourUnit(f)) return 'skipped';
    const details = this.skuDetails(f);
    if (typeof details === 'string') return details;
    const skuName = details.serviceType ?? this.sizeFromMeter(f);
    const known = skuName ? this.catalog.byName.get(skuName.toLowerCase()) : undefined;
    // Only usage a reservation could have covered: a size our catalog offers reservations for.
    if (!known) return 'skipped';
    const span = this.span(f);
    if (typeof span === 'string') return span;
    const quantity = parseQuantity(f[this.idx.ConsumedQuantity!]!);
    if (quantity === null) return `ConsumedQuantity '${f[this.idx.ConsumedQuantity!]!.slice(0, 40)}' is not a non-negative number`;
    const subCol = this.col('SubAccountId');
    const sub = subCol >= 0 ? f[subCol]! : '';
    const sm = SUBSCRIPTION_ID.exec(sub);
    const subscriptionId = sm ? sm[1]!.toLowerCase() : GUID.test(sub) ? sub.toLowerCase() : null;
    if (!subscriptionId) return `SubAccountId '${sub.slice(0, 80)}' is not a subscription id`;
    const costCol = this.col('EffectiveCost') >= 0 ? this.col('EffectiveCost') : this.col('BilledCost');
    const costText = costCol >= 0 ? f[costCol]! : '';
    const costNano = costText === '' ? 0n : decimalToNano(costText);
    if (costNano === null) return `${costCol === this.col('EffectiveCost') ? 'EffectiveCost' : 'BilledCost'} '${costText.slice(0, 40)}' is not a decimal number`;
    const curCol = this.col('BillingCurrency');
    const currency = curCol >= 0 ? f[curCol]!.toUpperCase() : '';
    if (!/^[A-Z]{3}$/.test(currency)) return `BillingCurrency '${currency.slice(0, 10)}' is not a currency code`;
    const regionCol = this.col('RegionId') >= 0 ? this.col('RegionId') : this.col('x_SkuRegion');
    const region = regionCol >= 0 ? f[regionCol]!.toLowerCase().replace(/\s+/g, '') : '';
    if (region === '') return 'RegionId is empty';
    const resourceId = f[this.idx.ResourceId!]!.toLowerCase();
    if (resourceId === '') return 'ResourceId is empty';
    this.sink.onDemand({
      subscriptionId, resourceType: known.resourceType, skuName: known.name, region, date: span.date,
      from: span.from, to: span.to, resourceId, quantity, costNano, currency,
    });
    return 'accepted';
  }

  /** ServiceType and RINormalizationRatio from x_SkuDetails (or SkuPriceDetails); a reason when it is not JSON. */
  private skuDetails(f: string[]): SkuDetails | string {
    let col = this.col('x_SkuDetails');
    if (col < 0 || f[col] === '') col = this.col('SkuPriceDetails');
    const instanceTypeCol = this.col('x_SkuInstanceType');
    const text = col >= 0 ? f[col]! : '';
    let details: SkuDetails | string | undefined = text === this.lastDetailsText ? this.lastDetails : this.detailsCache.get(text);
    if (details === undefined) {
      details = parseSkuDetails(text);
      if (this.detailsCache.size > 10_000) this.detailsCache.clear();
      this.detailsCache.set(text, details);
    }
    this.lastDetailsText = text;
    this.lastDetails = details;
    if (typeof details !== 'string' && !details.serviceType && instanceTypeCol >= 0 && f[instanceTypeCol]) {
      return { serviceType: f[instanceTypeCol]!, ratio: details.ratio };
    }
    return details;
  }

  /** "D2s v5" (x_SkuMeterName / SkuMeter) → "Standard_D2s_v5" when the catalog knows that size. */
  private sizeFromMeter(f: string[]): string | null {
    const col = this.col('x_SkuMeterName') >= 0 ? this.col('x_SkuMeterName') : this.col('SkuMeter');
    if (col < 0 || f[col] === '') return null;
    const candidate = `Standard_${f[col]!.trim().replace(/\s+(Low Priority|Spot)$/i, '').replace(/\s+/g, '_')}`;
    return this.catalog.byName.has(candidate.toLowerCase()) ? candidate : null;
  }
}

function parseSkuDetails(text: string): SkuDetails | string {
  if (text === '') return { serviceType: null, ratio: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `x_SkuDetails is not valid JSON: '${text.slice(0, 60)}'`;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { serviceType: null, ratio: null };
  const o = value as Record<string, unknown>;
  const pick = (...names: string[]) => {
    for (const n of names) if (o[n] !== undefined && o[n] !== null && o[n] !== '') return o[n];
    const lower = Object.keys(o).find((k) => names.some((n) => n.toLowerCase() === k.toLowerCase()));
    return lower ? o[lower] : undefined;
  };
  const service = pick('ServiceType', 'x_ServiceType', 'InstanceType', 'VMSize');
  const ratioValue = pick('RINormalizationRatio', 'InstanceFlexibilityRatio');
  let ratio: number | null = null;
  if (ratioValue !== undefined && ratioValue !== null && ratioValue !== '') {
    ratio = Number(ratioValue);
    if (!Number.isFinite(ratio) || ratio <= 0) return `x_SkuDetails RINormalizationRatio '${String(ratioValue).slice(0, 20)}' is not a positive number`;
  }
  return { serviceType: typeof service === 'string' && service !== '' ? service : null, ratio };
}
