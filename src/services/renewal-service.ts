import type { Actor } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';
import { reservationFromRow, reservationToRow } from '../store/reservation-rows.ts';
import { recordRevision } from '../store/reservation-queries.ts';
import { recordAudit } from './audit.ts';

/**
 * Rules §5: split, merge and transfer cancel the renewal setting. Call inside the transaction of
 * the split, merge or transfer, for every reservation it touches (sources and destinations); a
 * reservation that does not renew is left alone. The lifecycle job also sweeps split and merge
 * results that still renew, so the rule holds even where a caller forgot.
 */
export async function cancelRenewal(db: Db, reservationId: string, at: Date, reason: string, actor: Actor | null = null): Promise<boolean> {
  const row = await db.selectFrom('reservations').selectAll().where('id', '=', reservationId).where('renew', '=', 1).executeTakeFirst();
  if (!row) return false;
  const before = reservationFromRow(row);
  const after = { ...before, renew: false, lastUpdatedAt: at.toISOString(), etag: before.etag + 1 };
  const res = await db.updateTable('reservations').set(reservationToRow(after)).where('id', '=', reservationId).where('etag', '=', before.etag).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await recordRevision(db, after, at.toISOString(), actor?.userId ?? null, `Renewal cancelled: ${reason}`);
  await db.updateTable('renewal_plans').set({ status: 'Cancelled', reason, processed_at: at.toISOString() })
    .where('reservation_id', '=', reservationId).where('status', '=', 'Fixed').execute();
  await recordAudit(db, actor, at, {
    action: 'reservation.renewCancelled', targetType: 'reservation', targetId: reservationId,
    partnerId: before.partnerId, customerId: before.customerId, before: { renew: true }, after: { renew: false, reason },
  });
  return true;
}
