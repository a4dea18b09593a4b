import path from 'node:path';

/** Settings read from the environment once, at the edge; nothing below reads process.env. */
export interface Environment {
  dataDir: string;
  databaseUrl?: string;
  port: number;
  httpsPort: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  production: boolean;
  tokenLifetimeHours: number;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
    return n;
  };
  return {
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    port: int('PORT', 8080),
    httpsPort: int('HTTPS_PORT', 8443),
    host: env.HOST || '0.0.0.0',
    tlsCert: env.TLS_CERT || undefined,
    tlsKey: env.TLS_KEY || undefined,
    production: env.NODE_ENV === 'production',
    tokenLifetimeHours: Number(env.TOKEN_LIFETIME_HOURS || 8),
  };
}
