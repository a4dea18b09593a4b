/**
 * `npm run bench`: API benchmark of the real server on SQLite and PostgreSQL.
 *
 * For each engine: seeds the demo data plus BENCH_CUSTOMERS customers × 10 reservations in this
 * process, starts `node bin/resdesk.js serve` as a child (NODE_ENV=production), signs in, picks ids
 * through the API, measures five requests with autocannon over loopback, and prints a table plus
 * the SQLite targets; results go to bench/results/api-<engine>.json.
 *
 * Environment: BENCH_CUSTOMERS (10000), BENCH_PER_CUSTOMER (10), BENCH_DURATION (8 s),
 * BENCH_WARMUP (2 s), BENCH_CONNECTIONS (20), BENCH_ENGINES ("sqlite,postgres"),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_ONLY (e.g. "a,b": measure
 * only those endpoints), BENCH_CPU_PROF (directory: write a V8 CPU profile of each server child there).
 */
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../src/store/engine.ts';
import { assertSearchPath, createBenchDatabase, postgresUnavailable, seedBenchData, type BenchDatabase } from './database.ts';
import { measure, type LoadSettings } from './load.ts';
import { checkTargets, formatReport, SHARED_CPU_NOTE, withRatios, writeJson, type EndpointReport, type EngineReport } from './report.ts';
import { checkEndpoint, endpoints, pickIds, signIn } from './scenario.ts';
import { REPO_ROOT, startServer, type ServerProcess } from './server-process.ts';

function intEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return n;
}

const settings = {
  customers: intEnv('BENCH_CUSTOMERS', 10_000),
  reservationsPerCustomer: intEnv('BENCH_PER_CUSTOMER', 10),
  connections: intEnv('BENCH_CONNECTIONS', 20),
  duration: intEnv('BENCH_DURATION', 8),
  warmup: intEnv('BENCH_WARMUP', 2, 0),
};
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// Measure only these endpoints (e.g. "a,b"), for investigating one of them.
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const cpuProfileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
const resultsDir = path.join(REPO_ROOT, 'bench/results');
const log = (line = '') => console.log(line);

// Whatever is running when the user presses Ctrl-C is stopped and removed.
const cleanups = new Set<() => Promise<unknown>>();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`\n${signal}: stopping the server and removing the benchmark data…`);
    setTimeout(() => process.exit(130), 15_000).unref();
    void (async () => {
      // Newest first: the server stops before its database is removed.
      for (const c of [...cleanups].reverse()) await c().catch(() => undefined);
      process.exit(130);
    })();
  });
}

async function benchEngine(engine: Engine): Promise<EngineReport> {
  const startedAt = new Date().toISOString();
  const db: BenchDatabase = await createBenchDatabase(engine, pgUrl);
  const dispose = () => db.dispose();
  cleanups.add(dispose);
  let server: ServerProcess | undefined;
  try {
    log(`Database: ${db.describe}`);
    await assertSearchPath(db);
    log(`Seeding demo data and ${settings.customers.toLocaleString('en-US')} customers × ${settings.reservationsPerCustomer} reservations (in this process)…`);
    const seed = await seedBenchData(db, settings.customers, settings.reservationsPerCustomer, log);
    log(`Seeding took ${seed.totalSeconds} s.`);

    server = await startServer({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, cpuProfileDir });
    const running = server;
    const stopServer = () => running.stop();
    cleanups.add(stopServer);
    log(`Server child pid ${server.pid} at ${server.baseUrl} (RSS after start ${server.memory().idleRssMb} MB)`);

    const token = await signIn(server.baseUrl);
    const ids = await pickIds(server.baseUrl, token);
    log(`Picked: reservation ${ids.reservationId} of order ${ids.reservationOrderId}; customer ${ids.customerId} ` +
      `(${ids.customerReservations} reservations); subscription ${ids.subscriptionId}; calculatePrice for ${JSON.stringify((ids.purchase.sku as { name: string }).name)} in ${String(ids.purchase.location)}`);

    const loadAtStart = os.loadavg()[0]!;
    const load: LoadSettings = { connections: settings.connections, duration: settings.duration, warmup: settings.warmup };
    const reports: EndpointReport[] = [];
    for (const e of endpoints(token, ids).filter((x) => only.length === 0 || only.includes(x.key))) {
      if (interrupted) break;
      const base = { key: e.key, name: e.name, method: e.method, path: e.path };
      const problem = await checkEndpoint(running.baseUrl, e);
      if (problem) {
        log(`  (${e.key}) ${e.name}: does not answer 200 (${problem}); not measured`);
        reports.push({ ...base, skipped: problem });
        continue;
      }
      const result = await measure(running.baseUrl, e, load, () => running.cpuSeconds());
      log(`  (${e.key}) ${e.name}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.errors} errors`);
      reports.push({ ...base, result });
    }

    cleanups.delete(stopServer);
    const serverMemory = await server.stop();
    server = undefined;
    const withRatio = withRatios(reports);
    const cpus = os.cpus();
    return {
      engine,
      startedAt,
      machine: {
        cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
        platform: `${os.platform()} ${os.release()}`, loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
      },
      note: SHARED_CPU_NOTE(cpus.length),
      settings: { ...load, customers: settings.customers, reservationsPerCustomer: settings.reservationsPerCustomer },
      database: db.describe,
      seed,
      ids,
      endpoints: withRatio,
      serverMemory,
      targetsBinding: engine === 'sqlite',
      targets: checkTargets(withRatio, serverMemory),
    };
  } finally {
    if (server) await server.stop().catch(() => undefined);
    cleanups.delete(dispose);
    await dispose().catch((err) => log(`could not remove the benchmark data: ${(err as Error).message}`));
  }
}

async function main(): Promise<number> {
  const cpus = os.cpus().length;
  log(`Reservation Desk API benchmark — ${cpus} CPU cores, Node ${process.version}`);
  log(`Note: ${SHARED_CPU_NOTE(cpus)}`);
  const summaries: string[] = [];
  let failed = false;
  for (const name of engines) {
    if (interrupted) break;
    if (name !== 'sqlite' && name !== 'postgres') {
      log(`Unknown engine "${name}" in BENCH_ENGINES; use sqlite and/or postgres.`);
      failed = true;
      continue;
    }
    log('');
    log(`=== ${name} ===`);
    if (name === 'postgres') {
      const reason = await postgresUnavailable(pgUrl);
      if (reason) {
        const line = `PostgreSQL skipped: ${reason}. Set BENCH_DATABASE_URL to benchmark it.`;
        log(line);
        summaries.push(`== postgres ==\n${line}`);
        continue;
      }
    }
    try {
      const report = await benchEngine(name);
      const text = formatReport(report);
      log('');
      log(text);
      log(`results: ${path.relative(process.cwd(), writeJson(resultsDir, report))}`);
      summaries.push(text);
    } catch (err) {
      failed = true;
      log(`${name} benchmark failed: ${(err as Error).stack ?? String(err)}`);
      summaries.push(`== ${name} ==\nfailed: ${(err as Error).message}`);
    }
  }
  if (summaries.length > 1) {
    log('');
    log('=== Summary ===');
    for (const s of summaries) log(`${s}\n`);
  }
  if (cpuProfileDir) log(`CPU profiles of the server children: ${cpuProfileDir}`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
