import { reservationPathOf } from '../admin-cli.ts';
import type { Collection } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

interface Verdict { scope: string; kind: string; displayName?: string; valid: boolean; reason?: string }

/** `resdesk reservations scopes <ref>`: every scope of the customer, whether the reservation can use it, and why not. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'reservations scopes', positionals: ['reservationOrderId>/<reservationId'] });
  const { path } = reservationPathOf('reservations scopes', args.positional(0));
  const res = await signedInClient(io).get<Collection<Verdict>>(`${path}/availableScopes`);
  if (args.json) {
    printJson(io, res);
    return 0;
  }
  io.out(table(res.items, [
    { header: 'kind', value: (v) => v.kind },
    { header: 'scope', value: (v) => v.scope },
    { header: 'name', value: (v) => v.displayName ?? '' },
    { header: 'valid', value: (v) => (v.valid ? 'yes' : 'no') },
    { header: 'reason', value: (v) => v.reason ?? '' },
  ]).join('\n'));
  return 0;
}
