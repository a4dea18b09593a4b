import { ACCESS_OPTIONS, accessBaseOf } from '../admin-cli.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import { assignmentTable, type AssignmentRow } from './access-list.ts';

/** `resdesk access add --order ID --role "Reservations Reader" --principal USER_OR_GROUP_ID`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'access add', options: { ...ACCESS_OPTIONS, role: { type: 'string' }, principal: { type: 'string' } } });
  args.requireAll(['role', 'principal']);
  const role = args.string('role')!.trim();
  const body = /roleDefinitions\/|^[0-9a-f-]{36}$/i.test(role) ? { roleDefinitionId: role } : { roleName: role };
  const res = await signedInClient(io).post<AssignmentRow>(`${accessBaseOf(args)}/roleAssignments`, { ...body, principalId: args.string('principal')!.trim() });
  if (args.json) printJson(io, res.body);
  else io.out(assignmentTable([res.body]).join('\n'));
  return 0;
}
