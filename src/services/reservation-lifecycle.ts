import { badRequest, conflict } from '../domain/errors.ts';
import { newId, normalizeGuid } from '../domain/ids.ts';
import type { Actor } from '../domain/policy.ts';
import { displayStateOf, isActive, type Reservation } from '../domain/reservation.ts';
import { insertReservation, recordRevision } from '../store/reservation-queries.ts';
import { authorize, findVisibleReservation, targetOf } from './access-service.ts';
import { recordAudit } from './audit.ts';
import { inTransaction, type AppContext } from './context.ts';
import { writeReservation } from './reservation-update.ts';

/**
 * Split, merge, archive and unarchive (rules §2). None of them is commercial: no money moves, the
 * term and end date stay; split and merge cancel the renewal setting (rules §5).
 */

const RESERVATION_ID = /^\/providers\/Microsoft\.Capacity\/reservationOrders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})$/i;

/** A reservation named by its full resource id (or bare GUID), which must lie in the order of the URL. */
export function reservationInOrder(value: string, orderId: string, target: string): string {
  const text = value.trim();
  const m = RESERVATION_ID.exec(text);
  if (m) {
    if (normalizeGuid(m[1]!) !== normalizeGuid(orderId)) throw badRequest('InvalidReservationId', `Reservation ${text} is not in reservation order ${orderId}`, target);
    return normalizeGuid(m[2]!);
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return normalizeGuid(text);
  throw badRequest('InvalidReservationId', `"${value}" is not a reservation id of the form /providers/Microsoft.Capacity/reservationOrders/{orderId}/reservations/{reservationId}`, target);
}

function requireActive(r: Reservation, now: Date, what: string): void {
  if (!isActive(r, now) || r.archived) throw conflict('ReservationNotActive', `Only an active reservation can be ${what}; reservation ${r.id} is ${displayStateOf(r, now)}`, 'reservationId');
}

export async function splitReservation(ctx: AppContext, actor: Actor, orderId: string, reservationRef: string, quantities: number[]): Promise<{ source: Reservation; destinations: Reservation[] }> {
  const rid = reservationInOrder(reservationRef, orderId, 'properties.reservationId');
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const r = await findVisibleReservation(db, actor, orderId, rid, 'properties.reservationId');
    await authorize(db, actor, 'split', targetOf(r));
    requireActive(r, now, 'split');
    if (quantities.length < 2) throw badRequest('InvalidQuantities', 'A split names two or more quantities', 'properties.quantities');
    if (quantities.some((q) => !Number.isInteger(q) || q < 1)) throw badRequest('InvalidQuantities', 'Each quantity of a split is a whole number of at least 1', 'properties.quantities');
    const sum = quantities.reduce((a, b) => a + b, 0);
    if (sum !== r.quantity) throw badRequest('InvalidQuantities', `The quantities add up to ${sum}, but the reservation has ${r.quantity}`, 'properties.quantities');
    const destinations: Reservation[] = quantities.map((quantity, i) => ({
      ...r, id: newId(), quantity, displayName: `${r.displayName}_${i + 1}`.slice(0, 64), renew: false,
      splitSource: r.id, splitDestinations: [], mergeSources: [], mergeDestination: null, renewSource: null, renewDestination: null,
      lastUpdatedAt: at, etag: 1,
    }));
    const source: Reservation = { ...r, provisioningState: 'Split', renew: false, splitDestinations: destinations.map((d) => d.id), lastUpdatedAt: at, etag: r.etag + 1 };
    await writeReservation(db, r, source);
    await recordRevision(db, source, at, actor.userId, `Split into ${quantities.join(' + ')}`);
    for (const d of destinations) {
      await insertReservation(db, d);
      await recordRevision(db, d, at, actor.userId, `Split from ${r.id}`);
    }
    await recordAudit(db, actor, now, {
      action: 'reservation.split', targetType: 'reservation', targetId: r.id, partnerId: r.partnerId, customerId: r.customerId,
      before: { quantity: r.quantity, provisioningState: r.provisioningState, renew: r.renew },
      after: { provisioningState: 'Split', renew: false, destinations: destinations.map((d) => ({ id: d.id, quantity: d.quantity })) },
    });
    return { source, destinations };
  });
}

