import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/resdesk.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `node bin/resdesk.js` in a child process, asynchronously so an in-process test
 * server keeps answering. Only the variables given (plus PATH, HOME and the like) reach it: no
 * RESDESK_*, DATABASE_URL or DATA_DIR leaks in from the test's environment. stdin is a closed pipe
 * (not a terminal) unless `input` is given.
 */
export function runCli(args: string[], env: Record<string, string | undefined>, options: { input?: string } = {}): Promise<CliResult> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(RESDESK_|DATABASE_URL$|DATA_DIR$|XDG_CONFIG_HOME$|NODE_OPTIONS$|NODE_TEST)/.test(k)) base[k] = v;
  }
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: base, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The run succeeded quietly: exit 0 and nothing on stderr. */
export function assertOk(r: CliResult): void {
  assert.equal(r.stderr, '', `unexpected stderr: ${r.stderr}`);
  assert.equal(r.code, 0, `exit ${r.code}; stdout: ${r.stdout}`);
}

/** The run failed the CLI's way: the exit code, nothing on stdout unless allowed, one `resdesk: ` line on stderr. */
export function assertFailure(r: CliResult, code: number, message: RegExp, options: { stdoutAllowed?: boolean } = {}): void {
  assert.equal(r.code, code, `exit ${r.code}, expected ${code}; stderr: ${r.stderr}; stdout: ${r.stdout}`);
  const lines = r.stderr.split('\n');
  assert.equal(lines.at(-1), '', 'stderr ends with a newline');
  assert.equal(lines.length, 2, `exactly one stderr line expected, got: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0]!, /^resdesk: \S/);
  assert.match(lines[0]!, message);
  if (!options.stdoutAllowed) assert.equal(r.stdout, '', 'nothing on stdout');
}

export function parseJson<T = any>(r: CliResult): T {
  assertOk(r);
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    assert.fail(`stdout is not JSON: ${r.stdout.slice(0, 300)}`);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `resdesk-cli-${prefix}-`));
}
