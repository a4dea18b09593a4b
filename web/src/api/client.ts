/**
 * The console's only way to the server: same-origin fetch with the session cookie (rd_session,
 * HttpOnly, set by POST /v1/auth/session) and, on every unsafe method, the session's CSRF token in
 * X-CSRF-Token. Errors arrive as the API's envelope {"error":{code,message,target?,details?}} and
 * are thrown as ApiError so pages can show the server's own message.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target?: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, target?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.target = target;
    this.details = details;
  }
}

let csrfToken: string | undefined;

/** Set by the session (after sign-in or when the session is read); sent back on unsafe requests. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when any request answers 401 for a session that ended (the session provider goes to /signin). */
let onUnauthorized: ((err: ApiError) => void) | undefined;
export function setUnauthorizedHandler(handler: ((err: ApiError) => void) | undefined): void {
  onUnauthorized = handler;
}

export interface ApiOptions {
  /** Money-moving calls: crypto.randomUUID() made once per confirmation, so a retry never pays twice. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** Do not call the unauthorized handler on 401 (the session probe and sign-in use this). */
  quietUnauthorized?: boolean;
}

export async function api<T>(method: HttpMethod, path: string, body?: unknown, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', (err as Error).message || 'The server could not be reached.');
  }
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; target?: string; details?: unknown } } | undefined)?.error;
    const err = new ApiError(res.status, e?.code ?? `Http${res.status}`, e?.message ?? (text.slice(0, 300) || res.statusText), e?.target, e?.details);
    if (res.status === 401 && !opts.quietUnauthorized) onUnauthorized?.(err);
    throw err;
  }
  return json as T;
}

/** Query string from defined values only (undefined and '' are left out). */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
