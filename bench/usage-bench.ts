/**
 * `npm run bench:usage`: the usage import benchmark of issue 7. A measurement: it never fails the run.
 *
 * For each engine (BENCH_ENGINES, default "sqlite"; "sqlite,postgres" for both):
 *  1. seeds a fresh store with the demo world plus BENCH_RESERVATIONS reservations (the scale
 *     seeding of `resdesk seed --scale`, 10 reservations per customer);
 *  2. generates a FOCUS (FocusCost 1.0) export of those reservations × BENCH_DAYS days of hourly
 *     rows (Used, Unused and some on-demand rows) into a temporary folder, in parts of 1 million rows;
 *  3. (a) parse-only, the floor: a child process reads and parses the same files with the
 *     importer's streaming reader (input files → gunzip if needed → UTF-8 → CSV records), counting rows;
 *     (b) the full import: a child process runs importUsage end to end on the seeded store.
 *     Each child samples its own process.memoryUsage().rss every 100 ms and reports the peak
 *     and the kernel's high-water mark (VmHWM);
 *  4. memory flatness: imports a 2× export (the 2 × BENCH_DAYS days before the first window)
 *     in another child and compares the peaks;
 *  5. (c) the portfolio summary: a second store with BENCH_PORTFOLIO_RESERVATIONS reservations
 *     and 30 days of daily utilization, the real server as a child, and autocannon on
 *     GET /v1/portfolio/utilization?days=30 (level partner, customer, reservation) as the
 *     provider operator, who sees every reservation.
 *
 * Environment: BENCH_RESERVATIONS (10000), BENCH_DAYS (30), BENCH_ENGINES (sqlite),
 * BENCH_PORTFOLIO_RESERVATIONS (100000; 0 skips step 5), BENCH_FLAT (1; 0 skips step 4),
 * BENCH_GZIP (0; 1 writes .csv.gz parts), BENCH_DURATION (8 s), BENCH_WARMUP (2 s),
 * BENCH_CONNECTIONS (10), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test).
 * Results go to bench/results/usage-<engine>.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openContext } from '../src/app.ts';
import { readEnvironment } from '../src/config.ts';
import { addDays, parseUtcDate, utcDate } from '../src/domain/dates.ts';
import type { AppContext } from '../src/services/context.ts';
import { CsvReader } from '../src/services/usage/csv-reader.ts';
import { importUsage } from '../src/services/usage/import-usage.ts';
import { decodedChunks, listInputFiles } from '../src/services/usage/input-files.ts';
import { writeFocusExportFiles } from '../src/seed/focus-export.ts';
import { loadFocusReservations, pickOnDemandWorkloads } from '../src/seed/focus-reservations.ts';
import { seedDemo, seedScale } from '../src/seed/seed.ts';
import type { Engine } from '../src/store/engine.ts';
import { createBenchDatabase, postgresUnavailable, type BenchDatabase } from './database.ts';
import { measure, type LoadResult } from './load.ts';
import type { Endpoint } from './scenario.ts';
import { REPO_ROOT, startServer } from './server-process.ts';

const THIS_FILE = fileURLToPath(import.meta.url);
const log = (line = '') => console.log(line);

function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= min ? Math.floor(n) : fallback;
}

const settings = {
  reservations: intEnv('BENCH_RESERVATIONS', 10_000, 10),
  days: intEnv('BENCH_DAYS', 30, 1),
  portfolioReservations: intEnv('BENCH_PORTFOLIO_RESERVATIONS', 100_000, 0),
  flat: intEnv('BENCH_FLAT', 1) > 0,
  gzip: intEnv('BENCH_GZIP', 0) > 0,
  duration: intEnv('BENCH_DURATION', 8, 1),
  warmup: intEnv('BENCH_WARMUP', 2, 0),
  connections: intEnv('BENCH_CONNECTIONS', 10, 1),
};
const PER_CUSTOMER = 10;
const ROWS_PER_FILE = 1_000_000;
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const engines = (process.env.BENCH_ENGINES ?? 'sqlite').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);

// ---------------------------------------------------------------------------------------------
// Child process: parse-only or import, with its own memory sampling.

interface ChildResult {
  mode: 'parse' | 'import';
  rows: number;
  rowsImported?: number;
  rowsRejected?: number;
  rowsSkipped?: number;
  touchedReservationDays?: number;
  bytes: number;
  seconds: number;
  /** Largest process.memoryUsage().rss seen by the 100 ms sampler, MB. */
  peakRssMb: number;
  /** VmHWM of the child at the end (the kernel's own peak), MB. */
  hwmMb: number;
  /** RSS before the work started (Node, tsx, modules), MB. */
  startRssMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function vmHwmMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : 0;
  } catch {
    return 0;
  }
}

