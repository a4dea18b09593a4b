import type { CurrencyCode } from '../domain/money.ts';
import type { CapEntry } from '../domain/refund-cap.ts';
import { newId } from '../domain/ids.ts';
import type { Db } from './database.ts';

export async function capEntriesOf(db: Db, customerId: string, now: Date): Promise<CapEntry[]> {
  const rows = await db.selectFrom('refund_cap_entries').selectAll()
    .where('customer_id', '=', customerId).where('releases_at', '>', now.toISOString())
    .orderBy('consumed_at').execute();
  return rows.map((r) => ({ amount: { currency: r.currency as CurrencyCode, minor: r.amount_minor }, consumedAt: r.consumed_at, releasesAt: r.releases_at }));
}

export interface LedgerWrite {
  partnerId: string;
  customerId: string;
  transactionId: string;
  at: Date;
}

export async function addCredit(db: Db, w: LedgerWrite, currency: string, amountMinor: number, kind: string, description: string): Promise<void> {
  await db.insertInto('credit_entries').values({
    id: newId(), partner_id: w.partnerId, customer_id: w.customerId, currency, amount_minor: amountMinor,
    kind, transaction_id: w.transactionId, description, created_at: w.at.toISOString(),
  }).execute();
}

/** A statement line: charges are positive, refunds negative, in the month the transaction happened. */
export async function addStatementLine(db: Db, w: LedgerWrite, line: { currency: string; amountMinor: number; kind: string; description: string; reservationOrderId?: string; reservationId?: string }): Promise<void> {
  await db.insertInto('statement_lines').values({
    id: newId(), partner_id: w.partnerId, customer_id: w.customerId, period: w.at.toISOString().slice(0, 7),
    currency: line.currency, amount_minor: line.amountMinor, kind: line.kind, transaction_id: w.transactionId,
    reservation_order_id: line.reservationOrderId ?? null, reservation_id: line.reservationId ?? null,
    description: line.description, created_at: w.at.toISOString(),
  }).execute();
}
