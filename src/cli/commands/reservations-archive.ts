import { reservationPathOf } from '../admin-cli.ts';
import type { Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { reservationDetails } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

/** Archive and unarchive share everything but the verb. */
export async function archiveCommand(verb: 'archive' | 'unarchive', argv: string[], io: Io): Promise<number> {
  const command = `reservations ${verb}`;
  const args = parseCommandArgs(argv, { command, positionals: ['reservationOrderId>/<reservationId'] });
  const { path } = reservationPathOf(command, args.positional(0));
  const res = await signedInClient(io).post<Reservation>(`${path}/${verb}`);
  if (args.json) printJson(io, res.body);
  else io.out(reservationDetails(res.body).join('\n'));
  return 0;
}

/** `resdesk reservations archive <ref>`: a cancelled, expired or failed reservation. */
export const run = (argv: string[], io: Io) => archiveCommand('archive', argv, io);
