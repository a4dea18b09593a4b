import type { Customer, SubscriptionCollection } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { details, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk customers show <id>`: the customer and its subscriptions. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'customers show', positionals: ['customerId'] });
  const id = encodeURIComponent(args.positional(0).trim());
  const client = signedInClient(io);
  const [customer, subs] = await Promise.all([
    client.get<Customer>(`/v1/customers/${id}`),
    client.get<SubscriptionCollection>(`/v1/customers/${id}/subscriptions`),
  ]);
  if (args.json) {
    printJson(io, { ...customer, subscriptions: subs.items, managementGroups: subs.managementGroups });
    return 0;
  }
  io.out(details([
    ['Customer', customer.companyProfile.companyName],
    ['Id', customer.id],
    ['Domain', customer.companyProfile.domain],
    ['Country', customer.companyProfile.country],
    ['Relationship', customer.resellerId ? `through reseller ${customer.resellerId}` : 'direct'],
    ['Customer may buy', customer.customerMayBuyReservations ? 'yes' : 'no'],
    ['Management groups', subs.managementGroups.map((m) => `${m.name} (${m.displayName})`).join(', ')],
  ]).join('\n'));
  io.out('');
  if (!subs.items.length) {
    io.out('No subscriptions.');
    return 0;
  }
  io.out(`Subscriptions (${subs.items.length}):`);
  io.out(table(subs.items, [
    { header: 'subscription id', value: (s) => s.id },
    { header: 'name', value: (s) => s.friendlyName },
    { header: 'status', value: (s) => s.status },
    { header: 'resource groups', value: (s) => s.resourceGroups.map((g) => `${g.name} (${g.location})`).join(', ') },
  ]).join('\n'));
  return 0;
}
