import { openContext } from '../app.ts';
import { readEnvironment } from '../config.ts';
import { startServer } from '../doors/http/server.ts';
import { loadOrCreateCertificate } from '../doors/http/tls.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../seed/demo-tenants.ts';
import { isEmpty, seedDemo } from '../seed/seed.ts';

/**
 * `resdesk serve`: opens the database (migrating it), loads the demo world into an empty embedded
 * database unless NODE_ENV=production, and serves every door on HTTP and HTTPS until stopped.
 */
export async function serve(out: (line: string) => void): Promise<void> {
  const env = readEnvironment();
  const ctx = await openContext(env);
  let demo = false;
  if (ctx.store.engine === 'sqlite' && !env.production && (await isEmpty(ctx))) {
    out('Empty database: loading the demo data…');
    // With the last 30 days of usage imported from a generated FOCUS export (src/seed/focus-demo.ts).
    const report = await seedDemo(ctx, { usageDays: 30 });
    out(`Loaded ${report.customers} customers and ${report.reservations} reservations${report.usage ? `, and ${report.usage.rowsImported.toLocaleString('en-US')} usage rows of the last ${report.usage.days} days` : ''}.`);
    demo = true;
  }
  demo ||= !env.production && DEMO_USERS.length > 0 && (await hasDemoAccounts(ctx));
  ctx.config.demo = demo;
  const tls = await loadOrCreateCertificate(env.dataDir, env.tlsCert, env.tlsKey);
  const jobs = { intervalMs: env.jobIntervalSeconds * 1000, onError: (err: unknown) => out(`background job failed: ${(err as Error).message}`) };
  const server = await startServer(ctx, { host: env.host, httpPort: env.port, httpsPort: env.httpsPort }, { tls, jobs });
  out('');
  out('Reservation Desk is running');
  out(`  HTTP   ${server.httpUrl}`);
  out(`  HTTPS  ${server.httpsUrl}`);
  out(`  API docs      ${server.httpUrl}/docs   (OpenAPI: /openapi.json)`);
  out(`  Database      ${ctx.store.engine}: ${ctx.store.location}`);
  out(`  Jobs          ${env.jobIntervalSeconds > 0 ? `every ${env.jobIntervalSeconds} s (JOB_INTERVAL_SECONDS)` : 'off (JOB_INTERVAL_SECONDS=0)'}${env.smtpUrl ? ', e-mail via SMTP_URL' : ''}`);
  out(`  Certificate   ${tls.certPath}${tls.generated ? ' (generated now)' : ''}`);
  out(`                trust it with NODE_EXTRA_CA_CERTS=${tls.certPath} or the Azure client's tlsOptions.ca`);
  if (demo) {
    out('');
    out(`Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const u of DEMO_USERS) out(`  ${u.email.padEnd(36)} ${u.roles.join(', ')}`);
    out('  owner@<customer domain>              customer owner, e.g. owner@hanbit-mfg.example');
  }
  const stop = async (signal: string) => {
    out(`${signal}: shutting down`);
    await server.close();
    await ctx.store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function hasDemoAccounts(ctx: Awaited<ReturnType<typeof openContext>>): Promise<boolean> {
  const row = await ctx.store.db.selectFrom('users').select('id').where('email', '=', DEMO_USERS[0]!.email).executeTakeFirst();
  return Boolean(row);
}
