import type { Kysely } from 'kysely';
import type { Engine } from '../engine.ts';

/**
 * Per-user console preferences (issue 6): the UI language the user last chose ('en' | 'ko'), so
 * the console opens in it on any browser. Null until the user picks one (the browser's language
 * decides until then).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('users').addColumn('language', 'text').execute();
}
