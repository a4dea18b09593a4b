import type { Credits } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { money } from '../money-view.ts';
import { formatDate, pageFooter, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk credits`: GET /v1/credits, the balance per currency and the ledger, newest first. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'credits', options: { size: { type: 'string' }, offset: { type: 'string' } } });
  const size = args.int('size', 1, 500);
  const offset = args.int('offset', 0, 1_000_000) ?? 0;
  const page = await signedInClient(io).get<Credits>('/v1/credits', { size, offset });
  if (args.json) {
    printJson(io, { balances: page.balances, totalCount: page.totalCount, items: page.items });
    return 0;
  }
  io.out(`Balance: ${page.balances.length ? page.balances.map(money).join(', ') : 'none'}`);
  if (page.items.length) {
    io.out('');
    io.out(table(page.items, [
      { header: 'date', value: (e) => formatDate(e.createdAt) },
      { header: 'kind', value: (e) => e.kind },
      { header: 'amount', value: (e) => money(e.amount), align: 'right' },
      { header: 'transaction', value: (e) => e.transactionId },
      { header: 'description', value: (e) => e.description },
    ]).join('\n'));
  }
  io.out(pageFooter(offset, page.items.length, page.totalCount, 'ledger entry', '--offset and --size', 'ledger entries'));
  return 0;
}
