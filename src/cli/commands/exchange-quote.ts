import type { ExchangeQuote } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { EXCHANGE_NAMES, exchangeFromArgs, exchangeOptions } from '../money-args.ts';
import { exchangeQuoteLines } from '../money-view.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/**
 * `resdesk exchange quote --return … --buy … --subscription S`: POST /v1/exchanges/quote. A quote
 * with policy errors is still a quote (exit 0) that lists them; `exchange run` refuses it.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'exchange quote', options: exchangeOptions(EXCHANGE_NAMES) });
  const body = exchangeFromArgs(args, EXCHANGE_NAMES);
  const quote = (await signedInClient(io).post<ExchangeQuote>('/v1/exchanges/quote', body)).body;
  if (args.json) printJson(io, quote);
  else io.out(exchangeQuoteLines(quote).join('\n'));
  return 0;
}
