import { ApiClient } from '../api-client.ts';
import { parseCommandArgs } from '../args.ts';
import { deleteCredentials, readCredentials } from '../credentials.ts';
import { ApiError, CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';

/**
 * `resdesk logout`: revokes the token on the server, then forgets it. The local file is deleted
 * even when the server cannot be reached (the failure is then reported); a token the server
 * already refuses counts as revoked.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'logout' });
  const creds = readCredentials(io.env);
  if (!creds) {
    if (args.json) printJson(io, { signedOut: false, reason: 'not signed in' });
    else io.out('Not signed in.');
    return 0;
  }
  let failure: Error | undefined;
  try {
    await new ApiClient({ server: creds.server, token: creds.token, ca: creds.ca }).post('/v1/auth/revoke');
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) failure = err as Error;
  }
  deleteCredentials(io.env);
  if (failure) throw new CliError(`forgot the token, but the server did not revoke it: ${failure.message}`);
  if (args.json) printJson(io, { signedOut: true, server: creds.server, email: creds.email });
  else io.out(`Signed out of ${creds.server} (${creds.email}).`);
  return 0;
}
