import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk requests close <id>` (the partner): POST /v1/supportRequests/{id}/close. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'requests close', positionals: ['requestId'] });
  const id = encodeURIComponent(args.positional(0).trim());
  const request = (await signedInClient(io).post<SupportRequest>(`/v1/supportRequests/${id}/close`)).body;
  if (args.json) printJson(io, request);
  else io.out(`Closed support request ${request.number}.`);
  return 0;
}
