import type { RefundAllowance } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { money } from '../money-view.ts';
import { details, formatDate, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk allowance <customerId>`: GET /v1/customers/{id}/refundAllowance. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'allowance', positionals: ['customerId'] });
  const id = encodeURIComponent(args.positional(0).trim());
  const a = await signedInClient(io).get<RefundAllowance>(`/v1/customers/${id}/refundAllowance`);
  if (args.json) {
    printJson(io, a);
    return 0;
  }
  io.out(details([
    ['Limit', `${money(a.limit)} per ${a.windowDays} days`],
    ['Consumed', money(a.consumed)],
    ['Remaining', money(a.remaining)],
  ]).join('\n'));
  io.out('');
  if (!a.entries.length) {
    io.out('No returns count toward the allowance.');
    return 0;
  }
  io.out(table(a.entries, [
    { header: 'consumed', value: (e) => formatDate(e.consumedAt) },
    { header: 'amount', value: (e) => money(e.amount), align: 'right' },
    { header: 'released', value: (e) => formatDate(e.releasesAt) },
  ]).join('\n'));
  return 0;
}
