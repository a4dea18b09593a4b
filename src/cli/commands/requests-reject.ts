import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';

/** `resdesk requests reject <id> --reason R` (provider desk): POST /v1/supportRequests/{id}/reject. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'requests reject', positionals: ['requestId'], options: { reason: { type: 'string' } } });
  const reason = args.required('reason').trim();
  const id = encodeURIComponent(args.positional(0).trim());
  const request = (await signedInClient(io).post<SupportRequest>(`/v1/supportRequests/${id}/reject`, { reason })).body;
  if (args.json) printJson(io, request);
  else io.out(`Rejected support request ${request.number}: ${reason}`);
  return 0;
}
