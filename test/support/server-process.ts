import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_DATABASE_URL } from './engines.ts';

/** Real `resdesk serve` processes for the tests that need more than one server on one database. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Proc {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output: string[];
}

/** `node bin/resdesk.js serve` on free ports (PORT=0: the system picks them; the banner tells which). */
export async function startProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<Proc> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-proc-'));
  const child = spawn(process.execPath, ['bin/resdesk.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', HTTPS_PORT: '0', DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s:\n${output.join('')}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /HTTP\s+(http:\/\/\S+)/.exec(output.join(''));
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}:\n${output.join('')}`)); });
  });
  return { child, url, dataDir, output };
}

export async function stopProcess(p: Proc | undefined): Promise<void> {
  if (!p) return;
  if (p.child.exitCode === null && p.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
    p.child.kill('SIGTERM');
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
    await Promise.race([exited, timeout]);
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  }
  fs.rmSync(p.dataDir, { recursive: true, force: true });
}

export async function call(base: string, method: string, p: string, o: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${p}`, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  return { status: res.status, body };
}

/** The database URL a spawned server gets: the test database with the suite's schema as search_path. */
export function urlWithSchema(schema: string): string {
  const sep = TEST_DATABASE_URL.includes('?') ? '&' : '?';
  return `${TEST_DATABASE_URL}${sep}options=-c%20search_path%3D${schema}`;
}

