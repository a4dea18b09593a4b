import { randomUUID } from 'node:crypto';
import type { Order } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { details, formatDate, formatPrice, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

/**
 * `resdesk purchase`: one line item ordered through POST /v1/customers/{id}/orders, under an
 * Idempotency-Key (the one given, or a new one that is printed so the purchase can be retried).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'purchase',
    options: {
      customer: { type: 'string' }, subscription: { type: 'string' }, type: { type: 'string' }, sku: { type: 'string' },
      location: { type: 'string' }, term: { type: 'string' }, plan: { type: 'string' }, quantity: { type: 'string' },
      name: { type: 'string' }, scope: { type: 'string' }, 'idempotency-key': { type: 'string' },
    },
  });
  args.requireAll(['customer', 'subscription', 'type', 'sku', 'location', 'term', 'plan', 'quantity']);
  const customer = args.required('customer').trim();
  const subscriptionId = args.required('subscription').trim();
  const offerId = `${args.required('type').trim()}:${args.required('sku').trim()}:${args.required('location').trim()}`;
  const termDuration = args.oneOf('term', ['P1Y', 'P3Y', 'P5Y'] as const)!;
  const billingPlan = args.oneOf('plan', ['Upfront', 'Monthly'] as const)!;
  const quantity = args.int('quantity', 1, 10_000)!;
  const scope = args.oneOf('scope', ['shared', 'single'] as const) ?? 'shared';
  const name = args.string('name');
  const idempotencyKey = args.string('idempotency-key') ?? randomUUID();

  const body = {
    lineItems: [{
      offerId, quantity, termDuration, billingPlan,
      ...(name !== undefined ? { friendlyName: name } : {}),
      provisioningContext: { subscriptionId, scope },
    }],
  };
  const res = await signedInClient(io).post<Order>(`/v1/customers/${encodeURIComponent(customer)}/orders`, body, { 'Idempotency-Key': idempotencyKey });
  const order = res.body;
  const replayed = res.headers['idempotent-replayed'] === 'true';
  if (args.json) {
    printJson(io, { ...order, idempotencyKey, replayed });
    return 0;
  }
  io.out(replayed
    ? `Order ${order.id} was already placed with this idempotency key; nothing new was bought.`
    : `Bought: order ${order.id}, ${order.status}.`);
  io.out(details([
    ['Customer', order.referenceCustomerId],
    ['Date', formatDate(order.creationDate)],
    ['Total', formatPrice(order.totalPrice)],
    ['Idempotency key', idempotencyKey],
  ]).join('\n'));
  io.out('');
  io.out(table(order.lineItems, [
    { header: 'line', value: (l) => l.lineItemNumber, align: 'right' },
    { header: 'offer', value: (l) => l.offerId },
    { header: 'name', value: (l) => l.friendlyName },
    { header: 'qty', value: (l) => l.quantity, align: 'right' },
    { header: 'term', value: (l) => `${l.termDuration} ${l.billingPlan}` },
    { header: 'scope', value: (l) => l.provisioningContext.scope },
    { header: 'total', value: (l) => formatPrice(l.totalPrice), align: 'right' },
  ]).join('\n'));
  io.out('');
  io.out('Reservations (see them with resdesk reservations show <id>):');
  for (const l of order.lineItems) {
    for (const r of l.resourceIds.reservationIds) io.out(`  ${l.resourceIds.reservationOrderId}/${r}`);
  }
  return 0;
}
