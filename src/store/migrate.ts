import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Engine } from './engine.ts';
import * as core from './migrations/0001-core.ts';
import * as money from './migrations/0002-money.ts';
import * as administration from './migrations/0003-administration.ts';
import * as operations from './migrations/0004-operations.ts';
import * as identity from './migrations/0005-identity.ts';
import * as usage from './migrations/0006-usage.ts';
import * as usageAlerts from './migrations/0007-usage-alerts.ts';
import * as userPreferences from './migrations/0008-user-preferences.ts';
import * as usageRollup from './migrations/0009-usage-rollup.ts';

/**
 * One migration history for both engines. A migration gets the engine only for the few column
 * types that cannot be spelled the same way (auto-increment keys). Kysely's migrator takes a lock,
 * so several server instances starting together on PostgreSQL migrate once.
 */
const MIGRATIONS: Record<string, { up(db: Kysely<any>, engine: Engine): Promise<void> }> = {
  '0001-core': core,
  '0002-money': money,
  '0003-administration': administration,
  '0004-operations': operations,
  '0005-identity': identity,
  '0006-usage': usage,
  '0007-usage-alerts': usageAlerts,
  '0008-user-preferences': userPreferences,
  '0009-usage-rollup': usageRollup,
};

export async function migrateToLatest(db: Kysely<any>, engine: Engine): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (d) => m.up(d, engine) };
      return out;
    },
  };
  // Kysely looks for its bookkeeping tables in every schema unless told which one; on a PostgreSQL
  // database where another schema already holds them it would skip creating them in this one.
  const migrationTableSchema = engine === 'postgres'
    ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ?? undefined
    : undefined;
  const { error, results } = await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
  }
}
