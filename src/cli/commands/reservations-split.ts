import { reservationPathOf } from '../admin-cli.ts';
import type { Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { reservationTable } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

/** `resdesk reservations split <ref> --quantities 2,3`: the parts must add up to the reservation's quantity. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'reservations split', positionals: ['reservationOrderId>/<reservationId'], options: { quantities: { type: 'string' } } });
  const { path } = reservationPathOf('reservations split', args.positional(0));
  const text = args.required('quantities');
  const quantities = text.split(',').map((q) => q.trim());
  if (quantities.length < 2 || quantities.some((q) => !/^\d+$/.test(q) || Number(q) < 1)) {
    throw new UsageError(`reservations split: --quantities takes two or more whole numbers separated by commas, got "${text}"`);
  }
  const res = await signedInClient(io).post<{ source: Reservation; destinations: Reservation[] }>(`${path}/split`, { quantities: quantities.map(Number) });
  if (args.json) printJson(io, res.body);
  else io.out([...reservationTable([...res.body.destinations, res.body.source])].join('\n'));
  return 0;
}
