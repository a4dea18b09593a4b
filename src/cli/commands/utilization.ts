import type { Collection } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { formatPrice, pageFooter, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** One row of GET /v1/portfolio/utilization. */
interface PortfolioRow {
  level: string;
  id: string;
  name: string;
  currencyCode: string;
  reservationCount: number;
  customerCount?: number;
  customerName?: string;
  skuName?: string;
  quantity?: number;
  reservedHours: number;
  usedHours: number;
  unusedHours: number;
  utilizationPercentage: number | null;
  unusedCommitment: { currencyCode: string; amount: number; amountMinor: number };
}

const LEVELS = ['reservation', 'customer', 'partner'] as const;

/** `resdesk utilization`: the portfolio's utilization and unused commitment, worst first (GET /v1/portfolio/utilization). */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'utilization',
    options: {
      customer: { type: 'string' }, level: { type: 'string' }, days: { type: 'string' }, currency: { type: 'string' },
      top: { type: 'string' }, size: { type: 'string' }, offset: { type: 'string' },
    },
  });
  const level = args.oneOf('level', LEVELS) ?? 'reservation';
  const days = args.string('days') ?? '30';
  if (days !== '7' && days !== '30') throw new UsageError('utilization: --days must be 7 or 30');
  const size = args.int('size', 1, 500) ?? 40;
  const offset = args.int('offset', 0, 10_000_000) ?? 0;
  const page = await signedInClient(io).get<Collection<PortfolioRow> & { window: { days: number; fromDate: string; toDate: string } }>('/v1/portfolio/utilization', {
    level, days, customerId: args.string('customer')?.trim(), currency: args.string('currency')?.toUpperCase(),
    top: args.int('top', 1, 100_000), size, offset,
  });
  if (args.json) {
    printJson(io, { window: page.window, totalCount: page.totalCount, items: page.items });
    return 0;
  }
  io.out(`Last ${page.window.days} days (${page.window.fromDate} to ${page.window.toDate}), worst first by unused commitment within each currency.`);
  if (page.items.length) {
    io.out(table(page.items, [
      { header: level, value: (r) => r.name },
      ...(level === 'reservation'
        ? [{ header: 'customer', value: (r: PortfolioRow) => r.customerName }, { header: 'sku', value: (r: PortfolioRow) => `${r.skuName} ×${r.quantity}` }]
        : [{ header: 'reservations', value: (r: PortfolioRow) => r.reservationCount, align: 'right' as const }]),
      { header: 'utilization', value: (r) => (r.utilizationPercentage === null ? '' : `${r.utilizationPercentage.toFixed(2)}%`), align: 'right' },
      { header: 'unused hours', value: (r) => r.unusedHours.toLocaleString('en-US', { maximumFractionDigits: 2 }), align: 'right' },
      { header: 'unused commitment', value: (r) => formatPrice(r.unusedCommitment), align: 'right' },
      { header: 'id', value: (r) => r.id },
    ]).join('\n'));
  }
  io.out(pageFooter(offset, page.items.length, page.totalCount, 'row', '--offset and --size'));
  return 0;
}
