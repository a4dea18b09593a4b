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
  /** E-mail notifications go through this SMTP server when set. */
  smtpUrl?: string;
  /** Seconds between background job runs; 0 turns the jobs off in this instance. */
  jobIntervalSeconds: number;
  /** OpenID Connect sign-in: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI (all four, or none). */
  oidc?: { issuer: string; clientId: string; clientSecret: string; redirectUri: string };
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
    smtpUrl: env.SMTP_URL || undefined,
    jobIntervalSeconds: Number(env.JOB_INTERVAL_SECONDS || 60),
    oidc: env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.OIDC_REDIRECT_URI
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, redirectUri: env.OIDC_REDIRECT_URI }
      : undefined,
  };
}
