import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { assertError, customerNamed, subscriptionsOf, USERS } from '../partner/helpers.ts';

const MINUTE = 60_000;
const VM_OFFER = 'VirtualMachines:Standard_D2s_v5:koreacentral';

function advance(server: TestServer, ms: number): void {
  server.clock.set(new Date(server.clock.now().getTime() + ms));
}

async function auditActions(server: TestServer, targetId?: string): Promise<string[]> {
  let q = server.ctx.store.db.selectFrom('audit_log').select(['action', 'target_id']).orderBy('id');
  if (targetId) q = q.where('target_id', '=', targetId);
  return (await q.execute()).map((r) => r.action);
}

describeEachEngine('identity: sign-in throttling and lock', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());
  const signIn = (email: string, password: string) => server.call('POST', '/v1/auth/token', { body: { email, password } });

  test('five failures slow the account down (429 + Retry-After), ten lock it even for the right password, the lock ends', async () => {
    const email = USERS.salesAgent;
    for (let i = 0; i < 5; i++) assertError(await signIn(email, `wrong-password-${i}`), 401, 'InvalidCredentials');
    const slowed = await signIn(email, 'demo-password');
    assertError(slowed, 429, 'TooManySignInAttempts');
    assert.equal(slowed.headers.get('retry-after'), '60');
    for (let i = 5; i < 9; i++) {
      advance(server, MINUTE);
      assertError(await signIn(email, `wrong-password-${i}`), 401, 'InvalidCredentials');
    }
    advance(server, MINUTE);
    const locking = await signIn(email, 'wrong-password-9');
    assertError(locking, 429, 'AccountLocked');
    assert.equal(locking.headers.get('retry-after'), String(15 * 60));
    advance(server, 5 * MINUTE);
    const locked = await signIn(email, 'demo-password');
    assertError(locked, 429, 'AccountLocked');
    assert.equal(locked.headers.get('retry-after'), String(10 * 60));
    // Another account from the same address is not locked.
    assert.equal((await signIn(USERS.helpdeskAgent, 'demo-password')).status, 200);
    advance(server, 10 * MINUTE);
    const again = await signIn(email, 'demo-password');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const salesId = (await server.ctx.store.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    const actions = await auditActions(server, salesId);
    assert.equal(actions.filter((a) => a === 'auth.signInFailed').length, 10);
    assert.ok(actions.includes('auth.accountLocked'));
    assert.ok(actions.includes('auth.signIn'));
    assert.ok(actions.includes('auth.tokenIssued'));
  });

  test('an unknown account is throttled exactly like a real one (no hint that it does not exist)', async () => {
    const real = [];
    const ghost = [];
    for (let i = 0; i < 6; i++) {
      real.push(await signIn(USERS.billingAdmin, `nope-${i}`));
      ghost.push(await signIn('ghost@contoso-kr.example', `nope-${i}`));
    }
    assert.deepEqual(real.map((r) => r.status), ghost.map((r) => r.status));
    assert.deepEqual(real[5]!.body, ghost[5]!.body);
    assert.equal(real[5]!.status, 429);
    advance(server, 20 * MINUTE);
  });

  test('the counts live in the database: a second server instance on the same store sees the lock', async () => {
    const email = USERS.globalAdmin;
    for (let i = 0; i < 5; i++) assertError(await signIn(email, `bad-${i}`), 401, 'InvalidCredentials');
    const rows = await server.ctx.store.db.selectFrom('sign_in_throttle').selectAll().where('key', '=', `account:${email}`).execute();
    assert.equal(rows[0]?.failures, 5);
    advance(server, 20 * MINUTE);
    assert.equal((await signIn(email, 'demo-password')).status, 200);
    assert.equal((await server.ctx.store.db.selectFrom('sign_in_throttle').selectAll().where('key', '=', `account:${email}`).execute()).length, 0, 'success clears the account count');
  });

  test('twenty failures from one address slow every account from it', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await signIn(`nobody-${i}@example.org`, 'whatever-password');
      assertError(res, 401, 'InvalidCredentials');
    }
    const res = await signIn(USERS.adminAgent, 'demo-password');
    assertError(res, 429, 'TooManySignInAttempts');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    advance(server, 20 * MINUTE);
    assert.equal((await signIn(USERS.adminAgent, 'demo-password')).status, 200);
  });
});

