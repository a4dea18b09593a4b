import { utcDate } from '../domain/dates.ts';
import { recordAudit } from '../services/audit.ts';
import { inTransaction, type AppContext } from '../services/context.ts';
import { addStatementLine } from '../store/money-queries.ts';

/**
 * Monthly plans: every `Scheduled` instalment whose due date has come is charged — status
 * `Succeeded`, the payment date set, a statement line in the month of the charge. Each charge is a
 * conditional update in its own transaction, so an instalment is charged once even if two runs met.
 */
export async function runPaymentsJob(ctx: AppContext): Promise<Record<string, number>> {
  const now = ctx.clock.now();
  const today = utcDate(now);
  let charged = 0;
  for (;;) {
    const due = await ctx.store.db.selectFrom('payments')
      .innerJoin('reservation_orders', 'reservation_orders.id', 'payments.order_id')
      .select(['payments.order_id', 'payments.sequence', 'payments.due_date', 'payments.currency', 'payments.amount_minor',
        'reservation_orders.partner_id', 'reservation_orders.customer_id', 'reservation_orders.display_name', 'reservation_orders.term'])
      .where('payments.status', '=', 'Scheduled').where('payments.due_date', '<=', today)
      .orderBy('payments.due_date').orderBy('payments.order_id').orderBy('payments.sequence')
      .limit(200).execute();
    if (due.length === 0) break;
    for (const p of due) {
      await inTransaction(ctx, async (db) => {
        const res = await db.updateTable('payments').set({ status: 'Succeeded', payment_date: today })
          .where('order_id', '=', p.order_id).where('sequence', '=', p.sequence).where('status', '=', 'Scheduled').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) return;
        await addStatementLine(db, { partnerId: p.partner_id, customerId: p.customer_id, transactionId: p.order_id, at: now }, {
          currency: p.currency, amountMinor: p.amount_minor, kind: 'purchase',
          description: `${p.display_name}, ${p.term} Monthly, instalment ${p.sequence} due ${p.due_date}`,
          reservationOrderId: p.order_id,
        });
        await recordAudit(db, null, now, {
          action: 'payment.charge', targetType: 'reservationOrder', targetId: p.order_id, partnerId: p.partner_id, customerId: p.customer_id,
          after: { sequence: p.sequence, dueDate: p.due_date, paymentDate: today, currency: p.currency, amountMinor: p.amount_minor, status: 'Succeeded' },
        });
        charged += 1;
      });
    }
    if (due.length < 200) break;
  }
  return { charged };
}
