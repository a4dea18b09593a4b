import type { CatalogItem, Collection } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { formatPrice, pageFooter, printJson, table, type Column } from '../output.ts';
import { signedInClient } from '../session.ts';

const TERMS = ['P1Y', 'P3Y', 'P5Y'];

/** `resdesk catalog`: GET /v1/catalog/items, one row per SKU and region with a column per term and plan. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'catalog',
    options: { type: { type: 'string' }, location: { type: 'string' }, currency: { type: 'string' }, size: { type: 'string' }, offset: { type: 'string' } },
  });
  const size = args.int('size', 1, 1000);
  const offset = args.int('offset', 0, 1_000_000) ?? 0;
  const page = await signedInClient(io).get<Collection<CatalogItem>>('/v1/catalog/items', {
    reservedResourceType: args.string('type'), location: args.string('location'), currency: args.string('currency'), size, offset,
  });
  if (args.json) {
    printJson(io, { totalCount: page.totalCount, items: page.items });
    return 0;
  }
  if (page.items.length) {
    // One column per term some listed item is sold for; a plan is shown apart only when its price differs.
    const priceColumns: Column<CatalogItem>[] = TERMS
      .filter((term) => page.items.some((i) => i.prices[term]))
      .map((term): Column<CatalogItem> => ({ header: term, value: (i) => termPrice(i, term), align: 'right' }));
    io.out(table(page.items, [
      { header: 'offer id', value: (i) => i.id },
      { header: 'title', value: (i) => i.title },
      ...priceColumns,
      { header: 'monthly', value: (i) => (Object.values(i.billingPlans).some((plans) => plans.includes('Monthly')) ? 'yes' : 'no') },
    ]).join('\n'));
  }
  io.out(pageFooter(offset, page.items.length, page.totalCount, 'catalog item', '--offset and --size'));
  if (page.items.length) io.out('Prices are for one unit over the whole term.');
  return 0;
}

function termPrice(item: CatalogItem, term: string): string {
  const plans = Object.entries(item.prices[term] ?? {});
  if (!plans.length) return '';
  const texts = plans.map(([plan, price]) => [plan, formatPrice(price)] as const);
  if (texts.every(([, t]) => t === texts[0]![1])) return texts[0]![1];
  return texts.map(([plan, t]) => `${plan} ${t}`).join(', ');
}
