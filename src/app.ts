import type { Clock } from './domain/clock.ts';
import { systemClock } from './domain/clock.ts';
import type { Environment } from './config.ts';
import { openStore } from './store/database.ts';
import type { AppContext } from './services/context.ts';
import { defaultConfig } from './services/context.ts';

/** Opens the store named by the environment and builds the context every use case runs in. */
export async function openContext(env: Environment, clock: Clock = systemClock, demo = false): Promise<AppContext> {
  const store = await openStore({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  return { store, clock, config: { ...defaultConfig, tokenLifetimeHours: env.tokenLifetimeHours, demo, smtpUrl: env.smtpUrl, oidc: env.oidc } };
}
