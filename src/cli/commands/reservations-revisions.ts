import { reservationPathOf } from '../admin-cli.ts';
import type { Collection, Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { formatDate, printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

interface Revision { revision: number; recordedAt: string; change: string; reservation: Reservation }

/** `resdesk reservations revisions <ref>`: every revision, newest first. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'reservations revisions', positionals: ['reservationOrderId>/<reservationId'] });
  const { path } = reservationPathOf('reservations revisions', args.positional(0));
  const res = await signedInClient(io).get<Collection<Revision>>(`${path}/revisions`);
  if (args.json) {
    printJson(io, res);
    return 0;
  }
  io.out(table(res.items, [
    { header: 'rev', value: (r) => r.revision, align: 'right' },
    { header: 'recorded', value: (r) => formatDate(r.recordedAt) },
    { header: 'state', value: (r) => r.reservation.properties.provisioningState },
    { header: 'qty', value: (r) => r.reservation.properties.quantity, align: 'right' },
    { header: 'change', value: (r) => r.change },
  ]).join('\n'));
  return 0;
}
