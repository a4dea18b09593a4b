import { randomUUID } from 'node:crypto';
import type { ExchangeOutcome, ExchangeQuote } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { confirmOrStop, EXCHANGE_NAMES, exchangeFromArgs, exchangeOptions, hasExchangeOptions, mustAsk } from '../money-args.ts';
import { exchangeOutcomeLines, exchangeQuoteLines, money, policyRefusal } from '../money-view.ts';
import { plural, printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/**
 * `resdesk exchange run`: quotes the exchange the options describe (or takes the quote --session
 * names), refuses a quote with policy errors, asks on a terminal unless --yes, then POST
 * /v1/exchanges under an Idempotency-Key.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'exchange run',
    options: { ...exchangeOptions(EXCHANGE_NAMES), session: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, 'idempotency-key': { type: 'string' } },
  });
  const given = args.string('session');
  if (given !== undefined && hasExchangeOptions(args, EXCHANGE_NAMES)) {
    throw new UsageError('exchange run: give either --session or the exchange (--return, --buy, --subscription), not both');
  }
  if (given !== undefined && !given.trim()) throw new UsageError('exchange run: --session is empty');
  const body = given === undefined ? exchangeFromArgs(args, EXCHANGE_NAMES) : undefined;
  const ask = mustAsk(args, io);
  const idempotencyKey = args.string('idempotency-key') ?? randomUUID();
  const client = signedInClient(io);

  let quote: ExchangeQuote | undefined;
  let sessionId = given?.trim();
  if (body) {
    quote = (await client.post<ExchangeQuote>('/v1/exchanges/quote', body)).body;
    if (quote.quote.policyErrors.length) throw policyRefusal(args.command, 'exchanged', quote.quote.policyErrors);
    sessionId = quote.sessionId;
    if (!args.json) io.out(`${exchangeQuoteLines(quote).join('\n')}\n`);
  }
  if (ask) {
    const question = quote
      ? `Exchange ${plural(quote.returns.length, 'reservation')} for ${plural(quote.purchases.length, 'new one', 'new ones')}, net payable ${money(quote.quote.netPayable)}?`
      : `Execute exchange quote ${sessionId}?`;
    await confirmOrStop(io, args.command, question, 'exchanged');
  }
  const outcome = (await client.post<ExchangeOutcome>('/v1/exchanges', { sessionId }, { 'Idempotency-Key': idempotencyKey })).body;
  if (args.json) {
    printJson(io, { ...outcome, sessionId, idempotencyKey });
    return 0;
  }
  io.out(exchangeOutcomeLines(outcome, [['Session', sessionId], ['Idempotency key', idempotencyKey]]).join('\n'));
  return 0;
}
