import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Term } from '../domain/catalog.ts';
import type { CurrencyCode } from '../domain/money.ts';
import { CATALOG_SKUS, KRW_PER_USD, REGION_BPS, TERM_HOURS, type CatalogSku } from './catalog-data.ts';
import { FOCUS_COST_1_0_HEADER, RowTemplate, type FocusColumn } from './focus-columns.ts';
import { hourlyNanoOfTermPrice, hoursToDecimal, nanoToDecimal, roundHalfEven } from './focus-decimal.ts';
import { hash32, meterNameOf, productIdOf, REGION_NAMES, RESERVATION_RESOURCE, resourceKindOf, VIRTUAL_MACHINE, VM_SCALE_SET, type FocusResourceKind } from './focus-resources.ts';
import { Random } from './random.ts';

/**
 * A deterministic generator of FOCUS cost exports as Microsoft Cost Management writes them
 * (the FocusCost 1.0 dataset, amortized view, one row per resource and hour):
 *
 * - `Used` rows: each resource a reservation covered in an hour, with `ConsumedQuantity` in
 *   instance-hours; resources of another size of the same flexibility group carry their ratio
 *   to the reserved size in `x_SkuDetails.RINormalizationRatio`, as Azure reports it;
 * - `Unused` rows: the reserved hours nobody used in that hour, charged to the reservation;
 * - on-demand rows (`PricingCategory` "Standard", no `CommitmentDiscountId`): VMs that no
 *   reservation covers, which purchase recommendations start from.
 *
 * Every hour the Used hours (instance-hours × ratio) plus the Unused hours equal the quantity ×
 * the share of the hour the reservation was active. The same options give the same bytes: each
 * reservation-day draws from its own random stream, seeded by the reservation id and the date.
 * The generator holds one plan per reservation and nothing per row; writers stream its lines
 * with backpressure.
 */

export interface FocusReservationInput {
  id: string;
  orderId: string;
  displayName?: string;
  /** Microsoft.Capacity reservedResourceType, e.g. "VirtualMachines". */
  resourceType: string;
  skuName: string;
  /** ARM region name, lower case. */
  region: string;
  quantity: number;
  /** When the benefit started (term start, or the split, merge or renewal that created it). */
  activeFrom: Date;
  /** Exclusive end of the benefit: expiry, return, split or merge. */
  activeTo: Date;
  /** The subscription whose resources consume it. */
  subscriptionId: string;
  subscriptionName?: string;
  resourceGroup?: string;
  customerId?: string;
  customerName?: string;
  billingAccountName?: string;
  currency: CurrencyCode;
  /** Price of one unit for the whole term, in minor units (the order's unit price). */
  termPriceMinor: number;
  term: Term;
  /** Instance size flexibility on (VMs): other sizes of the group may consume it. */
  instanceFlexibility: boolean;
  /** Overrides of the usage profile otherwise drawn from the seed (tests, deliberate scenarios). */
  usage?: FocusUsageProfile;
}

export interface FocusUsageProfile {
  /** Mean share of the reserved quantity in use (0–1), before hourly noise and the night dip. */
  level?: number;
  /** No usage at all: only Unused rows. */
  idle?: boolean;
  /** Another size of the flexibility group that takes part of the usage (VMs with flexibility on), or null for none. */
  flexSkuName?: string | null;
  /** Share of the usage that the other size takes (0–1). */
  flexShare?: number;
  /** Hourly noise amplitude around the level (default 0.2) and night dip (default 0.12). */
  noise?: number;
  nightDip?: number;
}

/** VMs running on demand, outside any reservation. */
export interface FocusOnDemandWorkload {
  name: string;
  subscriptionId: string;
  subscriptionName?: string;
  resourceGroup?: string;
  customerId?: string;
  customerName?: string;
  billingAccountName?: string;
  skuName: string;
  region: string;
  currency: CurrencyCode;
  /** Instances running every hour (the steady base load). */
  baseInstances: number;
  /** Most instances in any hour (daytime peaks). */
  peakInstances: number;
}

