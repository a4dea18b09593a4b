import { notFound } from '../domain/errors.ts';
import { normalizeGuid } from '../domain/ids.ts';
import type { FilterNode } from '../domain/odata-filter.ts';
import { reservationActions, tenantScopeOf, type Actor, type Decision, type ReservationAction } from '../domain/policy.ts';
import type { PaymentInstalment, Reservation, ReservationOrder } from '../domain/reservation.ts';
import { lookBackStart, summarize, type UtilizationSummary } from '../domain/utilization.ts';
import type { OrderBy } from '../store/reservation-filter.ts';
import {
  countReservations, getOrder, listOrders, listReservations, listRevisions, paymentsOfOrder,
  reservationsOfOrders, summarizeReservations, utilizationSince, type StateSummary,
} from '../store/reservation-queries.ts';
import { accessFacts, findVisibleReservation, targetOf } from './access-service.ts';
import type { AppContext } from './context.ts';

export interface ReservationView {
  reservation: Reservation;
  utilization: UtilizationSummary | null;
}

async function withUtilization(ctx: AppContext, reservations: Reservation[]): Promise<ReservationView[]> {
  const now = ctx.clock.now();
  const daily = await utilizationSince(ctx.store.db, reservations.map((r) => r.id), lookBackStart(now, 30));
  return reservations.map((reservation) => ({ reservation, utilization: summarize(daily.get(reservation.id) ?? [], now) }));
}

export interface ListOptions {
  customerId?: string;
  orderId?: string;
  filter?: FilterNode;
  orderBy?: OrderBy[];
  limit: number;
  offset: number;
}

export async function listReservationViews(ctx: AppContext, actor: Actor, options: ListOptions): Promise<ReservationView[]> {
  const rows = await listReservations(ctx.store.db, { ...options, scope: tenantScopeOf(actor), now: ctx.clock.now() });
  return withUtilization(ctx, rows);
}

export async function countReservationsFor(ctx: AppContext, actor: Actor, options: Omit<ListOptions, 'limit' | 'offset' | 'orderBy'>): Promise<number> {
  return countReservations(ctx.store.db, { ...options, scope: tenantScopeOf(actor), now: ctx.clock.now() });
}

/**
 * Counts by display state for listAll's `summary`. Counting a large portfolio on every page would
 * cost more than the page itself, so counts are kept for a short while per caller scope and
 * filter, and recomputed when the client asks with `refreshSummary=true`.
 */
const SUMMARY_TTL_MS = 30_000;
// The promise is cached, so concurrent requests that find the entry stale share one count
// instead of each running it (under load, dozens would otherwise recount at once).
// One cache per store: two servers in one process (tests) must not share counts.
const summaryCaches = new WeakMap<object, Map<string, { at: number; value: Promise<StateSummary> }>>();

export async function reservationSummary(ctx: AppContext, actor: Actor, filterKey: string, filter: FilterNode | undefined, refresh: boolean): Promise<StateSummary> {
  const scope = tenantScopeOf(actor);
  const key = `${JSON.stringify(scope)}|${filterKey}`;
  const nowMs = ctx.clock.now().getTime();
  let cache = summaryCaches.get(ctx.store);
  if (!cache) summaryCaches.set(ctx.store, (cache = new Map()));
  const summaryCache = cache;
  const cached = summaryCache.get(key);
  if (!refresh && cached && Math.abs(nowMs - cached.at) < SUMMARY_TTL_MS) return cached.value;
  const value = summarizeReservations(ctx.store.db, { scope, filter, now: ctx.clock.now() });
  if (summaryCache.size > 1000) summaryCache.clear();
  summaryCache.set(key, { at: nowMs, value });
  value.catch(() => {
    if (summaryCache.get(key)?.value === value) summaryCache.delete(key);
  });
  return value;
}

export async function getReservationView(ctx: AppContext, actor: Actor, orderId: string, reservationId: string): Promise<ReservationView> {
  // Within the tenant scope, or through an explicit role assignment (a guest of the customer tenant).
  const r = await findVisibleReservation(ctx.store.db, actor, orderId, reservationId);
  const [view] = await withUtilization(ctx, [r]);
  return view!;
}

export interface OrderView {
  order: ReservationOrder;
  reservations: Reservation[];
  payments: PaymentInstalment[];
}

export async function getOrderView(ctx: AppContext, actor: Actor, orderId: string): Promise<OrderView> {
  const order = await getOrder(ctx.store.db, tenantScopeOf(actor), normalizeGuid(orderId));
  if (!order) throw notFound('ReservationOrderNotFound', `Reservation order ${orderId} was not found`);
  const [reservations, payments] = await Promise.all([
    reservationsOfOrders(ctx.store.db, [order.id]),
    paymentsOfOrder(ctx.store.db, order.id),
  ]);
  return { order, reservations, payments };
}

export async function listOrderViews(ctx: AppContext, actor: Actor, limit: number, offset: number): Promise<OrderView[]> {
  const orders = await listOrders(ctx.store.db, tenantScopeOf(actor), limit, offset);
  const reservations = await reservationsOfOrders(ctx.store.db, orders.map((o) => o.id));
  return orders.map((order) => ({ order, reservations: reservations.filter((r) => r.orderId === order.id), payments: [] }));
}

export async function reservationRevisions(ctx: AppContext, actor: Actor, orderId: string, reservationId: string) {
  const view = await getReservationView(ctx, actor, orderId, reservationId);
  return listRevisions(ctx.store.db, view.reservation.id);
}

/** What the caller may do with each reservation, for responses that drive the console. */
export async function allowedActionsFor(ctx: AppContext, actor: Actor, reservations: readonly Reservation[]): Promise<Map<string, Record<ReservationAction, Decision>>> {
  const out = new Map<string, Record<ReservationAction, Decision>>();
  // Effective access (explicit role assignments, subscription access, AOBO) from the one place that computes it.
  const facts = await accessFacts(ctx.store.db, actor, reservations.map(targetOf));
  reservations.forEach((r, i) => {
    const f = facts[i];
    if (f) out.set(r.id, reservationActions(actor, f));
  });
  return out;
}
