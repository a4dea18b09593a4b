import { sql } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Actor } from '../domain/policy.ts';
import { policyDefaults } from '../domain/policy-values.ts';
import type { Reservation } from '../domain/reservation.ts';
import { recordAudit } from '../services/audit.ts';
import { inTransaction, type AppContext } from '../services/context.ts';
import { enqueueNotification } from '../services/notifications.ts';
import { purchaseWithin, type PurchaseInput } from '../services/purchase-service.ts';
import { cancelRenewal } from '../services/renewal-service.ts';
import { priceAt } from '../store/catalog-queries.ts';
import { lockRow, type Db } from '../store/database.ts';
import { recordRevision } from '../store/reservation-queries.ts';
import { reservationFromRow, reservationToRow } from '../store/reservation-rows.ts';
import { getPartner } from '../store/tenancy-queries.ts';

const BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * The life of a reservation on the injected clock (rules §5): the notice 30 days before expiry and
 * the renewal price fixed then; at the expiry instant the renewal (a new order linked both ways)
 * unless the price changed meanwhile, and `Succeeded` → `Expired` with its revision, audit entry
 * and notice. Every step is a conditional write, so nothing happens twice.
 */
export async function runLifecycleJob(ctx: AppContext): Promise<Record<string, number>> {
  const now = ctx.clock.now();
  const renewCancelled = await sweepSplitMergeRenewals(ctx, now);
  const expiringNotices = await noticeExpiring(ctx, now);
  const pricesFixed = await fixRenewalPrices(ctx, now);
  const renewal = await renewDue(ctx, now);
  const expired = await expireDue(ctx, now);
  return { renewCancelled, expiringNotices, pricesFixed, renewed: renewal.renewed, renewalsNotProcessed: renewal.notProcessed, expired };
}

/**
 * Split and merge cancel the renewal setting: originals that ended Split or Merged, and results of
 * a split or merge still renewing with no change since they were made (the creating revision only);
 * one whose renewal someone turned on again afterwards keeps it.
 */
async function sweepSplitMergeRenewals(ctx: AppContext, now: Date): Promise<number> {
  const rows = await ctx.store.db.selectFrom('reservations').select('id')
    .where('renew', '=', 1)
    .where((eb) => eb.or([
      eb('provisioning_state', 'in', ['Split', 'Merged']),
      eb.and([
        eb.or([eb('split_source', 'is not', null), eb('merge_sources', '!=', '[]')]),
        eb(eb.selectFrom('reservation_revisions').select((e) => e.fn.countAll().as('n')).whereRef('reservation_revisions.reservation_id', '=', 'reservations.id'), '<=', 1),
      ]),
    ])).limit(BATCH).execute();
  let n = 0;
  for (const r of rows) {
    if (await inTransaction(ctx, (db) => cancelRenewal(db, r.id, now, 'split or merge cancels the renewal setting'))) n += 1;
  }
  return n;
}

async function noticeExpiring(ctx: AppContext, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + policyDefaults.expiringWithinDays * DAY_MS).toISOString();
  let n = 0;
  for (;;) {
    const rows = await ctx.store.db.selectFrom('reservations')
      .leftJoin('expiry_notices as n', (j) => j.onRef('n.reservation_id', '=', 'reservations.id').on('n.kind', '=', 'expiring'))
      .selectAll('reservations')
      .where('reservations.provisioning_state', '=', 'Succeeded')
      .where('reservations.expiry_at', '>', now.toISOString()).where('reservations.expiry_at', '<=', horizon)
      .where('n.reservation_id', 'is', null)
      .limit(BATCH).execute();
    for (const row of rows) {
      const r = reservationFromRow(row);
      const sent = await inTransaction(ctx, async (db) => {
        if (!(await markNotice(db, r.id, 'expiring', now))) return false;
        await enqueueNotification(db, {
          type: 'expiring', at: now, partnerId: r.partnerId, resellerId: r.resellerId, customerId: r.customerId,
          targetType: 'reservation', targetId: r.id,
          title: `Reservation "${r.displayName}" expires on ${r.expiryAt.slice(0, 10)}${r.renew ? ' and will renew' : ''}`,
          data: { reservationOrderId: r.orderId, reservationId: r.id, expiryAt: r.expiryAt, renew: r.renew },
        });
        return true;
      });
      if (sent) n += 1;
    }
    if (rows.length < BATCH) return n;
  }
}

