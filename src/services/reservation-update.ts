import { badRequest, conflict, DomainError, notFound } from '../domain/errors.ts';
import { normalizeGuid } from '../domain/ids.ts';
import { decideReservationAction, tenantScopeOf, type Actor, type ReservationAction } from '../domain/policy.ts';
import { isActive, type AppliedScopeProperties, type Reservation } from '../domain/reservation.ts';
import { setRenewProperties } from '../store/access-queries.ts';
import type { Db } from '../store/database.ts';
import { getOrder, recordRevision, reservationsOfOrders } from '../store/reservation-queries.ts';
import { reservationToRow } from '../store/reservation-rows.ts';
import { getCustomerById, getSubscription } from '../store/tenancy-queries.ts';
import { accessFacts, authorize, findVisibleReservation, targetOf } from './access-service.ts';
import { recordAudit } from './audit.ts';
import { enqueueNotification } from './notifications.ts';
import { inTransaction, type AppContext } from './context.ts';
import { resolveScopeFor } from './scope-check.ts';
import { subscriptionIdOf } from './scope-validation.ts';

/** Azure's Patch (reservation update) in engine terms; `name` is the display name. */
export interface ReservationPatch {
  appliedScopeType?: string;
  appliedScopes?: string[];
  appliedScopeProperties?: AppliedScopeProperties;
  name?: string;
  renew?: boolean;
  renewProperties?: { purchaseProperties?: unknown };
  instanceFlexibility?: 'On' | 'Off';
}

/** Which policy action each part of a patch is (instance flexibility changes where the discount applies, like scope). */
function actionsOf(p: ReservationPatch): ReservationAction[] {
  const out = new Set<ReservationAction>();
  if (p.appliedScopeType !== undefined || p.appliedScopes !== undefined || p.appliedScopeProperties !== undefined || p.instanceFlexibility !== undefined) out.add('updateScope');
  if (p.name !== undefined) out.add('rename');
  if (p.renew !== undefined || p.renewProperties !== undefined) out.add('renew');
  return [...out];
}

const pick = (r: Reservation) => ({
  appliedScopeType: r.appliedScopeType, appliedScopes: r.appliedScopes, appliedScopeProperties: r.appliedScopeProperties,
  displayName: r.displayName, renew: r.renew, instanceFlexibility: r.instanceFlexibility,
});

/**
 * Changes a reservation's configuration (rules §3, §5). A scope change is not commercial: no
 * money moves and the term stays. Every refused part refuses the whole patch, so nothing changes.
 */
export async function updateReservation(ctx: AppContext, actor: Actor, orderId: string, reservationId: string, patch: ReservationPatch, ifMatch?: string): Promise<Reservation> {
  const actions = actionsOf(patch);
  if (actions.length === 0) throw badRequest('EmptyPatch', 'The update names nothing to change; send appliedScopeType, appliedScopes, appliedScopeProperties, name, renew, renewProperties or instanceFlexibility', 'properties');
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const r = await findVisibleReservation(db, actor, orderId, reservationId);
    const [facts] = await accessFacts(db, actor, [targetOf(r)]);
    for (const action of actions) {
      const d = decideReservationAction(actor, action, facts!);
      if (!d.allowed) throw new DomainError(403, 'AuthorizationFailed', d.reason ?? `You may not ${action} this reservation.`);
    }
    if (ifMatch !== undefined && ifMatch.replace(/"/g, '').trim() !== '*' && ifMatch.replace(/"/g, '').trim() !== String(r.etag)) {
      throw new DomainError(412, 'PreconditionFailed', `The reservation changed meanwhile (etag ${r.etag}); read it again`);
    }
    if (!isActive(r, now) || r.archived) {
      const why = patch.renew ? 'An expired or inactive reservation cannot be renewed' : 'Only an active reservation can be changed';
      throw conflict('ReservationNotActive', `${why}; reservation ${r.id} is ${r.provisioningState}${r.archived ? ' (archived)' : ''}`, 'reservationId');
    }
    const next: Reservation = { ...r };
    if (actions.includes('updateScope') && (patch.appliedScopeType !== undefined || patch.appliedScopes !== undefined || patch.appliedScopeProperties !== undefined)) {
      const customer = (await getCustomerById(db, r.customerId))!;
      const type = patch.appliedScopeType
        ?? (patch.appliedScopeProperties?.managementGroupId ? 'ManagementGroup' : patch.appliedScopes?.length || patch.appliedScopeProperties ? 'Single' : r.appliedScopeType);
      const scope = await resolveScopeFor(db, actor, customer, { appliedScopeType: type, appliedScopes: patch.appliedScopes, appliedScopeProperties: patch.appliedScopeProperties });
      Object.assign(next, scope);
    }
    if (patch.instanceFlexibility !== undefined) {
      if (r.resourceType !== 'VirtualMachines') throw badRequest('InstanceFlexibilityNotSupported', `Instance size flexibility applies only to virtual machines; this is a ${r.resourceType} reservation`, 'properties.instanceFlexibility');
      next.instanceFlexibility = patch.instanceFlexibility;
    }
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      if (name.length < 1 || name.length > 64) throw badRequest('InvalidDisplayName', 'The display name has 1 to 64 characters', 'properties.name');
      next.displayName = name;
    }
    if (patch.renew !== undefined) next.renew = patch.renew;
    if (patch.renewProperties?.purchaseProperties !== undefined) await setRenewProperties(db, r.id, patch.renewProperties.purchaseProperties, at);
    next.lastUpdatedAt = at;
    next.etag = r.etag + 1;
    await writeReservation(db, r, next);
    const before = pick(r);
    const after = pick(next);
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await recordRevision(db, next, at, actor.userId, `Update: ${changed.length ? changed.join(', ') : 'no change'}${patch.renewProperties ? ' (renew properties)' : ''}`);
    await recordAudit(db, actor, now, {
      action: 'reservation.update', targetType: 'reservation', targetId: r.id, partnerId: r.partnerId, customerId: r.customerId,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), ...(patch.renewProperties ? { renewProperties: patch.renewProperties } : {}) },
    });
    const scopeChanged = changed.some((k) => String(k).startsWith('appliedScope'));
    if (scopeChanged || changed.includes('renew' as never)) {
      await enqueueNotification(db, {
        type: scopeChanged ? 'scopeChange' : 'renew', at: now, partnerId: r.partnerId, resellerId: r.resellerId, customerId: r.customerId,
        targetType: 'reservation', targetId: r.id,
        title: scopeChanged
          ? `Scope of reservation ${next.displayName} changed to ${next.appliedScopeType}${next.appliedScopes.length ? ` (${next.appliedScopes.join(', ')})` : ''}`
          : `Auto-renew of reservation ${next.displayName} turned ${next.renew ? 'on' : 'off'}`,
        data: { reservationOrderId: r.orderId, reservationId: r.id, changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
      });
    }
    return next;
  });
}

