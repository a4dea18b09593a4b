import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Linux reports process CPU time in clock ticks of USER_HZ, 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerMemory {
  /** VmHWM: the peak resident set size of the server process over its whole life, in MB. */
  peakRssMb: number;
  /** Largest VmRSS seen by sampling while the benchmark ran, in MB. */
  maxSampledRssMb: number;
  /** VmRSS once the server answered its first request, before any load, in MB. */
  idleRssMb: number;
  /** VmRSS just before the server was stopped, in MB. */
  finalRssMb: number;
}

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** CPU seconds (user + system) the server has used so far. */
  cpuSeconds(): number;
  memory(): ServerMemory;
  /** Stops the server with SIGTERM (SIGKILL after 10 s) and returns its memory figures. */
  stop(): Promise<ServerMemory>;
  /** The server's stdout and stderr so far, for error messages. */
  output(): string;
}

export interface StartOptions {
  dataDir: string;
  databaseUrl?: string;
  /** Directory for a V8 CPU profile of the server (written when it stops), or undefined. */
  cpuProfileDir?: string;
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function readCpuSeconds(pid: number): number | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

const mb = (kb: number | undefined) => Math.round(((kb ?? 0) / 1024) * 10) / 10;

/**
 * Starts `node bin/resdesk.js serve` as a child process on free loopback ports with
 * NODE_ENV=production (so it never seeds), waits until /healthz answers 200, and samples the
 * child's resident memory from /proc while it runs.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const [port, httpsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    HTTPS_PORT: String(httpsPort),
    DATA_DIR: options.dataDir,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const nodeArgs = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/resdesk.js'), 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => { exited = { code, signal }; resolve(); }));
  const pid = child.pid!;
  const baseUrl = `http://127.0.0.1:${port}`;

  let maxRssKb = 0;
  let lastHwmKb = 0;
  let lastRssKb = 0;
  const sample = () => {
    const rss = readStatusKb(pid, 'VmRSS');
    const hwm = readStatusKb(pid, 'VmHWM');
    if (rss !== undefined) { lastRssKb = rss; maxRssKb = Math.max(maxRssKb, rss); }
    if (hwm !== undefined) lastHwmKb = hwm;
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();

  // Wait for the server to answer.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) {
      clearInterval(sampler);
      throw new Error(`the server exited during start (code ${exited.code}, signal ${exited.signal}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      clearInterval(sampler);
      throw new Error(`the server did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  sample();
  const idleRssKb = lastRssKb;

  const memory = (): ServerMemory => ({
    peakRssMb: mb(Math.max(lastHwmKb, maxRssKb)),
    maxSampledRssMb: mb(maxRssKb),
    idleRssMb: mb(idleRssKb),
    finalRssMb: mb(lastRssKb),
  });

  return {
    pid,
    baseUrl,
    cpuSeconds: () => readCpuSeconds(pid) ?? 0,
    memory: () => { sample(); return memory(); },
    output: () => output,
    async stop() {
      sample();
      const figures = memory();
      clearInterval(sampler);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 10_000);
        await exit;
        clearTimeout(timer);
      }
      return figures;
    },
  };
}
