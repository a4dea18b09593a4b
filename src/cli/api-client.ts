import http from 'node:http';
import https from 'node:https';
import { ApiError, CliError, UsageError } from './errors.ts';

/** The Microsoft.Capacity API version the Azure door speaks. */
export const AZURE_API_VERSION = '2022-11-01';

export interface ApiClientOptions {
  /** Origin of the server, optionally with a path prefix: https://desk.example:8443 */
  server: string;
  token?: string;
  /** PEM certificate(s) to trust besides the system's, for a self-signed server. */
  ca?: string;
  timeoutMs?: number;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

export type Query = Record<string, string | number | boolean | undefined>;

const TLS_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
]);

/**
 * A small JSON client for the server's two doors over node:http/https (which take a CA
 * certificate per request, so a self-signed server can be trusted without touching the process).
 * Error answers become ApiError with the server's `{error:{code,message}}`.
 */
export class ApiClient {
  private readonly base: URL;
  private readonly agent: http.Agent;

  constructor(private readonly options: ApiClientOptions) {
    this.base = parseServerUrl(options.server);
    this.agent = this.base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, ...(options.ca ? { ca: options.ca } : {}) })
      : new http.Agent({ keepAlive: true });
  }

  get server(): string {
    return this.options.server;
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.request<T>('GET', path, { query })).body;
  }

  async post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { body, headers });
  }

  /** Sends a request to a path of the server (or to the path and query of an absolute next link). */
  request<T>(method: string, path: string, options: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const url = this.urlFor(path, options.query);
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'resdesk-cli',
      ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
      ...(options.headers ?? {}),
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<ApiResponse<T>>((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent, timeout: this.options.timeoutMs ?? 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(this.networkError(err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let body: unknown = undefined;
          if (text) {
            try {
              body = JSON.parse(text);
            } catch {
              body = text;
            }
          }
          if (status >= 400) reject(this.apiError(status, body));
          else if (text && typeof body === 'string') reject(new CliError(`${this.options.server} answered ${method} ${url.pathname} with something other than JSON (HTTP ${status}); is it a Reservation Desk server?`));
          else resolve({ status, body: body as T, headers: res.headers });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => reject(this.networkError(err)));
      req.end(payload);
    });
  }

  private urlFor(path: string, query?: Query): URL {
    let url: URL;
    if (/^https?:\/\//i.test(path)) {
      // Next links carry the origin the server saw; keep our origin (and prefix), take path and query.
      const link = new URL(path);
      url = new URL(this.base.href.replace(/\/$/, '') + link.pathname + link.search);
    } else {
      url = new URL(this.base.href.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`));
    }
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    }
    return url;
  }

  private apiError(status: number, body: unknown): Error {
    const error = (body as { error?: { code?: unknown; message?: unknown; target?: unknown } } | undefined)?.error;
    if (error && typeof error.code === 'string') {
      const target = typeof error.target === 'string' ? `target: ${error.target}` : undefined;
      const hint = status === 401 && this.options.token ? 'run resdesk login' : target;
      return new ApiError(status, error.code, String(error.message ?? ''), hint);
    }
    const text = typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
    return new ApiError(status, `HTTP ${status}`, text || 'the server sent no error details');
  }

  private networkError(err: Error & { code?: string }): Error {
    const server = this.options.server;
    if (err.code && TLS_ERRORS.has(err.code)) {
      return new CliError(`cannot verify the HTTPS certificate of ${server} (${err.code}); pass --ca FILE with the server's certificate to resdesk login`);
    }
    if (err.code === 'ECONNREFUSED') return new CliError(`cannot reach ${server}: connection refused; is the server running?`);
    if (err.code === 'ENOTFOUND') return new CliError(`cannot reach ${server}: host not found`);
    if (err.code === 'ETIMEDOUT') return new CliError(`${server} did not answer in time`);
    if (err.code === 'EPROTO' || /wrong version number/i.test(err.message)) {
      return new CliError(`cannot talk TLS to ${server}: it does not answer HTTPS; is it an http:// address?`);
    }
    if (err.code === 'ECONNRESET' && this.base.protocol === 'http:') {
      return new CliError(`${server} closed the connection; is it an https:// address?`);
    }
    return new CliError(`request to ${server} failed: ${err.message}`);
  }
}

/** Checks a server address given by the user: an http(s) URL without query or fragment. */
export function parseServerUrl(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`"${server}" is not a server URL; use e.g. http://localhost:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`"${server}" must be an http:// or https:// URL`);
  if (url.search || url.hash || url.username || url.password) throw new UsageError(`"${server}" must be a plain origin without query, fragment or user`);
  return url;
}
