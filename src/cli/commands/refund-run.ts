import { randomUUID } from 'node:crypto';
import type { RefundQuote, ReturnOutcome } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { confirmOrStop, mustAsk, reservationArg } from '../money-args.ts';
import { money, policyRefusal, refundQuoteLines, returnOutcomeLines } from '../money-view.ts';
import { plural, printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/**
 * `resdesk refund run <orderId>/<reservationId> --quantity N`: quotes (unless --session names a
 * quote), refuses a quote with policy errors, asks on a terminal unless --yes, then POST /v1/refunds
 * under an Idempotency-Key.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'refund run',
    positionals: ['reservationOrderId>/<reservationId'],
    options: {
      quantity: { type: 'string' }, reason: { type: 'string' }, session: { type: 'string' },
      yes: { type: 'boolean', short: 'y' }, 'idempotency-key': { type: 'string' },
    },
  });
  const target = reservationArg(args.command, args.positional(0));
  args.requireAll(['quantity']);
  const quantity = args.int('quantity', 1, 10_000)!;
  const given = args.string('session');
  if (given !== undefined && !given.trim()) throw new UsageError('refund run: --session is empty');
  const reason = args.string('reason');
  const ask = mustAsk(args, io);
  const idempotencyKey = args.string('idempotency-key') ?? randomUUID();
  const client = signedInClient(io);
  const ref = `${target.reservationOrderId}/${target.reservationId}`;

  let quote: RefundQuote | undefined;
  let sessionId = given?.trim();
  if (sessionId === undefined) {
    quote = (await client.post<RefundQuote>('/v1/refunds/quote', { ...target, quantity })).body;
    if (quote.policyErrors.length) throw policyRefusal(args.command, 'returned', quote.policyErrors);
    sessionId = quote.sessionId;
    if (!args.json) io.out(`${refundQuoteLines(quote).join('\n')}\n`);
  }
  if (ask) {
    const question = quote
      ? `Return ${plural(quantity, 'unit')} of ${ref} for a net refund of ${money(quote.quote.netRefund)}?`
      : `Execute refund quote ${sessionId}, returning ${plural(quantity, 'unit')} of ${ref}?`;
    await confirmOrStop(io, args.command, question, 'returned');
  }
  const body = { sessionId, ...target, quantity, ...(reason !== undefined ? { returnReason: reason } : {}) };
  const outcome = (await client.post<ReturnOutcome>('/v1/refunds', body, { 'Idempotency-Key': idempotencyKey })).body;
  if (args.json) {
    printJson(io, { ...outcome, sessionId, idempotencyKey });
    return 0;
  }
  io.out(returnOutcomeLines(outcome, [['Session', sessionId], ['Idempotency key', idempotencyKey]]).join('\n'));
  return 0;
}
