import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../src/domain/clock.ts';
import { startServer, type RunningServer } from '../../src/doors/http/server.ts';
import { loadOrCreateCertificate } from '../../src/doors/http/tls.ts';
import { seedDemo } from '../../src/seed/seed.ts';
import { defaultConfig, type AppContext } from '../../src/services/context.ts';
import type { Engine } from '../../src/store/engine.ts';
import { openTestStore } from './engines.ts';

/** The instant every suite starts at unless it says otherwise; demo data is generated around it. */
export const TEST_NOW = '2026-11-27T03:00:00.000Z';

export interface TestServer {
  ctx: AppContext;
  clock: ManualClock;
  /** HTTPS origin, as the Azure clients need. */
  url: string;
  httpUrl: string;
  /** The server certificate, to trust in clients (`tlsOptions: { ca }`). */
  ca: string;
  token(email: string, password?: string): Promise<string>;
  /** fetch against the HTTP origin with an optional bearer token. */
  call(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Starts the real server in-process on random ports over HTTP and HTTPS, on the given engine. */
export async function startTestServer(engine: Engine, options: { demo?: boolean; now?: string } = {}): Promise<TestServer> {
  const store = await openTestStore(engine);
  const clock = new ManualClock(options.now ?? TEST_NOW);
  const ctx: AppContext = { store, clock, config: { ...defaultConfig } };
  if (options.demo !== false) await seedDemo(ctx);
  const tls = await loadOrCreateCertificate(path.join(os.tmpdir(), 'resdesk-test-tls'));
  const server: RunningServer = await startServer(ctx, { host: '127.0.0.1', httpPort: 0, httpsPort: 0 }, { tls });
  const call: TestServer['call'] = async (method, p, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${server.httpUrl}${p}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const tokens = new Map<string, string>();
  return {
    ctx, clock, url: server.httpsUrl!, httpUrl: server.httpUrl!, ca: tls.cert, call,
    async token(email, password = 'demo-password') {
      const cached = tokens.get(email);
      if (cached) return cached;
      const res = await call('POST', '/v1/auth/token', { body: { email, password } });
      if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(email, res.body.access_token);
      return res.body.access_token;
    },
    async close() {
      await server.close();
      await store.close();
    },
  };
}

export const ADMIN_AGENT = 'admin.agent@contoso-kr.example';
export const FABRIKAM_AGENT = 'admin.agent@fabrikam-dist.example';
