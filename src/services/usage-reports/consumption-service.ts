import type { Actor } from '../../domain/policy.ts';
import type { Reservation, ReservationOrder } from '../../domain/reservation.ts';
import { dailyUtilizationRows, usageDetailRows, type DateRange, type UsageDetailRow } from '../../store/usage-report-queries.ts';
import { findVisibleReservation } from '../access-service.ts';
import type { AppContext } from '../context.ts';
import { getOrderView } from '../reservation-service.ts';
import { dailyRow, monthlyRows, type SummaryRow } from './summary-rows.ts';

/**
 * Consumption's reservationSummaries and reservationDetails over the usage the importer stored
 * (issue 7). Visibility is the reservation GETs': an order or reservation the caller cannot see is
 * not found (404), never an empty list.
 */

export interface ConsumptionTarget {
  orderId: string;
  /** Absent: every reservation of the order. */
  reservationId?: string;
}

/** The reservations a Consumption call reads, and the order they belong to. */
async function visibleReservations(ctx: AppContext, actor: Actor, target: ConsumptionTarget): Promise<{ order?: ReservationOrder; reservations: Reservation[] }> {
  if (target.reservationId) {
    const r = await findVisibleReservation(ctx.store.db, actor, target.orderId, target.reservationId);
    return { reservations: [r] };
  }
  const view = await getOrderView(ctx, actor, target.orderId);
  return { order: view.order, reservations: view.reservations };
}

export interface Page {
  limit: number;
  offset: number;
}

export interface SummariesResult {
  reservations: Map<string, Reservation>;
  rows: SummaryRow[];
  /** Whether rows follow this page. */
  more: boolean;
}

export async function reservationSummaries(ctx: AppContext, actor: Actor, target: ConsumptionTarget, grain: 'daily' | 'monthly', range: DateRange, page: Page): Promise<SummariesResult> {
  const { reservations } = await visibleReservations(ctx, actor, target);
  const byId = new Map(reservations.map((r) => [r.id, r]));
  const ids = reservations.map((r) => r.id);
  if (grain === 'daily') {
    const days = await dailyUtilizationRows(ctx.store.db, ids, range, { limit: page.limit + 1, offset: page.offset });
    return { reservations: byId, rows: days.slice(0, page.limit).map(dailyRow), more: days.length > page.limit };
  }
  // Months are few: roll the range up whole, then page the months.
  const months = monthlyRows(await dailyUtilizationRows(ctx.store.db, ids, range));
  return { reservations: byId, rows: months.slice(page.offset, page.offset + page.limit), more: months.length > page.offset + page.limit };
}

export interface DetailsResult {
  reservations: Map<string, Reservation>;
  rows: UsageDetailRow[];
  more: boolean;
}

export async function reservationDetails(ctx: AppContext, actor: Actor, target: ConsumptionTarget, range: Required<DateRange>, page: Page): Promise<DetailsResult> {
  const { reservations } = await visibleReservations(ctx, actor, target);
  const rows = await usageDetailRows(ctx.store.db, reservations.map((r) => r.id), range, { limit: page.limit + 1, offset: page.offset });
  return { reservations: new Map(reservations.map((r) => [r.id, r])), rows: rows.slice(0, page.limit), more: rows.length > page.limit };
}
