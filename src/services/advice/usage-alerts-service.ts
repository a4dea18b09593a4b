import { addDays, parseUtcDate, utcDate } from '../../domain/dates.ts';
import { newId } from '../../domain/ids.ts';
import type { MoneyPolicy } from '../../domain/policy-settings.ts';
import { daysNeeded, evaluateUsageAlerts, USAGE_ALERT_KINDS, type AlertVerdict, type UsageAlertKind } from '../../domain/usage-alerts.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction, type AppContext } from '../context.ts';
import { enqueueNotification } from '../notifications.ts';
import { moneyPolicyOf } from '../settings-service.ts';

const BATCH = 500;

interface ActiveReservation {
  id: string;
  order_id: string;
  partner_id: string;
  reseller_id: string | null;
  customer_id: string;
  display_name: string;
  benefit_start_at: string;
}

export interface UsageAlertSweep {
  evaluated: number;
  raised: number;
  cleared: number;
}

/**
 * One pass over every active reservation: raise the usage alerts whose condition holds and is not
 * open yet (with its notice, in the same transaction), close those whose condition cleared, and
 * close the alerts of reservations that are no longer active. Unknown verdicts change nothing.
 */
export async function sweepUsageAlerts(ctx: AppContext): Promise<UsageAlertSweep> {
  const now = ctx.clock.now();
  const today = utcDate(now);
  const policies = new Map<string, MoneyPolicy>();
  const out: UsageAlertSweep = { evaluated: 0, raised: 0, cleared: 0 };
  let after = '';
  for (;;) {
    const batch: ActiveReservation[] = await ctx.store.db.selectFrom('reservations')
      .select(['id', 'order_id', 'partner_id', 'reseller_id', 'customer_id', 'display_name', 'benefit_start_at'])
      .where('provisioning_state', '=', 'Succeeded').where('id', '>', after)
      .orderBy('id').limit(BATCH).execute();
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    for (const partnerId of new Set(batch.map((r) => r.partner_id))) {
      if (!policies.has(partnerId)) policies.set(partnerId, await moneyPolicyOf(ctx.store.db, partnerId));
    }
    const span = Math.max(...batch.map((r) => daysNeeded(policies.get(r.partner_id)!)));
    const ids = batch.map((r) => r.id);
    const rows = await ctx.store.db.selectFrom('utilization_daily').select(['reservation_id', 'usage_date', 'reserved_hours', 'used_hours'])
      .where('reservation_id', 'in', ids).where('usage_date', '>=', utcDate(addDays(parseUtcDate(today), -span))).where('usage_date', '<', today)
      .execute();
    const open = await ctx.store.db.selectFrom('usage_alerts').select(['reservation_id', 'kind'])
      .where('reservation_id', 'in', ids).where('cleared_at', 'is', null).execute();
    const openKeys = new Set(open.map((a) => `${a.reservation_id}|${a.kind}`));
    const daysOf = new Map<string, Array<{ usageDate: string; reservedHours: number; usedHours: number }>>();
    for (const r of rows) {
      let list = daysOf.get(r.reservation_id);
      if (!list) daysOf.set(r.reservation_id, (list = []));
      list.push({ usageDate: r.usage_date, reservedHours: Number(r.reserved_hours), usedHours: Number(r.used_hours) });
    }
    for (const r of batch) {
      out.evaluated += 1;
      const verdicts = evaluateUsageAlerts(daysOf.get(r.id) ?? [], r.benefit_start_at.slice(0, 10), today, policies.get(r.partner_id)!);
      for (const kind of USAGE_ALERT_KINDS) {
        const verdict = verdicts[kind];
        const isOpen = openKeys.has(`${r.id}|${kind}`);
        if (verdict.state === 'raised' && !isOpen && (await raise(ctx, r, kind, verdict, now))) out.raised += 1;
        if (verdict.state === 'clear' && isOpen) out.cleared += await clear(ctx.store.db, r.id, kind, now);
      }
    }
    if (batch.length < BATCH) break;
  }
  out.cleared += await closeInactive(ctx.store.db, now);
  return out;
}

/** Opens the alert and records its notice together; false when another run opened it first. */
async function raise(ctx: AppContext, r: ActiveReservation, kind: UsageAlertKind, verdict: Extract<AlertVerdict, { state: 'raised' }>, now: Date): Promise<boolean> {
  return inTransaction(ctx, async (db) => {
    const res = await db.insertInto('usage_alerts')
      .values({ id: newId(), reservation_id: r.id, kind, raised_at: now.toISOString(), cleared_at: null, details: JSON.stringify(verdict.details) })
      .onConflict((oc) => oc.columns(['reservation_id', 'kind']).where('cleared_at', 'is', null).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
    await enqueueNotification(db, {
      type: kind, at: now, partnerId: r.partner_id, resellerId: r.reseller_id, customerId: r.customer_id,
      targetType: 'reservation', targetId: r.id, title: titleOf(r.display_name, kind, verdict.details),
      data: { reservationOrderId: r.order_id, reservationId: r.id, ...verdict.details },
    });
    return true;
  });
}

function titleOf(name: string, kind: UsageAlertKind, d: Record<string, unknown>): string {
  return kind === 'lowUtilization'
    ? `Reservation "${name}" was ${String(d.utilizationPct)}% used from ${String(d.from)} to ${String(d.to)}, under the ${String(d.thresholdPct)}% threshold`
    : `Reservation "${name}" had no usage for ${String(d.days)} days (${String(d.from)} to ${String(d.to)})`;
}

async function clear(db: Db, reservationId: string, kind: UsageAlertKind, now: Date): Promise<number> {
  const res = await db.updateTable('usage_alerts').set({ cleared_at: now.toISOString() })
    .where('reservation_id', '=', reservationId).where('kind', '=', kind).where('cleared_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** A returned, exchanged, expired or merged reservation wastes nothing any more: its alerts close. */
async function closeInactive(db: Db, now: Date): Promise<number> {
  const res = await db.updateTable('usage_alerts').set({ cleared_at: now.toISOString() })
    .where('cleared_at', 'is', null)
    .where('reservation_id', 'not in', db.selectFrom('reservations').select('id').where('provisioning_state', '=', 'Succeeded'))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** The alerts of a reservation, newest first (for the advice view and tests). */
export async function alertsOf(db: Db, reservationId: string) {
  return db.selectFrom('usage_alerts').selectAll().where('reservation_id', '=', reservationId).orderBy('raised_at', 'desc').execute();
}
