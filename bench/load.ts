import autocannon from 'autocannon';
import type { Endpoint } from './scenario.ts';

export interface LoadSettings {
  connections: number;
  /** Measured seconds per endpoint. */
  duration: number;
  /** Unmeasured seconds before each measurement (JIT, caches, connection set-up). */
  warmup: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Non-2xx answers plus connection errors and timeouts. */
  errors: number;
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Average response size (headers and body), in bytes. */
  bytesPerResponse: number;
  seconds: number;
  /** Server CPU time (user + system) per answered request, in ms. */
  serverCpuMsPerRequest: number;
  /** Share of one core the server used during the measurement (1 = one full core). */
  serverCores: number;
}

function run(baseUrl: string, e: Endpoint, connections: number, duration: number) {
  return autocannon({
    url: baseUrl + e.path,
    method: e.method,
    headers: e.headers,
    body: e.body,
    connections,
    duration,
    timeout: 10,
  });
}

/** Warms the endpoint up, then measures it with `connections` concurrent keep-alive connections. */
export async function measure(baseUrl: string, e: Endpoint, settings: LoadSettings, serverCpuSeconds: () => number): Promise<LoadResult> {
  if (settings.warmup > 0) await run(baseUrl, e, settings.connections, settings.warmup);
  const cpu0 = serverCpuSeconds();
  const t0 = performance.now();
  const r = await run(baseUrl, e, settings.connections, settings.duration);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = serverCpuSeconds() - cpu0;
  const requests = r.requests.total;
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  const r2 = (n: number) => Math.round(n * 100) / 100;
  return {
    requests,
    requestsPerSecond: Math.round(requests / r.duration),
    latencyMs: { mean: r2(r.latency.mean), p50: r2(r.latency.p50), p90: r2(r.latency.p90), p99: r2(r.latency.p99), max: r2(r.latency.max) },
    errors: r.non2xx + r.errors + r.timeouts,
    non2xx: r.non2xx,
    socketErrors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    bytesPerResponse: requests > 0 ? Math.round(r.throughput.total / requests) : 0,
    seconds: r2(seconds),
    serverCpuMsPerRequest: requests > 0 ? r2((cpu * 1000) / requests) : 0,
    serverCores: r2(cpu / seconds),
  };
}
