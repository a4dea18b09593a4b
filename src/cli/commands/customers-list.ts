import type { Collection, Customer } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { pageFooter, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk customers list`: GET /v1/customers. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'customers list',
    options: { search: { type: 'string' }, size: { type: 'string' }, offset: { type: 'string' } },
  });
  const size = args.int('size', 1, 500);
  const offset = args.int('offset', 0, 10_000_000) ?? 0;
  const page = await signedInClient(io).get<Collection<Customer>>('/v1/customers', { search: args.string('search'), size, offset });
  if (args.json) {
    printJson(io, { totalCount: page.totalCount, items: page.items });
    return 0;
  }
  if (page.items.length) {
    io.out(table(page.items, [
      { header: 'id', value: (c) => c.id },
      { header: 'company', value: (c) => c.companyProfile.companyName },
      { header: 'domain', value: (c) => c.companyProfile.domain },
      { header: 'country', value: (c) => c.companyProfile.country },
      { header: 'via', value: (c) => (c.resellerId ? 'reseller' : 'direct') },
    ]).join('\n'));
  }
  io.out(pageFooter(offset, page.items.length, page.totalCount, 'customer', '--offset and --size'));
  return 0;
}