export interface FocusExportOptions {
  reservations: readonly FocusReservationInput[];
  onDemand?: readonly FocusOnDemandWorkload[];
  /** First hour (inclusive, rounded down to the hour) and end (exclusive) of the export. */
  from: Date;
  to: Date;
  seed: number;
  /** "1.0": `2026-11-01T00:00Z` (the first FocusCost 1.0 release); "1.0r2": with seconds. */
  dateStyle?: '1.0' | '1.0r2';
  /** The SKU catalog for flexibility groups, ratios and pay-as-you-go prices. */
  skus?: readonly CatalogSku[];
  /** Collect what the export means per reservation-day and per on-demand SKU-day (tests, demo seed). */
  trackIntended?: boolean;
  billingAccountId?: string;
}

/** What the generator meant a reservation's day to be, as the importer should compute it. */
export interface IntendedReservationDay {
  reservationId: string;
  usageDate: string;
  reservedHours: number;
  usedHours: number;
  /** Hourly utilization % over the active hours of the day (the average weighs hours by their reserved hours). */
  minPct: number;
  avgPct: number;
  maxPct: number;
  /** Normalized used hours per consuming resource id (lower case). */
  byInstance: Record<string, { skuName: string; ratio: number; usedHours: number }>;
}

/** On-demand usage of one subscription, SKU and region in one day. */
export interface IntendedUncoveredDay {
  customerId: string | null;
  subscriptionId: string;
  skuName: string;
  region: string;
  usageDate: string;
  usageHours: number;
  minHourlyInstances: number;
  maxHourlyInstances: number;
  costNano: number;
  currency: CurrencyCode;
}

