import assert from 'node:assert/strict';
import { call } from '../../support/server-process.ts';
import { DEMO_PASSWORD } from './console.ts';

/** The /v1 API of a console server as demo accounts, for a browser test's setup and checks. */
export interface ApiSession {
  /** A bearer token of `email` (signed in on first use, then reused). */
  token(email: string): Promise<string>;
  /** Calls `path` as `email`; any answer other than 2xx fails the test with the answer. */
  api(email: string, method: string, path: string, body?: unknown): Promise<any>;
}

/** `baseUrl` is read on each call, since the server starts in before(). */
export function apiSession(baseUrl: () => string): ApiSession {
  const tokens = new Map<string, string>();
  const token = async (email: string): Promise<string> => {
    let t = tokens.get(email);
    if (!t) {
      const r = await call(baseUrl(), 'POST', '/v1/auth/token', { body: { email, password: DEMO_PASSWORD } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      t = r.body.access_token as string;
      tokens.set(email, t);
    }
    return t;
  };
  const api = async (email: string, method: string, path: string, body?: unknown): Promise<any> => {
    const r = await call(baseUrl(), method, path, { token: await token(email), body });
    assert.ok(r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { token, api };
}

/** The order and reservation GUIDs of an Azure reservation id, lower-cased as the console's URLs use them. */
export function idsOf(row: { id: string }): { orderId: string; reservationId: string } {
  const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(row.id)!;
  return { orderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase() };
}
