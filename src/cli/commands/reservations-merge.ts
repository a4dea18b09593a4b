import { reservationPathOf } from '../admin-cli.ts';
import type { Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { reservationTable } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

/** `resdesk reservations merge <ref> <ref> [...]`: like reservations of one order into one. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'reservations merge', positionals: ['reservation', 'reservation'], variadic: true });
  const refs = args.positionals.map((p) => reservationPathOf('reservations merge', p));
  const orders = new Set(refs.map((r) => r.orderId.toLowerCase()));
  if (orders.size !== 1) throw new UsageError('reservations merge: the reservations must belong to one reservation order');
  const res = await signedInClient(io).post<{ destination: Reservation; sources: Reservation[] }>(
    `/v1/reservationOrders/${encodeURIComponent(refs[0]!.orderId)}/merge`, { sources: refs.map((r) => r.reservationId) },
  );
  if (args.json) printJson(io, res.body);
  else io.out(reservationTable([res.body.destination, ...res.body.sources]).join('\n'));
  return 0;
}
