import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openStore, type Store } from '../../src/store/database.ts';
import type { Engine } from '../../src/store/engine.ts';

/**
 * Every suite runs on both engines. PostgreSQL is used when it answers at TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test); otherwise its suites are reported as
 * skipped with the reason, and CI (which requires both) fails on the skip.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(err as Error).message}); set TEST_DATABASE_URL to run the PostgreSQL suites`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresUnavailable = await probePostgres();

export const ENGINES: Engine[] = ['sqlite', 'postgres'];

/** Declares the suite once per engine; the PostgreSQL copy is skipped, with the reason, when it cannot run. */
export function describeEachEngine(title: string, body: (engine: Engine) => void): void {
  for (const engine of ENGINES) {
    const missing = engine === 'postgres' ? postgresUnavailable : null;
    if (missing && process.env.REQUIRE_ALL_SUITES === '1') {
      // CI promises both engines: a missing one is a failure, not a skip.
      test(`${title} [${engine}]`, () => assert.fail(missing));
      continue;
    }
    describe(`${title} [${engine}]`, { skip: missing ?? false }, () => body(engine));
  }
}

/** A fresh, migrated, empty store: a temporary SQLite file, or a new PostgreSQL schema dropped on close. */
export async function openTestStore(engine: Engine): Promise<Store> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-test-'));
    const store = await openStore({ dataDir: dir });
    return {
      ...store,
      async close() {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), pgSchema: schema, poolSize: 12 });
  return {
    ...store,
    async close() {
      await store.close();
      await dropTestSchema(schema);
    },
  };
}

/** Drops a schema a suite made in the test database. */
export async function dropTestSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
