import { addDays, utcDate } from '../domain/dates.ts';
import type { AzureRoleName } from '../domain/azure-roles.ts';
import { accessGroundsOf, reservationActions, type AccessGround, type Actor, type Decision, type ReservationAction } from '../domain/policy.ts';
import { lookBackStart, summarize, type DailyUtilization, type UtilizationSummary } from '../domain/utilization.ts';
import { assignmentsOfPrincipals, principalIdsOf, principalsByIds } from '../store/access-queries.ts';
import { principalCandidates, type PrincipalCandidate } from '../store/principal-candidate-queries.ts';
import { utilizationSince } from '../store/reservation-queries.ts';
import { getCustomerById } from '../store/tenancy-queries.ts';
import { accessFacts, authorize, findVisibleReservation, targetOf } from './access-service.ts';
import type { AppContext } from './context.ts';

/**
 * What the console's reservation page needs beyond the reservation itself (issue 6): the daily
 * utilization behind the 1/7/30-day figures, the caller's effective access with its grounds, and
 * the principals a role can be given to. Each answers only for a reservation the caller can see.
 */

export interface DailyUtilizationDay {
  usageDate: string;
  /** null: no usage data for the day (nothing reserved or not yet reported), as opposed to 0 % used. */
  avgPct: number | null;
  minPct: number | null;
  maxPct: number | null;
  reservedHours: number;
  usedHours: number;
}

export interface ReservationUtilization {
  days: DailyUtilizationDay[];
  summary: UtilizationSummary | null;
}

/** The last `days` complete UTC days (ending yesterday), one entry per day, oldest first. */
export async function reservationUtilization(ctx: AppContext, actor: Actor, orderId: string, reservationId: string, days = 30): Promise<ReservationUtilization> {
  const r = await findVisibleReservation(ctx.store.db, actor, orderId, reservationId);
  const now = ctx.clock.now();
  // The summary always covers the 30-day look-back (its 7-day trend needs 14 days), whatever `days` shows.
  const since = lookBackStart(now, Math.max(days, 30));
  const rows = (await utilizationSince(ctx.store.db, [r.id], since)).get(r.id) ?? [];
  const byDate = new Map<string, DailyUtilization>(rows.map((d) => [d.usageDate, d]));
  const out: DailyUtilizationDay[] = [];
  for (let i = days; i >= 1; i--) {
    const date = utcDate(addDays(now, -i));
    const d = byDate.get(date);
    out.push(d
      ? { usageDate: date, avgPct: d.avgPct, minPct: d.minPct, maxPct: d.maxPct, reservedHours: d.reservedHours, usedHours: d.usedHours }
      : { usageDate: date, avgPct: null, minPct: null, maxPct: null, reservedHours: 0, usedHours: 0 });
  }
  return { days: out, summary: summarize(rows, now) };
}

export interface HeldRole {
  roleName: AzureRoleName;
  assignmentId: string;
  /** Where the assignment sits: on the reservation itself or on its order (inherited). */
  scope: 'reservation' | 'reservationOrder';
  /** Set when the role comes through a group the caller belongs to. */
  viaGroup?: { id: string; displayName: string };
}

export interface EffectiveAccess {
  actorKind: Actor['kind'];
  /** The caller's partner, provider or customer roles (not Azure roles). */
  roles: readonly string[];
  partnerType?: string;
  grounds: AccessGround[];
  hasSubscriptionAccess: boolean;
  heldRoles: HeldRole[];
  actions: Record<ReservationAction, Decision>;
}

export async function effectiveAccess(ctx: AppContext, actor: Actor, orderId: string, reservationId: string): Promise<EffectiveAccess> {
  const db = ctx.store.db;
  const r = await findVisibleReservation(db, actor, orderId, reservationId);
  const [facts] = await accessFacts(db, actor, [targetOf(r)]);
  const principalIds = actor.kind === 'provider' ? [] : await principalIdsOf(db, actor.userId);
  const held = (await assignmentsOfPrincipals(db, principalIds, [r.customerId]))
    .filter((a) => a.roleName !== 'Reservation Purchaser'
      && ((a.scopeType === 'reservation' && a.scopeId === r.id) || (a.scopeType === 'reservationOrder' && a.scopeId === r.orderId)));
  const groups = await principalsByIds(db, held.filter((a) => a.principalType === 'Group').map((a) => a.principalId));
  const heldRoles: HeldRole[] = held.map((a) => {
    const g = a.principalType === 'Group' ? groups.get(a.principalId) : undefined;
    return {
      roleName: a.roleName, assignmentId: a.id, scope: a.scopeType as HeldRole['scope'],
      ...(g ? { viaGroup: { id: g.id, displayName: g.displayName } } : {}),
    };
  });
  return {
    actorKind: actor.kind,
    roles: actor.roles,
    partnerType: actor.kind === 'partner' ? actor.partnerType : undefined,
    grounds: accessGroundsOf(actor, facts!),
    hasSubscriptionAccess: facts!.hasSubscriptionAccess ?? false,
    heldRoles,
    actions: reservationActions(actor, facts!),
  };
}

/** The principals a role on this reservation can be given to; only for callers who may manage its access. */
export async function assignablePrincipals(ctx: AppContext, actor: Actor, orderId: string, reservationId: string, search?: string): Promise<PrincipalCandidate[]> {
  const db = ctx.store.db;
  const r = await findVisibleReservation(db, actor, orderId, reservationId);
  await authorize(db, actor, 'manageAccess', targetOf(r));
  const customer = (await getCustomerById(db, r.customerId))!;
  const partnerIds = customer.resellerId ? [customer.partnerId, customer.resellerId] : [customer.partnerId];
  return principalCandidates(db, { customerId: customer.id, partnerIds }, search);
}