async function parseOnly(dir: string): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const files = listInputFiles(dir);
  for (const file of files) {
    const decoder = new TextDecoder('utf-8');
    let records = 0;
    const csv = new CsvReader({ record: () => { records++; }, invalid: () => { records++; } });
    for await (const chunk of decodedChunks(file.open(), (n) => { bytes += n; })) csv.push(decoder.decode(chunk, { stream: true }));
    csv.push(decoder.decode());
    csv.end();
    rows += Math.max(0, records - 1); // less the header
  }
  return { rows, bytes };
}

async function child(mode: string, dir: string): Promise<void> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  const t0 = performance.now();
  let result: ChildResult;
  if (mode === 'parse') {
    const r = await parseOnly(dir);
    result = { mode: 'parse', rows: r.rows, bytes: r.bytes, seconds: 0, peakRssMb: 0, hwmMb: 0, startRssMb: 0 };
  } else {
    const ctx = await openContext(readEnvironment());
    try {
      let bytes = 0;
      const s = await importUsage(ctx, { path: dir }, { onProgress: (p) => { bytes = p.bytesRead; } });
      result = {
        mode: 'import', rows: s.rowsRead, rowsImported: s.rowsImported, rowsRejected: s.rowsRejected, rowsSkipped: s.rowsSkipped,
        touchedReservationDays: s.touchedReservationDays, bytes, seconds: 0, peakRssMb: 0, hwmMb: 0, startRssMb: 0,
      };
    } finally {
      await ctx.store.close();
    }
  }
  result.seconds = Math.round(performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  result.peakRssMb = mb(peak);
  result.hwmMb = vmHwmMb();
  result.startRssMb = mb(startRss);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function runChild(mode: 'parse' | 'import', dir: string, db?: BenchDatabase): Promise<ChildResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (db) {
    env.DATA_DIR = db.dataDir;
    if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
    else delete env.DATABASE_URL;
  }
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, '--child', mode, dir], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    p.stderr.on('data', (c: Buffer) => { err = (err + c.toString()).slice(-4000); });
    p.once('error', reject);
    p.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) resolve(JSON.parse(line.slice(7)) as ChildResult);
      else reject(new Error(`${mode} child exited with ${code}: ${err}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The parent: seeding, export generation, children, portfolio load.

const secs = (ms: number) => Math.round(ms / 10) / 100;

async function withContext<T>(db: BenchDatabase, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(readEnvironment({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' }));
  try {
    return await work(ctx);
  } finally {
    await ctx.store.close();
  }
}

async function seedStore(db: BenchDatabase, reservations: number, utilizationDays: number): Promise<{ reservations: number; seconds: number }> {
  return withContext(db, async (ctx) => {
    const t0 = performance.now();
    const demo = await seedDemo(ctx);
    const customers = Math.ceil(reservations / PER_CUSTOMER);
    let last = 0;
    const scale = await seedScale(ctx, customers, PER_CUSTOMER, (done) => {
      if (performance.now() - last > 5000 || done === customers) {
        last = performance.now();
        log(`  seeding: ${done.toLocaleString('en-US')}/${customers.toLocaleString('en-US')} customers (${secs(performance.now() - t0)} s)`);
      }
    }, { utilizationDays });
    return { reservations: demo.reservations + scale.reservations, seconds: secs(performance.now() - t0) };
  });
}

interface ExportFigures {
  from: string;
  to: string;
  reservations: number;
  onDemandWorkloads: number;
  rows: number;
  usedRows: number;
  unusedRows: number;
  onDemandRows: number;
  files: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
}

async function generate(db: BenchDatabase, dir: string, from: Date, to: Date): Promise<ExportFigures> {
  const { reservations, onDemand } = await withContext(db, async (ctx) => ({
    reservations: await loadFocusReservations(ctx.store.db, { from, to }),
    // One on-demand workload at most per customer: "some" uncovered usage, not the bulk of the file.
    onDemand: await pickOnDemandWorkloads(ctx.store.db, 7, 1),
  }));
  const t0 = performance.now();
  const r = await writeFocusExportFiles(dir, { reservations, onDemand, from, to, seed: 20261127, gzip: settings.gzip, gzipLevel: 1, rowsPerFile: ROWS_PER_FILE });
  const seconds = secs(performance.now() - t0);
  return {
    from: utcDate(from), to: utcDate(to), reservations: reservations.length, onDemandWorkloads: onDemand.length, rows: r.rows, usedRows: r.usedRows,
    unusedRows: r.unusedRows, onDemandRows: r.onDemandRows, files: r.files.length, bytes: r.bytes, seconds, rowsPerSecond: Math.round(r.rows / seconds),
  };
}

interface PortfolioFigures {
  reservations: number;
  utilizationRows: number;
  seedSeconds: number;
  endpoints: Array<{ name: string; path: string; result?: LoadResult; skipped?: string }>;
  serverPeakRssMb?: number;
}

async function portfolio(engine: Engine): Promise<PortfolioFigures> {
  const db = await createBenchDatabase(engine, pgUrl);
  try {
    log(`Portfolio store: ${db.describe}`);
    const seeded = await seedStore(db, settings.portfolioReservations, 30);
    const utilizationRows = await withContext(db, async (ctx) => {
      // Planner statistics for the freshly loaded tables (autovacuum would gather them within minutes).
      if (engine === 'postgres') await sql`ANALYZE utilization_daily, reservations, reservation_orders, customers, partners, reservation_usage_windows, customer_usage_windows`.execute(ctx.store.db);
      const row = await ctx.store.db.selectFrom('utilization_daily').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    });
    log(`  ${seeded.reservations.toLocaleString('en-US')} reservations, ${utilizationRows.toLocaleString('en-US')} utilization days, seeded in ${seeded.seconds} s`);
    const server = await startServer({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    try {
      const signIn = await fetch(`${server.baseUrl}/v1/auth/token`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'operator@provider.example', password: 'demo-password' }),
      });
      const token = ((await signIn.json()) as { access_token?: string }).access_token;
      if (!token) throw new Error(`sign-in as the provider operator failed (${signIn.status})`);
      const endpoints: PortfolioFigures['endpoints'] = [];
      for (const level of ['partner', 'customer', 'reservation']) {
        const p = `/v1/portfolio/utilization?level=${level}&days=30`;
        const e: Endpoint = { key: 'a', name: `portfolio ${level}`, method: 'GET', path: p, headers: { authorization: `Bearer ${token}` } };
        const probe = await fetch(server.baseUrl + p, { headers: e.headers });
        const body = await probe.text();
        if (probe.status !== 200) {
          endpoints.push({ name: e.name, path: p, skipped: `answered ${probe.status}: ${body.slice(0, 200)}` });
          log(`  ${e.name}: answered ${probe.status}; not measured`);
          continue;
        }
        const result = await measure(server.baseUrl, e, { connections: settings.connections, duration: settings.duration, warmup: settings.warmup }, () => server.cpuSeconds());
        log(`  ${e.name}: ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.errors} errors`);
        endpoints.push({ name: e.name, path: p, result });
      }
      const memory = await server.stop();
      return { reservations: seeded.reservations, utilizationRows, seedSeconds: seeded.seconds, endpoints, serverPeakRssMb: memory.peakRssMb };
    } finally {
      await server.stop().catch(() => undefined);
    }
  } finally {
    await db.dispose().catch(() => undefined);
  }
}

interface EngineFigures {
  engine: string;
  startedAt: string;
  machine: { cpus: number; memoryGb: number; node: string; loadAverage: { start: number; end: number } };
  settings: typeof settings;
  seed: { reservations: number; seconds: number };
  export1x: ExportFigures;
  parse: ChildResult;
  import1x: ChildResult;
  export2x?: ExportFigures;
  import2x?: ChildResult;
  portfolio?: PortfolioFigures | { failed: string };
}

async function benchEngine(engine: Engine): Promise<EngineFigures> {
  const startedAt = new Date().toISOString();
  const load0 = os.loadavg()[0]!;
  const db = await createBenchDatabase(engine, pgUrl);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-usage-bench-'));
  try {
    log(`Store: ${db.describe}; export folder ${work}`);
    const seed = await seedStore(db, settings.reservations, 0);
    log(`Seeded ${seed.reservations.toLocaleString('en-US')} reservations in ${seed.seconds} s`);
    const to = parseUtcDate(utcDate(new Date()));
    const from = addDays(to, -settings.days);
    const dir1 = path.join(work, 'export-1x');
    const export1x = await generate(db, dir1, from, to);
    log(`Export 1×: ${export1x.rows.toLocaleString('en-US')} rows (${export1x.usedRows.toLocaleString('en-US')} Used, ${export1x.unusedRows.toLocaleString('en-US')} Unused, ` +
      `${export1x.onDemandRows.toLocaleString('en-US')} on demand) of ${export1x.reservations.toLocaleString('en-US')} active reservations, ${export1x.files} files, ` +
      `${(export1x.bytes / 1e9).toFixed(2)} GB, generated in ${export1x.seconds} s (${export1x.rowsPerSecond.toLocaleString('en-US')} rows/s)`);
    const parse = await runChild('parse', dir1);
    log(`Parse-only: ${parse.rows.toLocaleString('en-US')} rows in ${parse.seconds} s, peak RSS ${parse.peakRssMb} MB`);
    const import1x = await runChild('import', dir1, db);
    log(`Import: ${import1x.rows.toLocaleString('en-US')} rows in ${import1x.seconds} s, peak RSS ${import1x.peakRssMb} MB (VmHWM ${import1x.hwmMb} MB)`);
    fs.rmSync(dir1, { recursive: true, force: true });
    let export2x: ExportFigures | undefined;
    let import2x: ChildResult | undefined;
    if (settings.flat) {
      const dir2 = path.join(work, 'export-2x');
      export2x = await generate(db, dir2, addDays(from, -2 * settings.days), from);
      log(`Export 2× (the ${2 * settings.days} days before): ${export2x.rows.toLocaleString('en-US')} rows, ${(export2x.bytes / 1e9).toFixed(2)} GB in ${export2x.seconds} s`);
      import2x = await runChild('import', dir2, db);
      log(`Import 2×: ${import2x.rows.toLocaleString('en-US')} rows in ${import2x.seconds} s, peak RSS ${import2x.peakRssMb} MB (VmHWM ${import2x.hwmMb} MB)`);
      fs.rmSync(dir2, { recursive: true, force: true });
    }
    await db.dispose().catch(() => undefined);
    let portfolioFigures: EngineFigures['portfolio'];
    if (settings.portfolioReservations > 0) {
      try {
        portfolioFigures = await portfolio(engine);
      } catch (err) {
        portfolioFigures = { failed: (err as Error).message };
        log(`Portfolio measurement failed: ${(err as Error).message}`);
      }
    }
    return {
      engine, startedAt,
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: { start: load0, end: os.loadavg()[0]! } },
      settings, seed, export1x, parse, import1x, export2x, import2x, portfolio: portfolioFigures,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await db.dispose().catch(() => undefined);
  }
}

function table(f: EngineFigures): string {
  const rate = (r: ChildResult) => Math.round(r.rows / r.seconds);
  const mbs = (r: ChildResult) => (r.bytes / 1e6 / r.seconds).toFixed(0);
  const lines: string[] = [];
  const row = (cells: string[]) => `${cells[0]!.padEnd(34)}${cells.slice(1).map((c) => c.padStart(13)).join('')}`;
  lines.push(`== ${f.engine}: ${f.export1x.reservations.toLocaleString('en-US')} active reservations (of ${f.seed.reservations.toLocaleString('en-US')} seeded) × ${settings.days} days, hourly FOCUS rows ==`);
  lines.push(row(['step', 'rows', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB', 'VmHWM MB']));
  lines.push(row(['generate export 1×', f.export1x.rows.toLocaleString('en-US'), String(f.export1x.seconds), f.export1x.rowsPerSecond.toLocaleString('en-US'), (f.export1x.bytes / 1e6 / f.export1x.seconds).toFixed(0), '-', '-']));
  const child = (label: string, r: ChildResult) => lines.push(row([label, r.rows.toLocaleString('en-US'), String(r.seconds), rate(r).toLocaleString('en-US'), mbs(r), String(r.peakRssMb), String(r.hwmMb)]));
  child('(a) parse-only (floor)', f.parse);
  child('(b) import end to end', f.import1x);
  if (f.import2x && f.export2x) child(`    import 2× (${f.export2x.rows.toLocaleString('en-US')} rows)`, f.import2x);
  const ratio = rate(f.import1x) / rate(f.parse);
  lines.push(`import ÷ parse-only throughput: ${ratio.toFixed(2)} (target ≥ 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'})`);
  lines.push(`import peak RSS ${f.import1x.peakRssMb} MB sampled every 100 ms, VmHWM ${f.import1x.hwmMb} MB (target < 400 MB: ${Math.max(f.import1x.peakRssMb, f.import1x.hwmMb) < 400 ? 'met' : 'MISSED'}); child RSS before work ${f.import1x.startRssMb} MB`);
  if (f.import2x) {
    const growth = f.import2x.hwmMb - f.import1x.hwmMb;
    lines.push(`2× file: peak RSS ${f.import2x.peakRssMb} MB, VmHWM ${f.import2x.hwmMb} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB vs 1×: ${Math.abs(growth) < 0.15 * f.import1x.hwmMb ? 'flat' : 'NOT flat'})`);
  }
  lines.push(`import: ${f.import1x.rowsImported?.toLocaleString('en-US')} imported, ${f.import1x.rowsSkipped} skipped, ${f.import1x.rowsRejected} rejected; ${f.import1x.touchedReservationDays?.toLocaleString('en-US')} reservation-days`);
  const p = f.portfolio;
  if (p && 'failed' in p) lines.push(`(c) portfolio: failed: ${p.failed}`);
  else if (p) {
    lines.push(`(c) portfolio summary over ${p.reservations.toLocaleString('en-US')} reservations (${p.utilizationRows.toLocaleString('en-US')} utilization days), ${settings.connections} connections, ${settings.duration} s:`);
    for (const e of p.endpoints) {
      if (!e.result) { lines.push(`    ${e.name.padEnd(24)} not measured: ${e.skipped}`); continue; }
      const r = e.result;
      lines.push(`    ${e.name.padEnd(24)} ${String(r.requests).padStart(6)} requests ${String(r.requestsPerSecond).padStart(6)} req/s  p50 ${r.latencyMs.p50.toFixed(1).padStart(7)} ms  p99 ${r.latencyMs.p99.toFixed(1).padStart(7)} ms  ${r.errors} errors  (target p99 < 200 ms: ${r.requests > 0 && r.latencyMs.p99 < 200 && r.errors === 0 ? 'met' : 'MISSED'})`);
    }
    if (p.serverPeakRssMb !== undefined) lines.push(`    server peak RSS ${p.serverPeakRssMb} MB`);
  }
  lines.push(`machine: ${f.machine.cpus} CPUs, ${f.machine.memoryGb} GB, Node ${f.machine.node}; load average ${f.machine.loadAverage.start.toFixed(1)} at start, ${f.machine.loadAverage.end.toFixed(1)} at end`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  log(`Reservation Desk usage benchmark: ${settings.reservations.toLocaleString('en-US')} reservations × ${settings.days} days; portfolio over ${settings.portfolioReservations.toLocaleString('en-US')} reservations`);
  const summaries: string[] = [];
  for (const name of engines) {
    if (name !== 'sqlite' && name !== 'postgres') {
      log(`Unknown engine "${name}" in BENCH_ENGINES; use sqlite and/or postgres.`);
      continue;
    }
    log('');
    log(`=== ${name} ===`);
    if (name === 'postgres') {
      const reason = await postgresUnavailable(pgUrl);
      if (reason) {
        log(`PostgreSQL skipped: ${reason}`);
        continue;
      }
    }
    try {
      const figures = await benchEngine(name);
      const text = table(figures);
      log('');
      log(text);
      const dir = path.join(REPO_ROOT, 'bench/results');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `usage-${name}.json`), JSON.stringify(figures, null, 2) + '\n');
      summaries.push(text);
    } catch (err) {
      log(`${name} usage benchmark failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
  if (summaries.length > 1) {
    log('');
    log('=== Summary ===');
    for (const s of summaries) log(`${s}\n`);
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!);
} else {
  await main();
  // A measurement: whatever it found, the run itself succeeded.
  process.exitCode = 0;
}
