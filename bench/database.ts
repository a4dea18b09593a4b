import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openContext } from '../src/app.ts';
import { readEnvironment } from '../src/config.ts';
import { seedDemo, seedScale } from '../src/seed/seed.ts';
import type { Engine } from '../src/store/engine.ts';

/** Where one engine's benchmark data lives, and how the server child reaches it. */
export interface BenchDatabase {
  engine: Engine;
  /** DATA_DIR for the seeding context and the server (SQLite file, TLS certificate). */
  dataDir: string;
  /** DATABASE_URL for PostgreSQL (with search_path set to the bench schema); absent for SQLite. */
  databaseUrl?: string;
  /** Human-readable location for the printed output. */
  describe: string;
  /** Removes the temporary directory and, on PostgreSQL, drops the schema. */
  dispose(): Promise<void>;
}

export interface SeedStats {
  /** PostgreSQL only: seconds the ANALYZE after seeding took (see analyzePostgres). */
  analyzeSeconds?: number;
  demo: { customers: number; reservations: number; seconds: number };
  scale: { customers: number; reservations: number; seconds: number };
  totalSeconds: number;
}

/** Returns null when PostgreSQL answers at `url`, otherwise the reason it cannot be used. */
export async function postgresUnavailable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${url} (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A temporary SQLite data directory, or a fresh PostgreSQL schema in the database at `pgUrl`. */
export async function createBenchDatabase(engine: Engine, pgUrl: string): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `resdesk-bench-${engine}-`));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'sqlite') {
    return { engine, dataDir, describe: path.join(dataDir, 'reservation-desk.sqlite'), dispose: async () => removeDir() };
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  // node-postgres passes `options` from the connection string to the server as the startup
  // parameter, so every pooled connection of the server child starts with this search_path.
  const separator = pgUrl.includes('?') ? '&' : '?';
  const databaseUrl = `${pgUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    engine,
    dataDir,
    databaseUrl,
    describe: `${pgUrl} schema ${schema}`,
    async dispose() {
      removeDir();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Checks that a connection made with the bench URL really lands in the bench schema. */
export async function assertSearchPath(db: BenchDatabase): Promise<void> {
  if (!db.databaseUrl) return;
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    const row = (await client.query<{ s: string }>('select current_schema() as s')).rows[0];
    const expected = /search_path=([a-z0-9_]+)/.exec(decodeURIComponent(db.databaseUrl))?.[1];
    if (row?.s !== expected) throw new Error(`DATABASE_URL options were not applied: current_schema() is ${row?.s}, expected ${expected}`);
  } finally {
    await client.end();
  }
}

/**
 * Loads the demo world plus `customers` generated customers with `perCustomer` reservations each,
 * in this process through the seed functions, then closes the store so the server opens it alone.
 */
export async function seedBenchData(db: BenchDatabase, customers: number, perCustomer: number, log: (line: string) => void): Promise<SeedStats> {
  const env = readEnvironment({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' });
  const ctx = await openContext(env);
  try {
    const t0 = performance.now();
    const demo = await seedDemo(ctx);
    const t1 = performance.now();
    log(`  demo data: ${demo.customers} customers, ${demo.reservations} reservations in ${secs(t1 - t0)} s`);
    let lastPrinted = 0;
    const scale = await seedScale(ctx, customers, perCustomer, (done) => {
      const now = performance.now();
      if (done === customers || now - lastPrinted > 2000) {
        lastPrinted = now;
        const rate = done / ((now - t1) / 1000);
        log(`  scale data: ${done.toLocaleString('en-US')}/${customers.toLocaleString('en-US')} customers (${secs(now - t1)} s, ${Math.round(rate)} customers/s)`);
      }
    });
    const t2 = performance.now();
    log(`  scale data: ${scale.customers.toLocaleString('en-US')} customers, ${scale.reservations.toLocaleString('en-US')} reservations in ${secs(t2 - t1)} s`);
    const analyzed = db.engine === 'postgres' ? await analyzePostgres(db, log) : undefined;
    return {
      analyzeSeconds: analyzed,
      demo: { customers: demo.customers, reservations: demo.reservations, seconds: round(t1 - t0) },
      scale: { customers: scale.customers, reservations: scale.reservations, seconds: round(t2 - t1) },
      totalSeconds: round(t2 - t0),
    };
  } finally {
    await ctx.store.close();
  }
}

/**
 * Gives the planner statistics for the freshly loaded schema. A PostgreSQL server with
 * autovacuum on analyzes tables this size within a minute or two of loading them; without
 * statistics the planner picks plans for empty tables and the listings run several times slower,
 * which would measure the load, not the server.
 */
async function analyzePostgres(db: BenchDatabase, log: (line: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  try {
    const autovacuum = (await client.query<{ autovacuum: string }>('show autovacuum')).rows[0]?.autovacuum;
    const t0 = performance.now();
    // Only this schema's tables: a bare ANALYZE would visit every schema of the database.
    const tables = (await client.query<{ t: string }>("select quote_ident(tablename) as t from pg_tables where schemaname = current_schema()")).rows.map((r) => r.t);
    if (tables.length > 0) await client.query(`ANALYZE ${tables.join(', ')}`);
    const t = performance.now() - t0;
    log(`  ANALYZE of the bench schema: ${secs(t)} s (autovacuum is ${autovacuum} on this server${autovacuum === 'off' ? ', so nothing else would gather statistics' : ''})`);
    return round(t);
  } finally {
    await client.end();
  }
}

const secs = (ms: number) => (ms / 1000).toFixed(1);
const round = (ms: number) => Math.round(ms / 10) / 100;