/** Writes a changed reservation if nobody changed it since it was read (optimistic, by etag). */
export async function writeReservation(db: Db, read: Reservation, next: Reservation): Promise<void> {
  const res = await db.updateTable('reservations').set(reservationToRow(next))
    .where('id', '=', read.id).where('etag', '=', read.etag).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('ConcurrentUpdate', `Reservation ${read.id} was changed meanwhile; read it again and retry`, 'reservationId');
}

/**
 * Links the order (and so each of its reservations) to another billing subscription of the same
 * customer; it must be active. Not commercial either: prices and payments stay.
 */
export async function changeBillingSubscription(ctx: AppContext, actor: Actor, orderId: string, billingScopeId: string) {
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const order = await getOrder(db, tenantScopeOf(actor), normalizeGuid(orderId));
    if (!order) throw notFound('ReservationOrderNotFound', `Reservation order ${orderId} was not found`);
    await authorize(db, actor, 'updateScope', { customerId: order.customerId, orderId: order.id });
    const subId = subscriptionIdOf(billingScopeId, 'billingScopeId');
    const sub = await getSubscription(db, subId);
    if (!sub || sub.customerId !== order.customerId) throw badRequest('InvalidBillingScope', `Subscription ${subId} is not one of this customer's subscriptions`, 'billingScopeId');
    if (sub.state !== 'Active') throw badRequest('SubscriptionNotActive', `Subscription ${subId} is ${sub.state}; only an active subscription can be billed`, 'billingScopeId');
    const id = `/subscriptions/${subId}`;
    const res = await db.updateTable('reservation_orders').set({ billing_scope_id: id, etag: order.etag + 1 })
      .where('id', '=', order.id).where('etag', '=', order.etag).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('ConcurrentUpdate', `Reservation order ${order.id} was changed meanwhile; retry`);
    const reservations = await reservationsOfOrders(db, [order.id]);
    for (const r of reservations) {
      const next: Reservation = { ...r, billingScopeId: id, lastUpdatedAt: at, etag: r.etag + 1 };
      await writeReservation(db, r, next);
      await recordRevision(db, next, at, actor.userId, `Billing subscription ${r.billingScopeId} → ${id}`);
    }
    await recordAudit(db, actor, now, {
      action: 'reservationOrder.billingSubscription', targetType: 'reservationOrder', targetId: order.id, partnerId: order.partnerId, customerId: order.customerId,
      before: { billingScopeId: order.billingScopeId }, after: { billingScopeId: id },
    });
    return { order: { ...order, billingScopeId: id, etag: order.etag + 1 }, reservations: await reservationsOfOrders(db, [order.id]) };
  });
}
