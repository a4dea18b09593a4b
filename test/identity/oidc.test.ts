import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { assertError, USERS } from '../partner/helpers.ts';

describeEachEngine('identity: OpenID Connect sign-in against a local provider', (engine) => {
  let server: TestServer;
  let idp: TestOidcProvider;
  before(async () => {
    server = await startTestServer(engine);
    idp = await startOidcProvider({ now: () => server.clock.now(), email: USERS.adminAgent, redirectUri: () => `${server.httpUrl}/v1/auth/oidc/callback` });
    server.ctx.config.oidc = { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${server.httpUrl}/v1/auth/oidc/callback` };
  });
  after(async () => { await idp?.close(); await server?.close(); });

  /** Browser steps: login → provider authorize (auto-approve) → callback. Returns the callback's answer. */
  async function signIn(): Promise<Response> {
    const login = await fetch(`${server.httpUrl}/v1/auth/oidc/login`, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const authorize = new URL(login.headers.get('location')!);
    assert.equal(authorize.origin, idp.issuer);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const approved = await fetch(authorize, { redirect: 'manual' });
    assert.equal(approved.status, 302, await approved.text());
    const callback = approved.headers.get('location')!;
    assert.ok(callback.startsWith(`${server.httpUrl}/v1/auth/oidc/callback?`));
    return fetch(callback, { redirect: 'manual' });
  }

  test('an existing enabled user signs in: a console session cookie that authenticates /v1/me', async () => {
    idp.tamper = undefined;
    idp.email = USERS.adminAgent;
    const res = await signIn();
    assert.equal(res.status, 303, await res.text());
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.match(cookie, /^rd_session=rds_/);
    assert.match(res.headers.get('set-cookie')!, /HttpOnly/);
    const me = await server.call('GET', '/v1/me', { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.match(me.body.name, /admin\.agent@contoso-kr\.example/);
    const audit = await server.ctx.store.db.selectFrom('audit_log').select(['action', 'after_state']).where('action', '=', 'auth.signIn').execute();
    assert.ok(audit.some((a) => (a.after_state ?? '').includes('"oidc"')));
  });

  for (const tamper of ['foreignKey', 'wrongAudience', 'wrongNonce', 'expired', 'wrongIssuer'] as const) {
    test(`an ID token with ${tamper} is refused and no session is made`, async () => {
      idp.tamper = tamper;
      idp.email = USERS.adminAgent;
      const res = await signIn();
      const body = await res.json();
      assertError({ status: res.status, body, headers: res.headers }, 401, 'OidcSignInFailed');
      assert.equal(res.headers.get('set-cookie'), null);
      idp.tamper = undefined;
    });
  }

  test('an unknown or disabled e-mail is refused; a state is single-use', async () => {
    idp.email = 'stranger@contoso-kr.example';
    const unknown = await signIn();
    assert.equal(unknown.status, 401);
    idp.email = USERS.salesAgent;
    await server.ctx.store.db.updateTable('users').set({ disabled: 1 }).where('email', '=', USERS.salesAgent).execute();
    assert.equal((await signIn()).status, 401);
    await server.ctx.store.db.updateTable('users').set({ disabled: 0 }).where('email', '=', USERS.salesAgent).execute();

    const login = await fetch(`${server.httpUrl}/v1/auth/oidc/login`, { redirect: 'manual' });
    const approved = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = approved.headers.get('location')!;
    assert.equal((await fetch(callback, { redirect: 'manual' })).status, 303);
    const replay = await fetch(callback, { redirect: 'manual' });
    assert.equal(replay.status, 401, 'the state cannot be used twice');
    assertError({ status: 401, body: await replay.json(), headers: replay.headers }, 401, 'OidcSignInFailed', /state/);
  });

  test('without configuration the routes answer 404', async () => {
    const saved = server.ctx.config.oidc;
    server.ctx.config.oidc = undefined;
    try {
      const res = await server.call('GET', '/v1/auth/oidc/login');
      assertError(res, 404, 'OidcNotConfigured');
    } finally {
      server.ctx.config.oidc = saved;
    }
  });
});
