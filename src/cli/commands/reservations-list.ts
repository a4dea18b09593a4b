import { AZURE_API_VERSION, type ApiClient } from '../api-client.ts';
import type { AzureList, Collection, Reservation } from '../api-types.ts';
import { parseCommandArgs, type Args } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { plural, printJson } from '../output.ts';
import { reservationTable } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

const DEFAULT_SIZE = 100;

interface Listing {
  items: Reservation[];
  /** All matching reservations (partner API only). */
  totalCount?: number;
  summary?: Record<string, number>;
  /** Whether more reservations match than were listed. */
  more: boolean;
}

/**
 * `resdesk reservations list`: one customer's reservations from /v1 with --customer, otherwise
 * every reservation the caller can see from the Azure door, following pages up to --size.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'reservations list',
    options: {
      customer: { type: 'string' }, state: { type: 'string' }, type: { type: 'string' },
      'expiring-within': { type: 'string' }, filter: { type: 'string' }, size: { type: 'string' },
    },
  });
  const size = args.int('size', 1, 100_000) ?? DEFAULT_SIZE;
  const customer = args.string('customer');
  if (customer !== undefined && args.string('filter') !== undefined) {
    throw new UsageError('reservations list: --filter is for the list of all reservations; with --customer use --state, --type and --expiring-within');
  }
  if (customer === undefined && args.string('expiring-within') !== undefined) {
    throw new UsageError("reservations list: --expiring-within needs --customer; for all reservations use --filter \"properties/expiryDateTime le 'YYYY-MM-DD'\"");
  }
  const client = signedInClient(io);
  const listing = customer !== undefined ? await listOfCustomer(client, customer, args, size) : await listAll(client, args, size);
  if (args.json) {
    printJson(io, listing);
    return 0;
  }
  if (listing.items.length) io.out(reservationTable(listing.items).join('\n'));
  const count = listing.totalCount !== undefined && listing.totalCount !== listing.items.length
    ? `${plural(listing.items.length, 'reservation')} of ${listing.totalCount.toLocaleString('en-US')}`
    : plural(listing.items.length, 'reservation');
  io.out(`${count}${listing.more ? '; more match, raise --size to list them' : ''}.`);
  return 0;
}

async function listOfCustomer(client: ApiClient, customer: string, args: Args, size: number): Promise<Listing> {
  const path = `/v1/customers/${encodeURIComponent(customer.trim())}/reservations`;
  const query = { state: args.string('state'), type: args.string('type'), expiringWithinDays: args.int('expiring-within', 0, 3650) };
  const items: Reservation[] = [];
  let total = 0;
  do {
    const page = await client.get<Collection<Reservation>>(path, { ...query, size: Math.min(500, size - items.length), offset: items.length });
    items.push(...page.items);
    total = page.totalCount;
    if (!page.items.length) break;
  } while (items.length < size && items.length < total);
  return { totalCount: total, items, more: items.length < total };
}

async function listAll(client: ApiClient, args: Args, size: number): Promise<Listing> {
  const clauses = [args.string('filter'), args.string('type') ? `properties/reservedResourceType eq '${quote(args.string('type')!)}'` : undefined]
    .filter((c): c is string => Boolean(c && c.trim()));
  const query = {
    'api-version': AZURE_API_VERSION,
    $filter: clauses.length > 1 ? clauses.map((c) => `(${c})`).join(' and ') : clauses[0],
    selectedState: args.string('state'),
    take: Math.min(size, 1000),
  };
  const items: Reservation[] = [];
  let page = await client.get<AzureList<Reservation>>('/providers/Microsoft.Capacity/reservations', query);
  const summary = page.summary;
  items.push(...page.value);
  while (page.nextLink && items.length < size) {
    page = await client.get<AzureList<Reservation>>(page.nextLink);
    items.push(...page.value);
  }
  const more = items.length > size || Boolean(page.nextLink);
  return { items: items.slice(0, size), summary, more };
}

const quote = (value: string) => value.replace(/'/g, "''");
