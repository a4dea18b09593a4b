import { parseCommandArgs } from '../args.ts';
import { requireCredentials } from '../credentials.ts';
import type { Me } from '../api-types.ts';
import type { Io } from '../io.ts';
import { details, formatDate, printJson } from '../output.ts';
import { signedInClient } from '../session.ts';


/** `resdesk whoami`: the signed-in user as the server sees them (GET /v1/me). */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'whoami' });
  const creds = requireCredentials(io.env);
  const me = await signedInClient(io).get<Me>('/v1/me');
  if (args.json) {
    printJson(io, { server: creds.server, expiresAt: creds.expiresAt, ...me });
    return 0;
  }
  io.out(details([
    ['User', me.name],
    ['Server', creds.server],
    ['Tenant', me.tenantType],
    ['Partner', me.partner ? `${me.partner.name} (${me.partner.type}, bills in ${me.partner.billingCurrency})` : undefined],
    ['Customer', me.customerId],
    ['Roles', me.roles.join(', ')],
    ['Token valid until', formatDate(creds.expiresAt)],
  ]).join('\n'));
  return 0;
}
