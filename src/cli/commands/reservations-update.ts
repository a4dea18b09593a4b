import { onOff, reservationPathOf } from '../admin-cli.ts';
import type { Reservation } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { reservationDetails } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';


/** `resdesk reservations update <ref>`: scope, display name, renewal, instance flexibility. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'reservations update',
    positionals: ['reservationOrderId>/<reservationId'],
    options: { name: { type: 'string' }, scope: { type: 'string' }, 'scope-id': { type: 'string' }, renew: { type: 'string' }, flexibility: { type: 'string' } },
  });
  const { path } = reservationPathOf('reservations update', args.positional(0));
  const scope = args.oneOf('scope', ['Shared', 'Single', 'ManagementGroup'] as const);
  const scopeId = args.string('scope-id');
  if (scopeId !== undefined && scope !== 'Single' && scope !== 'ManagementGroup') throw new UsageError('reservations update: --scope-id goes with --scope single or --scope managementgroup');
  if ((scope === 'Single' || scope === 'ManagementGroup') && !scopeId) throw new UsageError(`reservations update: --scope ${scope.toLowerCase()} needs --scope-id`);
  const body: Record<string, unknown> = {};
  if (args.string('name') !== undefined) body.displayName = args.string('name');
  if (scope === 'Shared') body.appliedScopeType = 'Shared';
  if (scope === 'Single') Object.assign(body, { appliedScopeType: 'Single', appliedScopes: [scopeId] });
  if (scope === 'ManagementGroup') Object.assign(body, { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: scopeId } });
  const renew = onOff(args, 'renew');
  if (renew !== undefined) body.renew = renew;
  const flex = args.oneOf('flexibility', ['On', 'Off'] as const);
  if (flex !== undefined) body.instanceFlexibility = flex;
  if (Object.keys(body).length === 0) throw new UsageError('reservations update: nothing to change; give --name, --scope, --renew or --flexibility');
  const res = await signedInClient(io).request<Reservation>('PATCH', path, { body });
  if (args.json) printJson(io, res.body);
  else io.out(reservationDetails(res.body).join('\n'));
  return 0;
}
