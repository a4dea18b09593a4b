import { ACCESS_OPTIONS, accessBaseOf } from '../admin-cli.ts';
import type { Collection } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import type { Io } from '../io.ts';
import { printJson, table } from '../output.ts';
import { signedInClient } from '../session.ts';

export interface AssignmentRow {
  id: string; roleName: string; principalId: string; principalType: string;
  principalDisplayName?: string; principalEmail?: string; principalTenant?: string; scope: string; inherited: boolean;
}

export function assignmentTable(rows: readonly AssignmentRow[]): string[] {
  return table(rows, [
    { header: 'assignment', value: (a) => a.id },
    { header: 'role', value: (a) => a.roleName },
    { header: 'principal', value: (a) => `${a.principalDisplayName ?? a.principalId}${a.principalEmail ? ` <${a.principalEmail}>` : ''}` },
    { header: 'type', value: (a) => `${a.principalType}${a.principalTenant ? `, ${a.principalTenant}` : ''}` },
    { header: 'from', value: (a) => (a.inherited ? 'order' : 'here') },
  ]);
}

/** `resdesk access list --order ID | --reservation O/R | --subscription ID`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'access list', options: ACCESS_OPTIONS });
  const res = await signedInClient(io).get<Collection<AssignmentRow>>(`${accessBaseOf(args)}/roleAssignments`);
  if (args.json) printJson(io, res);
  else io.out(res.items.length ? assignmentTable(res.items).join('\n') : 'No role assignments.');
  return 0;
}
