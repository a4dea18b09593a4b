import type { ExchangeOutcome, ExchangeQuote, Money, PolicyError, RefundQuote, ReturnOutcome } from './api-types.ts';
import { CliError } from './errors.ts';
import { details, formatDate, formatPrice, plural, table } from './output.ts';

/** Refund, exchange and billing answers of the partner API as text. */

/** An ISO instant as "YYYY-MM-DD HH:MM UTC". */
export function formatInstant(value: string | undefined | null): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : `${formatDate(value)} ${d.toISOString().slice(11, 16)} UTC`;
}

export const money = (m: Money | undefined | null): string => formatPrice(m);

/** "none", or one "CODE: message" line per error, indented under a label. */
export function policyErrorLines(errors: readonly PolicyError[]): string[] {
  if (!errors.length) return ['Policy errors: none'];
  return [`Policy errors (${errors.length}):`, ...errors.map((e) => `  ${e.code}: ${e.message}`)];
}

/** The failure of a run whose quote has policy errors: one line naming every code. */
export function policyRefusal(command: string, what: string, errors: readonly PolicyError[]): CliError {
  return new CliError(`${command}: refused by policy, nothing was ${what}: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
}

export function refundQuoteLines(q: RefundQuote): string[] {
  const f = q.quote;
  const { reservationOrderId, reservationId, quantity } = q.target;
  return [
    `Refund quote for ${plural(quantity, 'unit')} of ${reservationOrderId}/${reservationId}`,
    ...details([
      ['Session', `${q.sessionId} (valid until ${formatInstant(q.expiresAt)})`],
      ['Customer', q.customerId],
      ['Remaining days', `${f.remainingDays} of ${f.termDays}`],
      ['Price basis', `${f.priceBasis} price, ${money(f.basisUnitPrice)} per unit`],
      ['Gross refund', money(f.grossRefund)],
      ['Early termination fee', money(f.fee)],
      ['Net refund', money(f.netRefund)],
      ['Cancelled commitment', money(f.cancelledCommitment)],
      ['Allowance before', `${money(q.allowanceBefore.remaining)} left of ${money(q.allowanceBefore.limit)}`],
      ['Allowance after', `${money(q.allowanceAfter.remaining)} left`],
      ['Exceeds allowance by', q.exceededBy.amountMinor > 0 ? money(q.exceededBy) : undefined],
    ]).map((l) => `  ${l}`),
    ...policyErrorLines(q.policyErrors),
  ];
}

type Pairs = ReadonlyArray<[string, string | number | undefined | null]>;

export function returnOutcomeLines(o: ReturnOutcome, extra: Pairs = []): string[] {
  return [
    `Returned ${plural(o.quantity, 'unit')} of ${o.reservationOrderId}/${o.returnedReservationId}.`,
    ...details([
      ['Transaction', o.transactionId],
      ['Credited', money(o.credited)],
      ['Early termination fee', o.quote.fee.amountMinor ? money(o.quote.fee) : undefined],
      ['Remaining units', o.remainderReservationId ? `${o.reservationOrderId}/${o.remainderReservationId}` : 'none; the reservation is cancelled'],
      ['Allowance left', `${money(o.allowance.remaining)} of ${money(o.allowance.limit)}`],
      ...extra,
    ]).map((l) => `  ${l}`),
  ];
}

export function exchangeQuoteLines(q: ExchangeQuote): string[] {
  const f = q.quote;
  return [
    `Exchange quote, session ${q.sessionId} (valid until ${formatInstant(q.expiresAt)})`,
    '',
    'Returned:',
    ...table(q.returns, [
      { header: 'reservation', value: (r) => `${r.reservationOrderId}/${r.reservationId}` },
      { header: 'qty', value: (r) => r.quantity, align: 'right' },
      { header: 'days left', value: (r) => `${r.refund.remainingDays}/${r.refund.termDays}`, align: 'right' },
      { header: 'refund', value: (r) => money(r.refund.grossRefund), align: 'right' },
      { header: 'remaining commitment', value: (r) => money(r.refund.remainingCommitment), align: 'right' },
    ]).map((l) => `  ${l}`),
    '',
    'Bought:',
    ...table(q.purchases, [
      { header: 'type', value: (p) => p.resourceType },
      { header: 'sku', value: (p) => p.skuName },
      { header: 'location', value: (p) => p.location },
      { header: 'qty', value: (p) => p.quantity, align: 'right' },
      { header: 'term', value: (p) => `${p.term} ${p.billingPlan}` },
      { header: 'total', value: (p) => money(p.total), align: 'right' },
    ]).map((l) => `  ${l}`),
    '',
    ...details([
      ['Refunds total', money(f.refundsTotal)],
      ['Purchases total', money(f.purchasesTotal)],
      ['Net payable', `${money(f.netPayable)}${f.netPayable.amountMinor < 0 ? ' (credited to the partner)' : ''}`],
      ['Remaining commitment', money(f.remainingCommitment)],
      ['New commitment', money(f.newCommitment)],
      ['Commitment shortfall', money(f.commitmentShortfall)],
      ['Exchange group', f.exchangeGroup ?? 'mixed'],
    ]),
    ...policyErrorLines(f.policyErrors),
  ];
}

export function exchangeOutcomeLines(o: ExchangeOutcome, extra: Pairs = []): string[] {
  return [
    `Exchanged: transaction ${o.transactionId}.`,
    '',
    'Returned:',
    ...table(o.returned, [
      { header: 'reservation', value: (r) => `${r.reservationOrderId}/${r.reservationId}` },
      { header: 'qty', value: (r) => r.quantity, align: 'right' },
      { header: 'refund', value: (r) => money(r.refund), align: 'right' },
      { header: 'remaining units', value: (r) => (r.remainderReservationId ? `${r.reservationOrderId}/${r.remainderReservationId}` : '') },
    ]).map((l) => `  ${l}`),
    '',
    'Bought (see them with resdesk reservations show <id>):',
    ...table(o.purchased, [
      { header: 'reservation', value: (p) => `${p.reservationOrderId}/${p.reservationId}` },
      { header: 'sku', value: (p) => p.input.skuName },
      { header: 'qty', value: (p) => p.input.quantity, align: 'right' },
      { header: 'term', value: (p) => `${p.input.term} ${p.input.billingPlan}` },
      { header: 'total', value: (p) => money(p.total), align: 'right' },
    ]).map((l) => `  ${l}`),
    '',
    ...details([
      ['Net payable', `${money(o.quote.netPayable)}${o.quote.netPayable.amountMinor < 0 ? ' (credited to the partner)' : ''}`],
      ...extra,
    ]),
  ];
}
