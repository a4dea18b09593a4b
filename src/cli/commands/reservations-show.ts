import { AZURE_API_VERSION } from '../api-client.ts';
import type { Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { parseReservationRef, reservationDetails } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

/** `resdesk reservations show <orderId>/<reservationId>`: one reservation from the Azure door. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'reservations show', positionals: ['reservationOrderId>/<reservationId'] });
  const ref = parseReservationRef(args.positional(0));
  if (!ref) {
    throw new UsageError(`reservations show: "${args.positional(0)}" is neither <reservationOrderId>/<reservationId> nor a reservation resource id`);
  }
  const path = `/providers/Microsoft.Capacity/reservationOrders/${encodeURIComponent(ref.orderId)}/reservations/${encodeURIComponent(ref.reservationId)}`;
  const reservation = await signedInClient(io).get<Reservation>(path, { 'api-version': AZURE_API_VERSION });
  if (args.json) printJson(io, reservation);
  else io.out(reservationDetails(reservation).join('\n'));
  return 0;
}
