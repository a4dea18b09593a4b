import type { RefundQuote } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { reservationArg } from '../money-args.ts';
import { refundQuoteLines } from '../money-view.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/**
 * `resdesk refund quote <orderId>/<reservationId> --quantity N`: POST /v1/refunds/quote. A quote
 * with policy errors is still a quote (exit 0) that lists them; `refund run` refuses it.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'refund quote',
    positionals: ['reservationOrderId>/<reservationId'],
    options: { quantity: { type: 'string' } },
  });
  const target = reservationArg(args.command, args.positional(0));
  args.requireAll(['quantity']);
  const quantity = args.int('quantity', 1, 10_000)!;
  const quote = (await signedInClient(io).post<RefundQuote>('/v1/refunds/quote', { ...target, quantity })).body;
  if (args.json) printJson(io, quote);
  else io.out(refundQuoteLines(quote).join('\n'));
  return 0;
}
