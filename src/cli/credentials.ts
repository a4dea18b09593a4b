import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors.ts';

/** What `resdesk login` keeps between commands. */
export interface Credentials {
  server: string;
  token: string;
  email: string;
  /** ISO instant after which the token no longer works. */
  expiresAt: string;
  /** PEM of the CA certificate to trust for an HTTPS server with a self-signed certificate. */
  ca?: string;
}

const FILE = 'credentials.json';

/** $RESDESK_CONFIG_DIR, else $XDG_CONFIG_HOME/resdesk, else ~/.config/resdesk. */
export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.RESDESK_CONFIG_DIR) return path.resolve(env.RESDESK_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.resolve(env.XDG_CONFIG_HOME, 'resdesk');
  return path.join(env.HOME || os.homedir(), '.config', 'resdesk');
}

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), FILE);
}

/** The stored credentials, or undefined when there are none. */
export function readCredentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const file = credentialsPath(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
  }
  let data: Partial<Credentials>;
  try {
    data = JSON.parse(text) as Partial<Credentials>;
  } catch {
    throw new CliError(`${file} is not valid JSON; run resdesk login again`);
  }
  if (typeof data.server !== 'string' || typeof data.token !== 'string') {
    throw new CliError(`${file} lacks the server or token; run resdesk login again`);
  }
  return { server: data.server, token: data.token, email: String(data.email ?? ''), expiresAt: String(data.expiresAt ?? ''), ...(data.ca ? { ca: data.ca } : {}) };
}

/** The stored credentials of a signed-in user, or a clear error telling to sign in. */
export function requireCredentials(env: NodeJS.ProcessEnv, now = new Date()): Credentials {
  const creds = readCredentials(env);
  if (!creds) throw new CliError('not signed in, run resdesk login');
  const expiry = Date.parse(creds.expiresAt);
  if (!Number.isNaN(expiry) && expiry <= now.getTime()) {
    throw new CliError(`the sign-in of ${creds.email} to ${creds.server} expired at ${creds.expiresAt}, run resdesk login`);
  }
  return creds;
}

/**
 * Writes the credentials readable by the user alone: the folder 0700 when created here, the file
 * 0600, written to a temporary file and renamed so a reader never sees half of it.
 */
export function writeCredentials(env: NodeJS.ProcessEnv, creds: Credentials): string {
  const dir = configDir(env);
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, FILE);
  const temp = path.join(dir, `.${FILE}.${process.pid}.tmp`);
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.fchmodSync(fd, 0o600);
    fs.writeFileSync(fd, `${JSON.stringify(creds, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  return file;
}

/** Deletes the stored credentials; false when there were none. */
export function deleteCredentials(env: NodeJS.ProcessEnv): boolean {
  try {
    fs.unlinkSync(credentialsPath(env));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot delete ${credentialsPath(env)}: ${(err as Error).message}`);
  }
}
