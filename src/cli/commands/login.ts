import fs from 'node:fs';
import { ApiClient, parseServerUrl } from '../api-client.ts';
import { parseCommandArgs } from '../args.ts';
import { writeCredentials, type Credentials } from '../credentials.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Me } from '../api-types.ts';
import type { Io } from '../io.ts';
import { details, formatDate, printJson } from '../output.ts';
import { promptLine, promptSecret } from '../prompt.ts';

export const DEFAULT_SERVER = 'http://localhost:8080';

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}


/** `resdesk login`: exchanges e-mail and password for a token and keeps it in the config folder. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'login',
    options: { server: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' }, ca: { type: 'string' } },
  });
  const server = (args.string('server') ?? io.env.RESDESK_SERVER ?? DEFAULT_SERVER).replace(/\/+$/, '');
  parseServerUrl(server);
  const caFile = args.string('ca');
  const ca = caFile === undefined ? undefined : readCa(caFile);
  const email = args.string('email') ?? (io.stdinIsTTY ? (await promptLine(io, 'E-mail: ')).trim() : undefined);
  if (!email) throw new UsageError('login: --email is required');
  const password = args.string('password') ?? io.env.RESDESK_PASSWORD ?? (io.stdinIsTTY ? await promptSecret(io, 'Password: ') : undefined);
  if (password === undefined) {
    throw new UsageError('login: no password; pass --password, set RESDESK_PASSWORD, or run in a terminal to be asked');
  }
  if (password === '') throw new UsageError('login: the password is empty');

  const anonymous = new ApiClient({ server, ca });
  const issued = await anonymous.post<TokenAnswer>('/v1/auth/token', { email, password });
  const token = issued.body.access_token;
  const expiresAt = new Date(Date.now() + issued.body.expires_in * 1000).toISOString();
  const me = await new ApiClient({ server, ca, token }).get<Me>('/v1/me');
  const creds: Credentials = { server, token, email, expiresAt, ...(ca ? { ca } : {}) };
  const file = writeCredentials(io.env, creds);

  if (args.json) {
    printJson(io, { server, email, expiresAt, credentialsFile: file, me });
    return 0;
  }
  io.out(`Signed in to ${server} as ${me.name}.`);
  io.out(details([
    ['  Tenant', me.partner ? `${me.partner.name} (${me.tenantType})` : me.tenantType],
    ['  Roles', me.roles.join(', ')],
    ['  Token valid until', `${formatDate(expiresAt)} ${expiresAt.slice(11, 16)} UTC`],
    ['  Saved in', file],
  ]).join('\n'));
  return 0;
}

function readCa(file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the certificate ${file}: ${(err as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`${file} is not a PEM certificate`);
  return pem;
}
