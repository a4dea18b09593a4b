import type { Clock } from '../domain/clock.ts';
import type { Db, Store } from '../store/database.ts';

export interface AppConfig {
  /** Hours a bearer token lives. */
  tokenLifetimeHours: number;
  /** Demo mode: the start banner and the sign-in page list the demo accounts. */
  demo: boolean;
  /** SMTP server for e-mail notifications (smtp://host:port); without it no e-mail is sent. */
  smtpUrl?: string;
  /** The From address of notification e-mails. */
  mailFrom?: string;
  /** OpenID Connect sign-in (issue 5), when OIDC_ISSUER and the client settings are given. */
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string };
}

export const defaultConfig: AppConfig = { tokenLifetimeHours: 8, demo: false };

/** What every use case gets: the store, the clock, and the configuration. Nothing global. */
export interface AppContext {
  store: Store;
  clock: Clock;
  config: AppConfig;
}

/** Runs a use case in one transaction: all of its writes land, or none do. */
export function inTransaction<T>(ctx: AppContext, work: (db: Db) => Promise<T>): Promise<T> {
  return ctx.store.db.transaction().execute(work);
}