describeEachEngine('identity: console sessions and CSRF', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  async function session(email: string) {
    const res = await server.call('POST', '/v1/auth/session', { body: { email, password: 'demo-password' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { res, setCookie, cookie: setCookie.split(';')[0]!, csrf: res.body.csrfToken as string };
  }

  test('the cookie is HttpOnly, SameSite=Strict, Path=/; Secure on HTTPS only', async () => {
    const { setCookie, csrf } = await session(USERS.adminAgent);
    assert.match(setCookie, /^rd_session=rds_[A-Za-z0-9_-]{40,}; /);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/, 'plain HTTP cannot carry a Secure cookie');
    assert.ok(csrf.length >= 32);
    const { request } = await import('node:https');
    const secureCookie = await new Promise<string>((resolve, reject) => {
      const req = request(`${server.url}/v1/auth/session`, { method: 'POST', ca: server.ca, headers: { 'content-type': 'application/json' } }, (r) => {
        r.resume();
        resolve(String(r.headers['set-cookie']?.[0] ?? ''));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ email: USERS.adminAgent, password: 'demo-password' }));
    });
    assert.match(secureCookie, /; Secure/);
  });

  test('the cookie authenticates reads; unsafe requests need the X-CSRF-Token of the session', async () => {
    const { cookie, csrf } = await session(USERS.adminAgent);
    const me = await server.call('GET', '/v1/me', { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.match(me.body.name, /admin\.agent@contoso-kr\.example/);
    const info = await server.call('GET', '/v1/auth/session', { headers: { cookie } });
    assert.equal(info.body.csrfToken, csrf);
    const hanbit = await customerNamed(server, await server.token(USERS.adminAgent), '한빛제조');
    const path = `/v1/customers/${hanbit.id}/purchasePermission`;
    assertError(await server.call('PUT', path, { headers: { cookie }, body: { enabled: false } }), 403, 'CsrfTokenInvalid');
    assertError(await server.call('PUT', path, { headers: { cookie, 'x-csrf-token': `${csrf.slice(0, -1)}x` }, body: { enabled: false } }), 403, 'CsrfTokenInvalid');
    const other = await session(USERS.globalAdmin);
    assertError(await server.call('PUT', path, { headers: { cookie, 'x-csrf-token': other.csrf }, body: { enabled: false } }), 403, 'CsrfTokenInvalid');
    const ok = await server.call('PUT', path, { headers: { cookie, 'x-csrf-token': csrf }, body: { enabled: false } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  test('a bearer header wins over the cookie and needs no CSRF token', async () => {
    const { cookie } = await session(USERS.adminAgent);
    const token = await server.token(USERS.globalAdmin);
    const me = await server.call('GET', '/v1/me', { token, headers: { cookie } });
    assert.match(me.body.name, /global\.admin/);
    const hanbit = await customerNamed(server, token, '한빛제조');
    const res = await server.call('PUT', `/v1/customers/${hanbit.id}/purchasePermission`, { token, headers: { cookie }, body: { enabled: false } });
    assert.equal(res.status, 200);
  });

  test('signing out ends the session at once', async () => {
    const { cookie, csrf } = await session(USERS.helpdeskAgent);
    assert.equal((await server.call('GET', '/v1/me', { headers: { cookie } })).status, 200);
    assertError(await server.call('DELETE', '/v1/auth/session', { headers: { cookie } }), 403, 'CsrfTokenInvalid');
    const out = await server.call('DELETE', '/v1/auth/session', { headers: { cookie, 'x-csrf-token': csrf } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /rd_session=; .*Max-Age=0/);
    assertError(await server.call('GET', '/v1/me', { headers: { cookie } }), 401, 'SessionExpired');
    assertError(await server.call('GET', '/v1/auth/session', { headers: { cookie } }), 401, 'NoSession');
  });

  test('a session expires with the token lifetime', async () => {
    const { cookie } = await session(USERS.salesAgent);
    server.clock.set(new Date(server.clock.now().getTime() + 8 * 3_600_000 + 1000));
    assertError(await server.call('GET', '/v1/me', { headers: { cookie } }), 401, 'SessionExpired');
  });
});

describeEachEngine('identity: revoked and expired bearer tokens', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  test('a revoked token is refused at once; an expired one too', async () => {
    const signIn = await server.call('POST', '/v1/auth/token', { body: { email: USERS.adminAgent, password: 'demo-password' } });
    const token = signIn.body.access_token;
    assert.equal((await server.call('GET', '/v1/me', { token })).status, 200);
    assert.equal((await server.call('POST', '/v1/auth/revoke', { token })).status, 204);
    assertError(await server.call('GET', '/v1/me', { token }), 401, 'InvalidAuthenticationToken');
    const second = (await server.call('POST', '/v1/auth/token', { body: { email: USERS.adminAgent, password: 'demo-password' } })).body.access_token;
    advance(server, 8 * 3_600_000 - 1000);
    assert.equal((await server.call('GET', '/v1/me', { token: second })).status, 200);
    advance(server, 1000);
    assertError(await server.call('GET', '/v1/me', { token: second }), 401, 'InvalidAuthenticationToken');
  });
});

describeEachEngine('identity: app registrations and the client-credentials grant', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  const form = (fields: Record<string, string>) => server.call('POST', '/v1/auth/token', {
    rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

  test('a user admin creates an app; its token carries only the app roles; deleting it stops the token', async () => {
    const admin = await server.token(USERS.globalAdmin.replace('global.admin', 'user.admin'));
    const created = await server.call('POST', '/v1/appRegistrations', { token: admin, body: { displayName: 'Billing export', roles: ['BillingAdmin'] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { clientId, clientSecret } = created.body;
    assert.match(clientSecret, /^rdc_/);
    const listed = await server.call('GET', '/v1/appRegistrations', { token: admin });
    assert.equal(listed.body.items.length, 1);
    assert.equal(JSON.stringify(listed.body).includes(clientSecret), false, 'the secret is shown once');
    const stored = await server.ctx.store.db.selectFrom('app_registrations').selectAll().executeTakeFirstOrThrow();
    assert.notEqual(stored.secret_hash, clientSecret);

    const tokenRes = await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    assert.equal(tokenRes.status, 200, JSON.stringify(tokenRes.body));
    assert.equal(tokenRes.body.token_type, 'Bearer');
    assert.equal(tokenRes.body.scope, 'BillingAdmin');
    const token = tokenRes.body.access_token;
    const me = await server.call('GET', '/v1/me', { token });
    assert.equal(me.body.tenantType, 'partner');
    assert.deepEqual(me.body.roles, ['BillingAdmin']);
    assert.equal((await server.call('GET', '/v1/credits', { token })).status, 200, 'billing admins read credits');
    const customers = await server.call('GET', '/v1/customers', { token });
    assert.equal(customers.body.totalCount ?? customers.body.items?.length ?? 0, 0, 'a billing-only app sees no customers');
    assertError(await server.call('GET', '/v1/users', { token }), 403, 'AuthorizationFailed');

    assertError(await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientSecret}x` }), 401, 'invalid_client');
    assertError(await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'GlobalAdmin' }), 400, 'invalid_scope');
    assertError(await form({ grant_type: 'password', client_id: clientId, client_secret: clientSecret }), 400, 'InvalidRequestContent');

    assert.equal((await server.call('DELETE', `/v1/appRegistrations/${clientId}`, { token: admin })).status, 204);
    assertError(await server.call('GET', '/v1/me', { token }), 401, 'InvalidAuthenticationToken');
    assertError(await form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }), 401, 'invalid_client');
    const actions = await auditActions(server, clientId);
    assert.deepEqual(actions.filter((a) => a.startsWith('app.')), ['app.created', 'app.deleted']);
  });

  test('apps may not hold Global admin or User management admin; other roles (and other partners) may not create or delete apps', async () => {
    const admin = await server.token(USERS.globalAdmin);
    assertError(await server.call('POST', '/v1/appRegistrations', { token: admin, body: { displayName: 'x', roles: ['GlobalAdmin'] } }), 400, 'InvalidRoles');
    assertError(await server.call('POST', '/v1/appRegistrations', { token: await server.token(USERS.adminAgent), body: { displayName: 'x', roles: ['SalesAgent'] } }), 403, 'AuthorizationFailed');
    const created = await server.call('POST', '/v1/appRegistrations', { token: admin, body: { displayName: 'CRM sync', roles: ['SalesAgent', 'HelpdeskAgent'] } });
    const tokenRes = await form({ grant_type: 'client_credentials', client_id: created.body.clientId, client_secret: created.body.clientSecret });
    const me = await server.call('GET', '/v1/me', { token: tokenRes.body.access_token });
    assert.deepEqual(me.body.roles, ['SalesAgent', 'HelpdeskAgent']);
    assertError(await server.call('DELETE', `/v1/appRegistrations/${created.body.clientId}`, { token: await server.token(USERS.fabrikamAgent) }), 403, 'AuthorizationFailed');
  });
});

describeEachEngine('identity: user management', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());
  const userAdmin = () => server.token('user.admin@contoso-kr.example');

  test('invite → set password (policy) → sign in; roles change; disable stops tokens at once; reset password', async () => {
    const token = await userAdmin();
    const invited = await server.call('POST', '/v1/users', { token, body: { email: 'New.Agent@contoso-kr.example', displayName: 'New agent', roles: ['SalesAgent'] } });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const { user, setPasswordToken } = invited.body;
    assert.equal(user.email, 'new.agent@contoso-kr.example');
    assert.equal(user.passwordSet, false);
    assertError(await server.call('POST', '/v1/auth/token', { body: { email: user.email, password: 'anything-at-all' } }), 401, 'InvalidCredentials');
    assertError(await server.call('POST', '/v1/users', { token, body: { email: 'new.agent@contoso-kr.example', displayName: 'x', roles: ['SalesAgent'] } }), 409, 'UserExists');

    for (const [pw, re] of [['short-pw', /12 characters/], ['new.agent@contoso-kr.example', /e-mail/], ['Password1234', /common/]] as const) {
      assertError(await server.call('POST', '/v1/auth/setPassword', { body: { token: setPasswordToken, password: pw } }), 400, 'PasswordPolicy', re);
    }
    const good = 'violet-harbor-lantern-42';
    assert.equal((await server.call('POST', '/v1/auth/setPassword', { body: { token: setPasswordToken, password: good } })).status, 204);
    assertError(await server.call('POST', '/v1/auth/setPassword', { body: { token: setPasswordToken, password: good } }), 400, 'InvalidPasswordToken');
    const signed = await server.call('POST', '/v1/auth/token', { body: { email: user.email, password: good } });
    assert.equal(signed.status, 200);
    const agentToken = signed.body.access_token;

    const patched = await server.call('PATCH', `/v1/users/${user.id}`, { token, body: { roles: ['HelpdeskAgent', 'BillingAdmin'] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual((await server.call('GET', '/v1/me', { token: agentToken })).body.roles, ['HelpdeskAgent', 'BillingAdmin'], 'roles apply at once');

    const reset = await server.call('POST', `/v1/users/${user.id}/resetPassword`, { token });
    assert.equal(reset.status, 200);
    assert.equal((await server.call('POST', '/v1/auth/setPassword', { body: { token: reset.body.setPasswordToken, password: 'copper-meadow-sailing-7' } })).status, 204);
    assertError(await server.call('GET', '/v1/me', { token: agentToken }), 401, 'InvalidAuthenticationToken', undefined);
    const again = (await server.call('POST', '/v1/auth/token', { body: { email: user.email, password: 'copper-meadow-sailing-7' } })).body.access_token;
    assert.equal((await server.call('POST', `/v1/users/${user.id}/disable`, { token })).status, 200);
    assertError(await server.call('GET', '/v1/me', { token: again }), 401, 'InvalidAuthenticationToken');
    assertError(await server.call('POST', '/v1/auth/token', { body: { email: user.email, password: 'copper-meadow-sailing-7' } }), 401, 'InvalidCredentials');

    const listed = await server.call('GET', '/v1/users', { token });
    assert.ok(listed.body.items.every((u: any) => u.email.endsWith('@contoso-kr.example')));
    const actions = await auditActions(server, user.id);
    for (const a of ['user.invited', 'user.passwordSet', 'user.rolesChanged', 'user.passwordResetIssued', 'user.disabled']) assert.ok(actions.includes(a), a);
  });

  test('nobody removes or disables the last global admin (409); a user admin cannot make or unmake global admins', async () => {
    const ga = await server.token(USERS.globalAdmin);
    const users = (await server.call('GET', '/v1/users', { token: ga })).body.items;
    const gaId = users.find((u: any) => u.email === USERS.globalAdmin).id;
    assertError(await server.call('PATCH', `/v1/users/${gaId}`, { token: ga, body: { roles: ['AdminAgent'] } }), 409, 'LastGlobalAdmin');
    assertError(await server.call('POST', `/v1/users/${gaId}/disable`, { token: ga }), 409, 'LastGlobalAdmin');
    assertError(await server.call('PATCH', `/v1/users/${gaId}`, { token: await userAdmin(), body: { roles: ['AdminAgent'] } }), 403, 'AuthorizationFailed');
    assertError(await server.call('POST', '/v1/users', { token: await userAdmin(), body: { email: 'ga2@contoso-kr.example', displayName: 'x', roles: ['GlobalAdmin'] } }), 403, 'AuthorizationFailed');
    // With a second global admin the first may step down.
    const second = await server.call('POST', '/v1/users', { token: ga, body: { email: 'ga2@contoso-kr.example', displayName: 'Second admin', roles: ['GlobalAdmin'] } });
    assert.equal(second.status, 201);
    const down = await server.call('PATCH', `/v1/users/${gaId}`, { token: ga, body: { roles: ['AdminAgent'] } });
    assert.equal(down.status, 200, JSON.stringify(down.body));
    const ga2Token = (await server.call('POST', '/v1/auth/setPassword', { body: { token: second.body.setPasswordToken, password: 'granite-orchard-puzzle-5' } }), (await server.call('POST', '/v1/auth/token', { body: { email: 'ga2@contoso-kr.example', password: 'granite-orchard-puzzle-5' } })).body.access_token);
    assertError(await server.call('POST', `/v1/users/${second.body.user.id}/disable`, { token: ga2Token }), 409, 'LastGlobalAdmin');
  });

  test("another partner's user is not found (404); other roles are refused (403)", async () => {
    const ga = await userAdmin();
    const contosoUser = (await server.call('GET', '/v1/users', { token: ga })).body.items[0];
    const fabrikamUser = await server.ctx.store.db.selectFrom('users').select('id').where('email', '=', USERS.fabrikamAgent).executeTakeFirstOrThrow();
    assertError(await server.call('POST', `/v1/users/${fabrikamUser.id}/disable`, { token: ga }), 404, 'UserNotFound');
    assertError(await server.call('PATCH', `/v1/users/${fabrikamUser.id}`, { token: ga, body: { roles: ['SalesAgent'] } }), 404, 'UserNotFound');
    assertError(await server.call('POST', `/v1/users/${fabrikamUser.id}/resetPassword`, { token: await userAdmin() }), 404, 'UserNotFound');
    for (const email of [USERS.adminAgent, USERS.salesAgent, USERS.billingAdmin, USERS.fabrikamAgent, USERS.hanbitOwner, USERS.support, USERS.operator]) {
      assertError(await server.call('POST', `/v1/users/${contosoUser.id}/disable`, { token: await server.token(email) }), 403, 'AuthorizationFailed');
    }
  });
});
