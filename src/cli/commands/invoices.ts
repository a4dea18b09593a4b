import type { Collection, Statement } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { money } from '../money-view.ts';
import { formatDate, plural, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk invoices [--period YYYY-MM]`: GET /v1/invoices, statements per month and currency. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'invoices', options: { period: { type: 'string' }, customer: { type: 'string' } } });
  const period = args.string('period')?.trim();
  if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError(`invoices: --period must be a month as YYYY-MM, got "${period}"`);
  const page = await signedInClient(io).get<Collection<Statement>>('/v1/invoices', { period, customerId: args.string('customer')?.trim() });
  if (args.json) {
    printJson(io, { totalCount: page.totalCount, items: page.items });
    return 0;
  }
  if (!page.items.length) {
    io.out(period ? `No statement for ${period}.` : 'No statements.');
    return 0;
  }
  const blocks = page.items.map((s) => [
    `Statement ${s.period} ${s.currency}: total ${money(s.total)}, ${plural(s.lines.length, 'line')}`,
    ...table(s.lines, [
      { header: 'date', value: (l) => formatDate(l.createdAt) },
      { header: 'kind', value: (l) => l.kind },
      { header: 'amount', value: (l) => money(l.amount), align: 'right' },
      { header: 'customer', value: (l) => l.customerId },
      { header: 'reservation', value: (l) => (l.reservationOrderId && l.reservationId ? `${l.reservationOrderId}/${l.reservationId}` : l.reservationId) },
      { header: 'transaction', value: (l) => l.transactionId },
      { header: 'description', value: (l) => l.description },
    ]).map((l) => `  ${l}`),
  ].join('\n'));
  io.out(blocks.join('\n\n'));
  return 0;
}
