import { ApiClient } from './api-client.ts';
import { requireCredentials } from './credentials.ts';
import type { Io } from './io.ts';

/** A client for the server the user signed in to, with their token; fails when not signed in. */
export function signedInClient(io: Io): ApiClient {
  const creds = requireCredentials(io.env);
  return new ApiClient({ server: creds.server, token: creds.token, ca: creds.ca });
}
