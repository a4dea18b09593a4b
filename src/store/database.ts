import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Engine } from './engine.ts';
import { migrateToLatest } from './migrate.ts';
import { SchemaScopedPostgresDialect } from './postgres-dialect.ts';

export type Db = Kysely<Database>;

export interface Store {
  engine: Engine;
  db: Db;
  /** Where the data lives, for the start banner: a file path or a redacted URL. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL connection string; when absent, SQLite under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL schema to use (tests give each suite its own). */
  pgSchema?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  poolSize?: number;
}

// node-postgres returns BIGINT and COUNT(*) as strings; every bigint here is money in minor units
// or a count, both far inside the safe-integer range, so they are read as numbers.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} exceeds the safe integer range`);
  return n;
});
pg.types.setTypeParser(1700, (v: string) => Number(v));

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openSqlite(options);
}

async function openSqlite(options: StoreOptions): Promise<Store> {
  const file = options.sqliteFile ?? 'reservation-desk.sqlite';
  const location = file === ':memory:' ? ':memory:' : path.resolve(options.dataDir, file);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(location), { recursive: true });
  const sqlite = new BetterSqlite3(location);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -32768'); // 32 MiB of page cache: keeps the server under its memory budget at 100,000 reservations
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db, 'sqlite');
  // Planner statistics: without them SQLite may count a customer's reservations through the
  // partner index (every row of the partner) instead of the customer index. SQLite's advice for
  // long-lived connections: optimize on open; analysis_limit bounds the cost on large files.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  return {
    engine: 'sqlite',
    db,
    location,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew, which costs as much as running it for
 * the small queries of a request; statements are cached by SQL text instead. Kysely runs one
 * query at a time on the connection, so a cached statement is never in use twice.
 */
function withStatementCache(sqlite: BetterSqlite3.Database) {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sqlText: string) {
      let stmt = statements.get(sqlText);
      if (!stmt) {
        if (statements.size >= 1000) statements.clear();
        stmt = sqlite.prepare(sqlText);
        statements.set(sqlText, stmt);
      }
      return stmt;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  await migrateToLatest(db, 'postgres');
  return {
    engine: 'postgres',
    db,
    location: redactUrl(url) + (schema ? ` (schema ${schema})` : ''),
    async close() {
      await db.destroy();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/**
 * Locks a row for the rest of the transaction where the engine needs it: PostgreSQL serializes
 * concurrent writers of the same customer with SELECT … FOR UPDATE; SQLite already runs one
 * writing transaction at a time.
 */
export async function lockRow(db: Db, engine: Engine, table: 'customers' | 'reservations' | 'reservation_orders' | 'support_requests', id: string): Promise<void> {
  if (engine !== 'postgres') return;
  await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(db);
}
