import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/doors/http/server.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The console's own API (issue 6): the demo accounts for the sign-in page (only in demo mode),
 * the per-user language, the sections /v1/me offers to the navigation; and how the server serves
 * the console build (SPA fallback, caching, security headers, API paths kept as JSON 404s).
 */
describeEachEngine('console shell API', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => { await server?.close(); });

  test('demo accounts: 404 unless the server runs on the demo data, then the accounts and password', async () => {
    server.ctx.config.demo = false;
    const off = await server.call('GET', '/v1/auth/demoAccounts');
    assert.equal(off.status, 404);
    server.ctx.config.demo = true;
    try {
      const on = await server.call('GET', '/v1/auth/demoAccounts');
      assert.equal(on.status, 200);
      assert.equal(on.body.password, 'demo-password');
      const emails = on.body.accounts.map((a: { email: string }) => a.email);
      assert.ok(emails.includes(ADMIN_AGENT));
      assert.ok(emails.includes('support@provider.example'));
      assert.ok(emails.includes('owner@hanbit-mfg.example'));
      // Every listed account really signs in with the listed password.
      for (const email of [ADMIN_AGENT, 'owner@hanbit-mfg.example']) {
        const res = await server.call('POST', '/v1/auth/token', { body: { email, password: on.body.password } });
        assert.equal(res.status, 200, email);
      }
    } finally {
      server.ctx.config.demo = false;
    }
  });

  test('language: null until chosen, remembered per user, validated', async () => {
    const token = await server.token('sales.agent@contoso-kr.example');
    const other = await server.token('helpdesk.agent@contoso-kr.example');
    assert.equal((await server.call('GET', '/v1/me', { token })).body.language, null);
    const set = await server.call('PATCH', '/v1/me/preferences', { token, body: { language: 'ko' } });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { language: 'ko' });
    assert.equal((await server.call('GET', '/v1/me', { token })).body.language, 'ko');
    assert.equal((await server.call('GET', '/v1/me', { token: other })).body.language, null, 'another user keeps theirs');
    const bad = await server.call('PATCH', '/v1/me/preferences', { token, body: { language: 'fr' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.target, 'language');
    const extra = await server.call('PATCH', '/v1/me/preferences', { token, body: { language: 'en', theme: 'dark' } });
    assert.equal(extra.status, 400);
    assert.equal((await server.call('GET', '/v1/me', { token })).body.language, 'ko', 'a refused change changes nothing');
    assert.equal((await server.call('PATCH', '/v1/me/preferences', { body: { language: 'en' } })).status, 401);
  });

  test('a cookie session needs the CSRF token to change the language', async () => {
    const s = await server.call('POST', '/v1/auth/session', { body: { email: 'user.admin@contoso-kr.example', password: 'demo-password' } });
    assert.equal(s.status, 201);
    const cookie = s.headers.get('set-cookie')!.split(';')[0]!;
    const without = await server.call('PATCH', '/v1/me/preferences', { body: { language: 'en' }, headers: { cookie } });
    assert.equal(without.status, 403);
    const withToken = await server.call('PATCH', '/v1/me/preferences', { body: { language: 'en' }, headers: { cookie, 'x-csrf-token': s.body.csrfToken } });
    assert.equal(withToken.status, 200);
  });

  test('/v1/me gives the console the user\'s own name and e-mail apart', async () => {
    const me = (await server.call('GET', '/v1/me', { token: await server.token('global.admin@contoso-kr.example') })).body;
    assert.equal(me.displayName, '김지은 (Global admin)');
    assert.equal(me.email, 'global.admin@contoso-kr.example');
  });

  test('/v1/me lists the navigation sections as the policy decides them', async () => {
    const sections = async (email: string) => (await server.call('GET', '/v1/me', { token: await server.token(email) })).body.sections;
    const ga = await sections('global.admin@contoso-kr.example');
    assert.deepEqual(ga, { customers: true, supportRequests: true, billing: true, users: true, settings: true, auditLog: true, desk: false });
    const ha = await sections('helpdesk.agent@contoso-kr.example');
    assert.equal(ha.customers, true);
    assert.equal(ha.billing, false);
    assert.equal(ha.users, false);
    assert.equal(ha.auditLog, false);
    const ba = await sections('billing.admin@contoso-kr.example');
    assert.equal(ba.billing, true);
    assert.equal(ba.customers, false);
    const se = await sections('support@provider.example');
    assert.equal(se.desk, true);
    assert.equal(se.customers, false);
    const co = await sections('owner@hanbit-mfg.example');
    assert.equal(co.customers, false);
    assert.equal(co.desk, false);
  });
});

describe('console static serving', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-console-'));
  const ctx = { store: undefined, clock: undefined, config: {} } as never;
  const { app } = buildApp(ctx, { consoleDir: dir });
  const missing = buildApp(ctx, { consoleDir: path.join(dir, 'absent') }).app;
  before(() => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  after(async () => {
    await app.close();
    await missing.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('browser navigations get index.html, not cached, with the security headers', async () => {
    for (const url of ['/', '/customers', '/reservations/a/b/overview?x=1', '/signin']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<title>console<\/title>/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
  });

  test('hashed assets are cached for a year; a missing asset is a 404', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, 'console.log(1)');
    assert.match(String(js.headers['content-type']), /text\/javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const gone = await app.inject({ method: 'GET', url: '/assets/index-old.js', headers: { accept: '*/*' } });
    assert.equal(gone.statusCode, 404);
    const escape = await app.inject({ method: 'GET', url: '/assets/..%2f..%2fpackage.json' });
    assert.equal(escape.statusCode, 404);
  });

  test('API paths never fall back to the console', async () => {
    for (const url of ['/v1/nothing', '/providers/Microsoft.Capacity/nothing', '/subscriptions/x/nothing', '/healthz/x']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'NotFound');
    }
    const post = await app.inject({ method: 'POST', url: '/customers', headers: { accept: 'text/html' } });
    assert.equal(post.statusCode, 404);
    const json = await app.inject({ method: 'GET', url: '/customers', headers: { accept: 'application/json' } });
    assert.equal(json.statusCode, 404);
  });

  test('without a build, the console answers how to build it', async () => {
    const res = await missing.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
  });
});