export async function mergeReservations(ctx: AppContext, actor: Actor, orderId: string, sourceRefs: string[]): Promise<{ destination: Reservation; sources: Reservation[] }> {
  const ids = sourceRefs.map((s, i) => reservationInOrder(s, orderId, `properties.sources.${i}`));
  if (ids.length < 2) throw badRequest('InvalidMergeSources', 'A merge names two or more reservations', 'properties.sources');
  if (new Set(ids).size !== ids.length) throw badRequest('InvalidMergeSources', 'A reservation is named twice', 'properties.sources');
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const sources: Reservation[] = [];
    for (const [i, id] of ids.entries()) {
      const r = await findVisibleReservation(db, actor, orderId, id, `properties.sources.${i}`);
      await authorize(db, actor, 'merge', targetOf(r));
      requireActive(r, now, 'merged');
      sources.push(r);
    }
    const first = sources[0]!;
    for (const [i, r] of sources.entries()) {
      if (r.resourceType !== first.resourceType || r.skuName !== first.skuName || r.location !== first.location || r.term !== first.term || r.billingPlan !== first.billingPlan || r.expiryAt !== first.expiryAt) {
        throw badRequest('IncompatibleMergeSources', `Reservation ${r.id} differs from ${first.id} in SKU, region, term, billing plan or end date; only like reservations merge`, `properties.sources.${i}`);
      }
    }
    const destination: Reservation = {
      ...first, id: newId(), quantity: sources.reduce((a, r) => a + r.quantity, 0), renew: false,
      splitSource: null, splitDestinations: [], mergeSources: sources.map((s) => s.id), mergeDestination: null, renewSource: null, renewDestination: null,
      lastUpdatedAt: at, etag: 1,
    };
    await insertReservation(db, destination);
    await recordRevision(db, destination, at, actor.userId, `Merged from ${sources.map((s) => s.id).join(', ')}`);
    const ended: Reservation[] = [];
    for (const r of sources) {
      const next: Reservation = { ...r, provisioningState: 'Merged', renew: false, mergeDestination: destination.id, lastUpdatedAt: at, etag: r.etag + 1 };
      await writeReservation(db, r, next);
      await recordRevision(db, next, at, actor.userId, `Merged into ${destination.id}`);
      ended.push(next);
    }
    await recordAudit(db, actor, now, {
      action: 'reservation.merge', targetType: 'reservation', targetId: destination.id, partnerId: first.partnerId, customerId: first.customerId,
      before: { sources: sources.map((s) => ({ id: s.id, quantity: s.quantity, renew: s.renew })) },
      after: { destination: destination.id, quantity: destination.quantity },
    });
    return { destination, sources: ended };
  });
}

/** Archive hides a finished reservation (Cancelled, Expired or Failed in the portal's terms); unarchive brings it back unchanged. */
export async function setArchived(ctx: AppContext, actor: Actor, orderId: string, reservationId: string, archived: boolean): Promise<Reservation> {
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const r = await findVisibleReservation(db, actor, orderId, reservationId);
    await authorize(db, actor, 'archive', targetOf(r));
    const state = displayStateOf(r, now);
    if (archived && !['Cancelled', 'Expired', 'Failed'].includes(state)) {
      throw conflict('ReservationNotArchivable', `Only cancelled, expired or failed reservations can be archived; reservation ${r.id} is ${state}`, 'reservationId');
    }
    if (r.archived === archived) throw conflict(archived ? 'ReservationAlreadyArchived' : 'ReservationNotArchived', `Reservation ${r.id} is ${archived ? 'already' : 'not'} archived`, 'reservationId');
    const next: Reservation = { ...r, archived, lastUpdatedAt: at, etag: r.etag + 1 };
    await writeReservation(db, r, next);
    await recordRevision(db, next, at, actor.userId, archived ? 'Archived' : 'Unarchived');
    await recordAudit(db, actor, now, {
      action: archived ? 'reservation.archive' : 'reservation.unarchive', targetType: 'reservation', targetId: r.id, partnerId: r.partnerId, customerId: r.customerId,
      before: { archived: r.archived }, after: { archived },
    });
    return next;
  });
}
