import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import { threadLines } from '../support-view.ts';

/** `resdesk requests message <id> <text>`: POST /v1/supportRequests/{id}/messages. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'requests message',
    positionals: ['requestId', 'text'],
    options: { 'await-partner': { type: 'boolean' } },
  });
  const text = args.positional(1);
  if (!text.trim()) throw new UsageError('requests message: the message is empty');
  const id = encodeURIComponent(args.positional(0).trim());
  const body = { body: text, ...(args.flag('await-partner') ? { awaitPartner: true } : {}) };
  const request = (await signedInClient(io).post<SupportRequest>(`/v1/supportRequests/${id}/messages`, body)).body;
  if (args.json) {
    printJson(io, request);
    return 0;
  }
  io.out(`Message added to support request ${request.number}; it is ${request.status}.`);
  io.out(threadLines(request).join('\n'));
  return 0;
}
