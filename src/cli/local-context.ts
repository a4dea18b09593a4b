import { openContext } from '../app.ts';
import { readEnvironment } from '../config.ts';
import type { AppContext } from '../services/context.ts';
import type { Io } from './io.ts';

/**
 * Runs an operator command on the local database named by DATA_DIR / DATABASE_URL (migrating it
 * like the server does) and closes the connection afterwards.
 */
export async function withLocalContext<T>(io: Io, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(readEnvironment(io.env));
  try {
    return await work(ctx);
  } finally {
    await ctx.store.close();
  }
}
