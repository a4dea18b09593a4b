import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import { requestLines } from '../support-view.ts';

/** `resdesk requests show <id>`: one support request with its description and message thread. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'requests show', positionals: ['requestId'] });
  const request = await signedInClient(io).get<SupportRequest>(`/v1/supportRequests/${encodeURIComponent(args.positional(0).trim())}`);
  if (args.json) {
    printJson(io, request);
    return 0;
  }
  io.out(requestLines(request).join('\n'));
  return 0;
}
