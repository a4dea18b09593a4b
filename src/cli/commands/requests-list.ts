import { SEVERITIES, SUPPORT_STATUSES } from '../../domain/support-request.ts';
import type { Collection, SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { pageFooter, printJson } from '../output.ts';
import { parseReservationRef } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';
import { requestTable } from '../support-view.ts';

/** `resdesk requests list`: GET /v1/supportRequests with its filters, soonest due first. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'requests list',
    options: {
      status: { type: 'string' }, severity: { type: 'string' }, customer: { type: 'string' }, reservation: { type: 'string' },
      overdue: { type: 'boolean' }, size: { type: 'string' }, offset: { type: 'string' },
    },
  });
  const reservation = args.string('reservation')?.trim();
  const query = {
    status: args.oneOf('status', SUPPORT_STATUSES),
    severity: args.oneOf('severity', SEVERITIES),
    customerId: args.string('customer')?.trim(),
    // The API filters on the reservation id; the order id of <orderId>/<reservationId> is not needed.
    reservationId: reservation === undefined ? undefined : (parseReservationRef(reservation)?.reservationId ?? reservation),
    overdue: args.flag('overdue') ? 'true' : undefined,
    size: args.int('size', 1, 200),
    offset: args.int('offset', 0, 1_000_000) ?? 0,
  };
  const page = await signedInClient(io).get<Collection<SupportRequest>>('/v1/supportRequests', query);
  if (args.json) {
    printJson(io, { totalCount: page.totalCount, items: page.items });
    return 0;
  }
  if (page.items.length) io.out(requestTable(page.items).join('\n'));
  io.out(pageFooter(query.offset, page.items.length, page.totalCount, 'support request', '--offset and --size'));
  return 0;
}