export interface FocusExportStats {
  rows: number;
  usedRows: number;
  unusedRows: number;
  onDemandRows: number;
  /** Uncompressed bytes of CSV, headers included. */
  bytes: number;
  intended?: { reservationDays: IntendedReservationDay[]; uncoveredDays: IntendedUncoveredDay[] };
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The per-hour columns, in file order (RowTemplate wants them so). */
const VARIABLES: readonly FocusColumn[] = [
  'BilledCost', 'BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart', 'ConsumedQuantity',
  'ContractedCost', 'EffectiveCost', 'ListCost', 'PricingQuantity', 'x_BilledCostInUsd', 'x_ContractedCostInUsd',
  'x_EffectiveCostInUsd', 'x_ListCostInUsd',
];

interface Consumer {
  template: RowTemplate;
  /** Ratio of the consuming size to the reserved size (1 for the reserved size itself). */
  ratio: number;
  /** Pay-as-you-go price of one instance-hour of the consuming size, nano-units. */
  listNano: number;
  resourceId: string;
  skuName: string;
}

interface ReservationPlan {
  input: FocusReservationInput;
  from: number;
  to: number;
  /** Reservation price of one reserved unit-hour, nano-units. */
  hourlyNano: number;
  listNano: number;
  idle: boolean;
  level: number;
  flexShare: number;
  noise: number;
  nightDip: number;
  primary: Consumer;
  flex: Consumer | null;
  unused: RowTemplate;
  streamSeed: number;
}

interface OnDemandPlan {
  input: FocusOnDemandWorkload;
  template: RowTemplate;
  listNano: number;
  streamSeed: number;
}

/** Pay-as-you-go price of one hour of a SKU in a region, nano-units of the currency. */
function listNanoOf(sku: CatalogSku | undefined, region: string, currency: CurrencyCode): number {
  if (!sku) return 0;
  // micro-USD × basis points / 10^4 × 10^3 nano per micro.
  const usdNano = (sku.hourlyMicroUsd * (REGION_BPS[region] ?? 10_000)) / 10;
  return roundHalfEven(currency === 'KRW' ? usdNano * KRW_PER_USD : usdNano);
}

/** Cost figures in the billing currency and in USD (x_…InUsd columns). */
function usd(nano: number, currency: CurrencyCode): number {
  return currency === 'KRW' ? roundHalfEven(nano / KRW_PER_USD) : nano;
}

/** The unit price columns of a row kind (per hour): list, contracted (= list for CSP), billed, effective. */
function unitPrices(listNano: number, billedNano: number, effectiveNano: number): Common {
  return {
    ListUnitPrice: nanoToDecimal(listNano),
    ContractedUnitPrice: nanoToDecimal(listNano),
    x_BilledUnitPrice: nanoToDecimal(billedNano),
    x_EffectiveUnitPrice: nanoToDecimal(effectiveNano),
  };
}

function commitmentDiscountId(r: FocusReservationInput): string {
  return `/providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.id}`;
}

function shortName(skuName: string): string {
  return skuName.replace(/^Standard_/, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
}

type Common = Partial<Record<FocusColumn, string>>;

function commonColumns(o: { subscriptionId: string; subscriptionName?: string; customerId?: string; customerName?: string; billingAccountName?: string; currency: CurrencyCode; region: string; resourceGroup?: string }, billingAccountId: string): Common {
  return {
    BillingAccountId: billingAccountId,
    BillingAccountName: o.billingAccountName ?? 'Reservation Desk',
    BillingAccountType: 'Billing Profile',
    BillingCurrency: o.currency,
    ChargeCategory: 'Usage',
    ChargeFrequency: 'Usage-Based',
    ConsumedUnit: 'Hours',
    InvoiceIssuerName: o.billingAccountName ?? 'Reservation Desk',
    PricingUnit: 'Hours',
    ProviderName: 'Microsoft',
    PublisherName: 'Microsoft',
    RegionId: o.region,
    RegionName: REGION_NAMES[o.region] ?? o.region,
    SubAccountId: `/subscriptions/${o.subscriptionId}`,
    SubAccountName: o.subscriptionName ?? o.subscriptionId,
    SubAccountType: 'Subscription',
    Tags: '{}',
    x_BillingExchangeRate: '1',
    x_BillingProfileId: billingAccountId,
    x_BillingProfileName: o.billingAccountName ?? 'Reservation Desk',
    x_CustomerId: o.customerId ?? '',
    x_CustomerName: o.customerName ?? '',
    x_PricingBlockSize: '1',
    x_PricingCurrency: o.currency,
    x_PricingUnitDescription: '1 Hour',
    x_PublisherCategory: 'Cloud Provider',
    x_ResourceGroupName: o.resourceGroup ?? 'rg-workload',
    x_SkuOfferId: 'MS-AZR-0145P',
    x_SkuRegion: o.region,
  };
}

function resourceColumns(kind: FocusResourceKind, resourceId: string, name: string, skuName: string, ratio: number | null, sku: CatalogSku | undefined): Common {
  const details: Record<string, string | number> = { UsageType: kind.usageType, ServiceType: skuName };
  if (sku?.properties?.vCPUs) details.VCPUs = Number(sku.properties.vCPUs);
  if (ratio !== null) details.RINormalizationRatio = ratio;
  return {
    ChargeDescription: `${meterNameOf(skuName)} ${kind.meterCategory}`,
    ResourceId: resourceId,
    ResourceName: name,
    ResourceType: kind.displayType,
    ServiceCategory: kind.serviceCategory,
    ServiceName: kind.serviceName,
    SkuId: productIdOf(skuName),
    SkuPriceId: `${productIdOf(skuName)}/${productIdOf(`${skuName}/price`).slice(0, 4)}`,
    x_ResourceType: kind.armType,
    x_SkuDescription: `${kind.meterCategory} ${meterNameOf(skuName)}`,
    x_SkuDetails: JSON.stringify(details),
    x_SkuMeterCategory: kind.meterCategory,
    x_SkuMeterId: productIdOf(`${skuName}/meter`).toLowerCase(),
    x_SkuMeterName: meterNameOf(skuName),
    x_SkuMeterSubcategory: sku?.flexGroup ?? kind.serviceName,
    x_SkuServiceFamily: kind.serviceFamily,
  };
}

function planReservation(r: FocusReservationInput, seed: number, skus: ReadonlyMap<string, CatalogSku>, all: readonly CatalogSku[], billingAccountId: string): ReservationPlan {
  const rng = new Random(hash32(r.id, seed >>> 0));
  const sku = skus.get(r.skuName);
  const common = commonColumns(r, billingAccountId);
  const cdi = commitmentDiscountId(r);
  const committed: Common = {
    ...common,
    BilledCost: '0',
    CommitmentDiscountCategory: 'Usage',
    CommitmentDiscountId: cdi,
    CommitmentDiscountName: r.displayName ?? `${r.skuName}_RI`,
    CommitmentDiscountType: 'Reservation',
    PricingCategory: 'Committed',
    x_PricingSubcategory: 'Committed Usage',
    x_SkuIsCreditEligible: 'false',
    x_SkuOrderId: r.orderId,
  };
  const hourlyNano = hourlyNanoOfTermPrice(r.termPriceMinor, r.currency, TERM_HOURS[r.term]);
  const base = resourceKindOf(r.resourceType);
  const isVm = r.resourceType === 'VirtualMachines';
  // A single reserved VM is consumed by one VM; larger quantities by a scale set.
  const kind = isVm ? (r.quantity === 1 ? VIRTUAL_MACHINE : VM_SCALE_SET) : base;
  const suffix = r.id.slice(0, 8);
  const rg = r.resourceGroup ?? 'rg-workload';
  const resourcePath = (k: FocusResourceKind, name: string) => `/subscriptions/${r.subscriptionId}/resourceGroups/${rg}/providers/${k.path(name)}`;
  const consumer = (k: FocusResourceKind, consumingSku: string, ratio: number, flexible: boolean): Consumer => {
    const name = `${isVm ? (k === VIRTUAL_MACHINE ? 'vm' : 'vmss') : 'res'}-${shortName(consumingSku)}-${suffix}`;
    const resourceId = resourcePath(k, name);
    const cs = skus.get(consumingSku);
    const listNano = listNanoOf(cs, r.region, r.currency);
    return {
      template: new RowTemplate({
        ...committed, CommitmentDiscountStatus: 'Used', ...resourceColumns(k, resourceId, name, consumingSku, flexible ? ratio : null, cs),
        ...unitPrices(listNano, 0, roundHalfEven(hourlyNano * ratio)),
      }, VARIABLES),
      ratio,
      listNano,
      resourceId,
      skuName: consumingSku,
    };
  };
  // Draw the profile in a fixed order so it does not depend on which branches run.
  const o = r.usage ?? {};
  const idle = rng.chance(0.04);
  const low = rng.chance(0.2);
  const level = low ? 0.15 + rng.next() * 0.45 : 0.78 + rng.next() * 0.22;
  const wantsFlex = rng.chance(0.35);
  const flexPick = rng.next();
  const flexShare = 0.2 + rng.next() * 0.4;
  const flexible = isVm && r.instanceFlexibility && !!sku?.flexGroup && !!sku.flexRatio;
  const primary = consumer(kind, r.skuName, 1, flexible);
  let flex: Consumer | null = null;
  const others = flexible ? all.filter((s) => s.flexGroup === sku!.flexGroup && s.name !== sku!.name && s.flexRatio! / sku!.flexRatio! <= r.quantity) : [];
  const other = o.flexSkuName !== undefined ? others.find((s) => s.name === o.flexSkuName) ?? null
    : wantsFlex && others.length > 0 ? others[Math.floor(flexPick * others.length)]! : null;
  if (o.flexSkuName && !other) throw new Error(`${o.flexSkuName} cannot use reservation ${r.id} (${r.skuName} × ${r.quantity}, flexibility ${r.instanceFlexibility ? 'on' : 'off'})`);
  if (other) flex = consumer(VM_SCALE_SET, other.name, other.flexRatio! / sku!.flexRatio!, true);
  const unused = new RowTemplate({
    ...committed,
    CommitmentDiscountStatus: 'Unused',
    ...resourceColumns(RESERVATION_RESOURCE, cdi, r.id, r.skuName, null, sku),
    ...unitPrices(listNanoOf(sku, r.region, r.currency), 0, hourlyNano),
    ChargeDescription: `Unused reservation, ${meterNameOf(r.skuName)}`,
  }, VARIABLES);
  return {
    input: r, from: r.activeFrom.getTime(), to: r.activeTo.getTime(), hourlyNano, listNano: listNanoOf(sku, r.region, r.currency),
    idle: o.idle ?? idle, level: o.level ?? level, flexShare: o.flexShare ?? flexShare, noise: o.noise ?? 0.2, nightDip: o.nightDip ?? 0.12,
    primary, flex, unused, streamSeed: hash32(r.id, (seed ^ 0x5bd1e995) >>> 0),
  };
}

function planOnDemand(w: FocusOnDemandWorkload, seed: number, skus: ReadonlyMap<string, CatalogSku>, billingAccountId: string): OnDemandPlan {
  const sku = skus.get(w.skuName);
  const rg = w.resourceGroup ?? 'rg-workload';
  const resourceId = `/subscriptions/${w.subscriptionId}/resourceGroups/${rg}/providers/${VM_SCALE_SET.path(w.name)}`;
  return {
    input: w,
    template: new RowTemplate({
      ...commonColumns(w, billingAccountId),
      ...resourceColumns(VM_SCALE_SET, resourceId, w.name, w.skuName, null, sku),
      PricingCategory: 'Standard',
      x_PricingSubcategory: 'Standard',
      ...unitPrices(listNanoOf(sku, w.region, w.currency), listNanoOf(sku, w.region, w.currency), listNanoOf(sku, w.region, w.currency)),
      x_SkuIsCreditEligible: 'true',
    }, VARIABLES),
    listNano: listNanoOf(sku, w.region, w.currency),
    streamSeed: hash32(`${w.subscriptionId}/${w.name}`, (seed ^ 0x27d4eb2f) >>> 0),
  };
}

/** Per reservation-day random stream: the same whatever the export's range or row order. */
const dayStream = (streamSeed: number, dayNumber: number) => new Random((streamSeed + Math.imul(dayNumber, 0x9e3779b1)) >>> 0);

function instantText(ms: number, style: '1.0' | '1.0r2'): string {
  const iso = new Date(ms).toISOString();
  return style === '1.0' ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

/**
 * The data lines of the export (no header), day by day; within a day, reservation by reservation
 * and hour by hour, then the on-demand workloads. Fills `stats` as it goes.
 */
export function* generateFocusLines(options: FocusExportOptions, stats: FocusExportStats): Generator<string> {
  const style = options.dateStyle ?? '1.0';
  const all = options.skus ?? CATALOG_SKUS;
  const skus = new Map(all.map((s) => [s.name, s]));
  const billingAccountId = options.billingAccountId ?? '/providers/Microsoft.Billing/billingAccounts/resdesk-demo/billingProfiles/resdesk';
  const plans = options.reservations.map((r) => planReservation(r, options.seed, skus, all, billingAccountId));
  const demand = (options.onDemand ?? []).map((w) => planOnDemand(w, options.seed, skus, billingAccountId));
  const intended = options.trackIntended ? (stats.intended ??= { reservationDays: [], uncoveredDays: [] }) : undefined;
  const from = Math.floor(options.from.getTime() / HOUR) * HOUR;
  const to = options.to.getTime();
  const values: string[] = new Array(VARIABLES.length);
  const hourText: string[] = new Array(25);

  for (let dayStart = Math.floor(from / DAY) * DAY; dayStart < to; dayStart += DAY) {
    const dayEnd = dayStart + DAY;
    const dayNumber = dayStart / DAY;
    const usageDate = new Date(dayStart).toISOString().slice(0, 10);
    for (let h = 0; h <= 24; h++) hourText[h] = instantText(dayStart + h * HOUR, style);
    const d = new Date(dayStart);
    values[1] = instantText(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), style); // BillingPeriodEnd
    values[2] = instantText(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), style); // BillingPeriodStart
    const line = (template: RowTemplate, h: number, quantity: number, billedNano: number, effectiveNano: number, listNano: number, currency: CurrencyCode): string => {
      const q = hoursToDecimal(quantity);
      values[0] = nanoToDecimal(billedNano);
      values[3] = hourText[h + 1]!;
      values[4] = hourText[h]!;
      values[5] = q;
      values[6] = nanoToDecimal(listNano); // ContractedCost: no negotiated discount for CSP
      values[7] = nanoToDecimal(effectiveNano);
      values[8] = values[6];
      values[9] = q;
      values[10] = nanoToDecimal(usd(billedNano, currency));
      values[11] = nanoToDecimal(usd(listNano, currency));
      values[12] = nanoToDecimal(usd(effectiveNano, currency));
      values[13] = values[11];
      return template.render(values);
    };

    for (const p of plans) {
      if (p.to <= dayStart || p.from >= dayEnd) continue;
      const r = p.input;
      const q = r.quantity;
      const rng = dayStream(p.streamSeed, dayNumber);
      let reserved = 0;
      let used = 0;
      let minPct = Infinity;
      let maxPct = -Infinity;
      let activeHours = 0;
      const byInstance: IntendedReservationDay['byInstance'] = {};
      for (let h = 0; h < 24; h++) {
        // Always draw, so an hour's numbers do not depend on the range asked for.
        const noise = rng.next();
        const t = dayStart + h * HOUR;
        if (t < from || t >= to) continue;
        const active = (Math.min(t + HOUR, p.to) - Math.max(t, p.from)) / HOUR;
        if (active <= 0) continue;
        const night = h >= 14 && h < 22 ? p.nightDip : 0; // 23:00–07:00 in Korea
        const u = p.idle ? 0 : Math.min(1, Math.max(0, p.level + (noise - 0.5) * p.noise - night));
        const target = u * q;
        const n2 = p.flex ? Math.floor((target * p.flexShare) / p.flex.ratio + 1e-9) : 0;
        const n1 = Math.floor(target - n2 * (p.flex?.ratio ?? 0) + 1e-9);
        const capacity = q * active;
        let usedHour = 0;
        if (n1 > 0) {
          const consumed = n1 * active;
          usedHour += consumed;
          stats.usedRows++;
          yield line(p.primary.template, h, consumed, 0, roundHalfEven(p.hourlyNano * consumed), roundHalfEven(p.primary.listNano * consumed), r.currency);
          if (intended) addInstance(byInstance, p.primary, consumed);
        }
        if (n2 > 0 && p.flex) {
          const consumed = n2 * active;
          const normalized = consumed * p.flex.ratio;
          usedHour += normalized;
          stats.usedRows++;
          yield line(p.flex.template, h, consumed, 0, roundHalfEven(p.hourlyNano * normalized), roundHalfEven(p.flex.listNano * consumed), r.currency);
          if (intended) addInstance(byInstance, p.flex, consumed);
        }
        const unusedHours = capacity - usedHour;
        if (unusedHours > 1e-9) {
          stats.unusedRows++;
          yield line(p.unused, h, unusedHours, 0, roundHalfEven(p.hourlyNano * unusedHours), roundHalfEven(p.listNano * unusedHours), r.currency);
        }
        reserved += capacity;
        used += usedHour;
        const pct = (usedHour / capacity) * 100;
        minPct = Math.min(minPct, pct);
        maxPct = Math.max(maxPct, pct);
        activeHours++;
      }
      if (intended && activeHours > 0) {
        // The day's average weighs each hour by its reserved hours: used ÷ reserved.
        intended.reservationDays.push({ reservationId: r.id, usageDate, reservedHours: reserved, usedHours: used, minPct, avgPct: (used / reserved) * 100, maxPct, byInstance });
      }
    }

    // Per subscription, size and region: instances per hour, summed over its workloads.
    const dayDemand = new Map<string, { day: IntendedUncoveredDay; perHour: Float64Array; counted: boolean[] }>();
    for (const w of demand) {
      const rng = dayStream(w.streamSeed, dayNumber);
      const input = w.input;
      const id = `${input.subscriptionId}|${input.skuName}|${input.region}`;
      let acc = dayDemand.get(id);
      if (intended && !acc) {
        const day: IntendedUncoveredDay = {
          customerId: input.customerId ?? null, subscriptionId: input.subscriptionId, skuName: input.skuName, region: input.region, usageDate,
          usageHours: 0, minHourlyInstances: 0, maxHourlyInstances: 0, costNano: 0, currency: input.currency,
        };
        acc = { day, perHour: new Float64Array(24), counted: new Array<boolean>(24).fill(false) };
        dayDemand.set(id, acc);
      }
      for (let h = 0; h < 24; h++) {
        const noise = rng.next();
        const t = dayStart + h * HOUR;
        if (t < from || t >= to) continue;
        const daytime = h >= 0 && h < 10; // 09:00–19:00 in Korea
        const span = input.peakInstances - input.baseInstances;
        const n = input.baseInstances + Math.min(span, Math.floor((span + 1) * noise * (daytime ? 1 : 0.3)));
        if (acc) acc.counted[h] = true;
        if (n <= 0) continue;
        const nano = w.listNano * n;
        if (acc) {
          acc.perHour[h]! += n;
          acc.day.usageHours += n;
          acc.day.costNano += nano;
        }
        stats.onDemandRows++;
        yield line(w.template, h, n, nano, nano, nano, input.currency);
      }
    }
    for (const { day, perHour, counted } of dayDemand.values()) {
      if (day.usageHours === 0) continue;
      let min = Infinity;
      let max = 0;
      for (let h = 0; h < 24; h++) {
        if (!counted[h]) continue;
        min = Math.min(min, perHour[h]!);
        max = Math.max(max, perHour[h]!);
      }
      day.minHourlyInstances = min;
      day.maxHourlyInstances = max;
      intended!.uncoveredDays.push(day);
    }
  }
}

function addInstance(byInstance: IntendedReservationDay['byInstance'], c: Consumer, consumed: number): void {
  const key = c.resourceId.toLowerCase();
  const entry = (byInstance[key] ??= { skuName: c.skuName, ratio: c.ratio, usedHours: 0 });
  entry.usedHours += consumed * c.ratio;
}

const emptyStats = (): FocusExportStats => ({ rows: 0, usedRows: 0, unusedRows: 0, onDemandRows: 0, bytes: 0 });

/** Lines are gathered into chunks this large before a write, so the stream sees few big writes. */
const CHUNK_CHARS = 256 * 1024;

/** Writes a chunk (encoded once, here) and waits for 'drain' when the stream asks to; returns its bytes. */
async function writeChunk(out: Writable, chunk: string): Promise<number> {
  const bytes = Buffer.from(chunk, 'utf8');
  if (!out.write(bytes)) await once(out, 'drain');
  return bytes.length;
}

/**
 * Writes one export (header and rows) to a stream, waiting for 'drain' whenever the stream
 * asks to, so memory stays flat however slow the destination. Does not end the stream.
 */
export async function writeFocusExport(out: Writable, options: FocusExportOptions): Promise<FocusExportStats> {
  const stats = emptyStats();
  let chunk = FOCUS_COST_1_0_HEADER;
  for (const line of generateFocusLines(options, stats)) {
    chunk += line;
    stats.rows++;
    if (chunk.length >= CHUNK_CHARS) {
      stats.bytes += await writeChunk(out, chunk);
      chunk = '';
    }
  }
  stats.bytes += await writeChunk(out, chunk);
  return stats;
}

export interface FocusFileOptions {
  /** gzip each file (`.csv.gz`), as Cost Management does when compression is on. */
  gzip?: boolean;
  gzipLevel?: number;
  /** Start a new file after this many rows (Cost Management splits large exports into parts). */
  rowsPerFile?: number;
  /** File name stem; parts are `{stem}_{0001}.csv[.gz]`. */
  fileStem?: string;
}

/** Writes the export into `dir` as one or more CSV files (optionally gzip), each with its header. */
export async function writeFocusExportFiles(dir: string, options: FocusExportOptions & FocusFileOptions): Promise<FocusExportStats & { files: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const stats = emptyStats();
  const files: string[] = [];
  const rowsPerFile = options.rowsPerFile ?? Infinity;
  let current: { input: Writable; done: Promise<void>; rows: number } | null = null;
  const open = () => {
    const file = path.join(dir, `${options.fileStem ?? 'part_0'}_${String(files.length + 1).padStart(4, '0')}.csv${options.gzip ? '.gz' : ''}`);
    files.push(file);
    const sink = fs.createWriteStream(file);
    if (options.gzip) {
      const gz = zlib.createGzip({ level: options.gzipLevel ?? 6 });
      return { input: gz as Writable, done: pipeline(gz, sink), rows: 0 };
    }
    return { input: sink as Writable, done: new Promise<void>((resolve, reject) => { sink.once('finish', resolve); sink.once('error', reject); }), rows: 0 };
  };
  const close = async (c: NonNullable<typeof current>) => {
    c.input.end();
    await c.done;
  };
  let chunk = '';
  const flush = async () => {
    if (!current || chunk.length === 0) return;
    stats.bytes += await writeChunk(current.input, chunk);
    chunk = '';
  };
  for (const line of generateFocusLines(options, stats)) {
    if (!current || current.rows >= rowsPerFile) {
      if (current) {
        await flush();
        await close(current);
      }
      current = open();
      chunk = FOCUS_COST_1_0_HEADER;
    }
    chunk += line;
    current.rows++;
    stats.rows++;
    if (chunk.length >= CHUNK_CHARS) await flush();
  }
  if (!current) {
    current = open();
    chunk = FOCUS_COST_1_0_HEADER;
  }
  await flush();
  await close(current);
  return { ...stats, files };
}
