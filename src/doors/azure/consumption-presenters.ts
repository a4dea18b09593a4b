import { createHash } from 'node:crypto';
import type { Reservation } from '../../domain/reservation.ts';
import type { SummaryRow } from '../../services/usage-reports/summary-rows.ts';
import type { UsageDetailRow } from '../../store/usage-report-queries.ts';

/**
 * Consumption 2024-08-01 JSON (azure-api.md §3.1). Ids are written as Microsoft's examples write
 * them (no leading slash); reservationOrderId and reservationId are bare GUIDs; usageDate is the
 * UTC midnight of the day (or of the first day of the month for grain=monthly).
 */

const reservationPath = (r: Reservation) => `providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.id}`;
const compactDate = (date: string) => date.replaceAll('-', '');
const usageDateTime = (date: string) => `${date}T00:00:00Z`;
/** Sums of float hours wobble in the last bits; four decimals is finer than any export reports. */
const hours = (n: number) => Math.round(n * 10_000) / 10_000;
const pct = (n: number) => Math.round(n * 100) / 100;

/**
 * The quantity fields, which Microsoft documents only as "the purchased / remaining / total
 * reserved / used quantity for the reservationId", filled as follows (our choice):
 * - purchasedQuantity = totalReservedQuantity = the reservation's quantity (instances);
 * - usedQuantity = the instances used on average over the row's period, quantity × used ÷ reserved;
 * - remainingQuantity = totalReservedQuantity − usedQuantity (the average unused instances);
 * - utilizedPercentage = used ÷ reserved hours × 100 (equal to avgUtilizationPercentage when the
 *   daily averages are hour-weighted, as ours are).
 */
export function presentSummary(row: SummaryRow, r: Reservation) {
  const ratio = row.reservedHours > 0 ? row.usedHours / row.reservedHours : 0;
  const usedQuantity = hours(r.quantity * ratio);
  return {
    id: `${reservationPath(r)}/providers/Microsoft.Consumption/reservationSummaries/${compactDate(row.usageDate)}`,
    name: `${r.orderId}_${r.id}_${compactDate(row.usageDate)}`,
    type: 'Microsoft.Consumption/reservationSummaries',
    tags: null,
    properties: {
      reservationOrderId: r.orderId,
      reservationId: r.id,
      skuName: r.skuName,
      kind: 'Reservation',
      reservedHours: hours(row.reservedHours),
      usageDate: usageDateTime(row.usageDate),
      usedHours: hours(row.usedHours),
      minUtilizationPercentage: pct(row.minPct),
      avgUtilizationPercentage: pct(row.avgPct),
      maxUtilizationPercentage: pct(row.maxPct),
      purchasedQuantity: r.quantity,
      remainingQuantity: hours(r.quantity - usedQuantity),
      totalReservedQuantity: r.quantity,
      usedQuantity,
      utilizedPercentage: pct(ratio * 100),
    },
  };
}

export function presentDetail(row: UsageDetailRow, r: Reservation) {
  // One row per reservation, day and consuming resource: the resource id makes the name unique.
  const suffix = createHash('sha256').update(row.instanceId).digest('hex').slice(0, 16);
  return {
    id: `${reservationPath(r)}/providers/Microsoft.Consumption/reservationDetails/${compactDate(row.usageDate)}_${suffix}`,
    name: `${r.orderId}_${r.id}_${compactDate(row.usageDate)}_${suffix}`,
    type: 'Microsoft.Consumption/reservationDetails',
    tags: null,
    properties: {
      reservationOrderId: r.orderId,
      reservationId: r.id,
      skuName: row.skuName,
      kind: 'Reservation',
      reservedHours: hours(row.reservedHours),
      usageDate: usageDateTime(row.usageDate),
      usedHours: hours(row.usedHours),
      instanceId: row.instanceId,
      instanceFlexibilityGroup: row.instanceFlexibilityGroup,
      instanceFlexibilityRatio: row.instanceFlexibilityRatio,
      totalReservedQuantity: r.quantity,
    },
  };
}
