import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import { requestDetails } from '../support-view.ts';

/**
 * `resdesk requests approve <id>` (provider desk): POST /v1/supportRequests/{id}/approve. The
 * server answers 200 even when the policy now refuses the requested action (the request stays open
 * with the reason); that is a failure here, exit 1.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'requests approve', positionals: ['requestId'] });
  const id = encodeURIComponent(args.positional(0).trim());
  const request = (await signedInClient(io).post<SupportRequest>(`/v1/supportRequests/${id}/approve`)).body;
  if (request.status !== 'Resolved') {
    throw new CliError(`requests approve: not approved, nothing was executed; support request ${request.number} stays ${request.status}: ${request.statusReason ?? 'no reason given'}`);
  }
  if (args.json) {
    printJson(io, request);
    return 0;
  }
  io.out(`Approved support request ${request.number}${request.transactionId ? `; transaction ${request.transactionId}` : ''}.`);
  io.out(requestDetails(request).join('\n'));
  return 0;
}