/** Inserts the once-only marker of a notice; false when it was already sent. */
async function markNotice(db: Db, reservationId: string, kind: string, at: Date): Promise<boolean> {
  const res = await db.insertInto('expiry_notices').values({ reservation_id: reservationId, kind, sent_at: at.toISOString() })
    .onConflict((oc) => oc.columns(['reservation_id', 'kind']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Rules §5: the renewal price is the catalog price 30 days before expiry (or when renewal is turned on inside the window). */
async function fixRenewalPrices(ctx: AppContext, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + 30 * DAY_MS).toISOString();
  let n = 0;
  for (;;) {
    const rows = await ctx.store.db.selectFrom('reservations')
      .leftJoin('renewal_plans as p', 'p.reservation_id', 'reservations.id')
      .selectAll('reservations')
      .where('reservations.provisioning_state', '=', 'Succeeded').where('reservations.renew', '=', 1)
      .where('reservations.renew_destination', 'is', null)
      .where('reservations.expiry_at', '>', now.toISOString()).where('reservations.expiry_at', '<=', horizon)
      .where('p.reservation_id', 'is', null)
      .limit(BATCH).execute();
    for (const row of rows) {
      if (await fixPrice(ctx.store.db, reservationFromRow(row), now)) n += 1;
    }
    if (rows.length < BATCH) return n;
  }
}

async function fixPrice(db: Db, r: Reservation, at: Date): Promise<boolean> {
  const currency = (await db.selectFrom('reservation_orders').select('currency').where('id', '=', r.orderId).executeTakeFirst())?.currency;
  if (!currency) return false;
  const price = await priceAt(db, { resourceType: r.resourceType, skuName: r.skuName, location: r.location, term: r.term, billingPlan: r.billingPlan, currency }, at.toISOString());
  const res = await db.insertInto('renewal_plans').values({
    reservation_id: r.id, fixed_at: at.toISOString(), price_id: price?.id ?? null, currency,
    // No price on sale: nothing to fix; the renewal will not be processed, and the plan says why.
    unit_price_minor: price?.amountMinor ?? -1, status: 'Fixed', reason: price ? null : 'No catalog price for the renewal',
    renewed_reservation_id: null, processed_at: null,
  }).onConflict((oc) => oc.column('reservation_id').doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Refusals of a renewal that are the data's, not the system's: recorded, and the reservation simply expires. */
class RenewalRefused extends Error {}

async function renewDue(ctx: AppContext, now: Date): Promise<{ renewed: number; notProcessed: number }> {
  let renewed = 0;
  let notProcessed = 0;
  const seen = new Set<string>();
  for (;;) {
    const rows = await ctx.store.db.selectFrom('reservations').selectAll()
      .where('provisioning_state', '=', 'Succeeded').where('renew', '=', 1).where('renew_destination', 'is', null)
      .where('expiry_at', '<=', now.toISOString())
      .orderBy('expiry_at').limit(BATCH).execute();
    const fresh = rows.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) return { renewed, notProcessed };
    for (const row of fresh) {
      seen.add(row.id);
      const outcome = await renewOne(ctx, reservationFromRow(row), now);
      if (outcome === 'renewed') renewed += 1;
      else if (outcome === 'notProcessed') notProcessed += 1;
    }
  }
}

async function renewOne(ctx: AppContext, source: Reservation, now: Date): Promise<'renewed' | 'notProcessed' | 'skipped'> {
  // The new term starts at the expiry instant, whenever the job gets to it, and is priced then.
  const at = new Date(source.expiryAt);
  const atExpiry: AppContext = { ...ctx, clock: { now: () => at } };
  try {
    return await inTransaction(ctx, async (db) => {
      await lockRow(db, ctx.store.engine, 'reservations', source.id);
      const row = await db.selectFrom('reservations').selectAll().where('id', '=', source.id)
        .where('provisioning_state', '=', 'Succeeded').where('renew', '=', 1).where('renew_destination', 'is', null).executeTakeFirst();
      if (!row) return 'skipped' as const;
      const r = reservationFromRow(row);
      const order = await db.selectFrom('reservation_orders').select(['currency']).where('id', '=', r.orderId).executeTakeFirstOrThrow();
      let plan = await db.selectFrom('renewal_plans').selectAll().where('reservation_id', '=', r.id).executeTakeFirst();
      if (!plan) {
        await fixPrice(db, r, now);
        plan = await db.selectFrom('renewal_plans').selectAll().where('reservation_id', '=', r.id).executeTakeFirstOrThrow();
      }
      const current = await priceAt(db, { resourceType: r.resourceType, skuName: r.skuName, location: r.location, term: r.term, billingPlan: r.billingPlan, currency: order.currency }, at.toISOString());
      if (plan.unit_price_minor < 0 || !current) throw new RenewalRefused(`No catalog price for ${r.skuName} in ${r.location}, ${r.term} ${r.billingPlan}`);
      if (current.amountMinor !== plan.unit_price_minor) {
        throw new RenewalRefused(`The price changed after it was fixed on ${plan.fixed_at.slice(0, 10)}: ${plan.currency} ${plan.unit_price_minor} then, ${order.currency} ${current.amountMinor} at expiry (minor units per unit)`);
      }
      const partner = await getPartner(db, r.partnerId);
      if (!partner) throw new RenewalRefused(`Partner ${r.partnerId} not found`);
      const actor: Actor = { kind: 'partner', userId: 'system:auto-renew', name: 'Auto-renewal (system)', partnerId: partner.id, partnerType: partner.type, roles: ['AdminAgent'] };
      const input: PurchaseInput = {
        skuName: r.skuName, location: r.location, reservedResourceType: r.resourceType, billingScopeId: r.billingScopeId,
        term: r.term, billingPlan: r.billingPlan, quantity: r.quantity, displayName: r.displayName,
        appliedScopeType: r.appliedScopeType, appliedScopes: r.appliedScopes, appliedScopeProperties: r.appliedScopeProperties ?? undefined,
        renew: true, ...(r.instanceFlexibility ? { instanceFlexibility: r.instanceFlexibility } : {}),
      };
      const bought = await purchaseWithin(atExpiry, db, actor, newId(), input);
      const dest = { ...bought.reservations[0]!, renewSource: r.id, etag: bought.reservations[0]!.etag + 1 };
      await db.updateTable('reservations').set(reservationToRow(dest)).where('id', '=', dest.id).execute();
      await recordRevision(db, dest, now.toISOString(), null, `Renewal of ${r.id}`);
      const renewedSource = { ...r, renewDestination: dest.id, lastUpdatedAt: now.toISOString(), etag: r.etag + 1 };
      await db.updateTable('reservations').set(reservationToRow(renewedSource)).where('id', '=', r.id).execute();
      await recordRevision(db, renewedSource, now.toISOString(), null, `Renewed as ${dest.id}`);
      await db.updateTable('renewal_plans').set({ status: 'Renewed', renewed_reservation_id: dest.id, processed_at: now.toISOString() }).where('reservation_id', '=', r.id).execute();
      await recordAudit(db, null, now, {
        action: 'reservation.renew', targetType: 'reservation', targetId: r.id, partnerId: r.partnerId, customerId: r.customerId,
        before: { renewDestination: null }, after: { renewDestination: dest.id, reservationOrderId: dest.orderId, unitPriceMinor: current.amountMinor, currency: order.currency },
      });
      await enqueueNotification(db, {
        type: 'renew', at: now, partnerId: r.partnerId, resellerId: r.resellerId, customerId: r.customerId, targetType: 'reservation', targetId: r.id,
        title: `Reservation "${r.displayName}" renewed`, data: { outcome: 'renewed', reservationId: r.id, renewDestination: dest.id, reservationOrderId: dest.orderId },
      });
      return 'renewed' as const;
    });
  } catch (err) {
    if (!(err instanceof RenewalRefused) && !(err instanceof DomainError)) throw err;
    const reason = err instanceof DomainError ? `${err.code}: ${err.message}` : err.message;
    await inTransaction(ctx, async (db) => {
      const res = await db.updateTable('renewal_plans').set({ status: 'NotProcessed', reason, processed_at: now.toISOString() })
        .where('reservation_id', '=', source.id).where('status', '=', 'Fixed').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        await db.insertInto('renewal_plans').values({
          reservation_id: source.id, fixed_at: now.toISOString(), price_id: null, currency: '', unit_price_minor: -1,
          status: 'NotProcessed', reason, renewed_reservation_id: null, processed_at: now.toISOString(),
        }).onConflict((oc) => oc.column('reservation_id').doNothing()).execute();
      }
      await recordAudit(db, null, now, { action: 'reservation.renewNotProcessed', targetType: 'reservation', targetId: source.id, partnerId: source.partnerId, customerId: source.customerId, after: { reason } });
      await enqueueNotification(db, {
        type: 'renew', at: now, partnerId: source.partnerId, resellerId: source.resellerId, customerId: source.customerId, targetType: 'reservation', targetId: source.id,
        title: `Reservation "${source.displayName}" was not renewed`, data: { outcome: 'notProcessed', reservationId: source.id, reason },
      });
    });
    return 'notProcessed';
  }
}

async function expireDue(ctx: AppContext, now: Date): Promise<number> {
  let n = 0;
  for (;;) {
    const rows = await ctx.store.db.selectFrom('reservations').selectAll()
      .where('provisioning_state', '=', 'Succeeded').where('expiry_at', '<=', now.toISOString())
      .orderBy('expiry_at').limit(BATCH).execute();
    if (rows.length === 0) return n;
    let moved = 0;
    for (const row of rows) {
      const r = reservationFromRow(row);
      const done = await inTransaction(ctx, async (db) => {
        const expired = { ...r, provisioningState: 'Expired' as const, lastUpdatedAt: now.toISOString(), etag: r.etag + 1 };
        const res = await db.updateTable('reservations').set(reservationToRow(expired))
          .where('id', '=', r.id).where('etag', '=', r.etag).where('provisioning_state', '=', 'Succeeded').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return false;
        await recordRevision(db, expired, now.toISOString(), null, 'Expired');
        const live = await db.selectFrom('reservations').select('id').where('order_id', '=', r.orderId).where('provisioning_state', '=', 'Succeeded').executeTakeFirst();
        if (!live) {
          await db.updateTable('reservation_orders').set({ provisioning_state: 'Expired', etag: sql<number>`etag + 1` })
            .where('id', '=', r.orderId).where('provisioning_state', '=', 'Succeeded').execute();
        }
        await recordAudit(db, null, now, {
          action: 'reservation.expire', targetType: 'reservation', targetId: r.id, partnerId: r.partnerId, customerId: r.customerId,
          before: { provisioningState: 'Succeeded' }, after: { provisioningState: 'Expired', expiryAt: r.expiryAt, renewDestination: r.renewDestination },
        });
        if (await markNotice(db, r.id, 'expired', now)) {
          await enqueueNotification(db, {
            type: 'expired', at: now, partnerId: r.partnerId, resellerId: r.resellerId, customerId: r.customerId, targetType: 'reservation', targetId: r.id,
            title: `Reservation "${r.displayName}" expired on ${r.expiryAt.slice(0, 10)}${r.renewDestination ? ' and was renewed' : ''}`,
            data: { reservationOrderId: r.orderId, reservationId: r.id, expiryAt: r.expiryAt, renewDestination: r.renewDestination },
          });
        }
        return true;
      });
      if (done) { n += 1; moved += 1; }
    }
    if (moved === 0) return n;
  }
}
