import { ACCESS_OPTIONS, accessBaseOf } from '../admin-cli.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import type { AssignmentRow } from './access-list.ts';

/** `resdesk access remove <assignmentId> --order ID`: the last Owner of an order stays. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'access remove', positionals: ['assignmentId'], options: ACCESS_OPTIONS });
  const id = encodeURIComponent(args.positional(0).trim());
  const res = await signedInClient(io).request<AssignmentRow>('DELETE', `${accessBaseOf(args)}/roleAssignments/${id}`);
  if (args.json) printJson(io, res.body);
  else io.out(`Removed ${res.body.roleName} of ${res.body.principalDisplayName ?? res.body.principalId} (assignment ${res.body.id}).`);
  return 0;
}
