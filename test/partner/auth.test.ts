import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/test-server.ts';
import { assertError, CONTOSO_ID, customerNamed, USERS } from './helpers.ts';

const HOUR = 3_600_000;

describeEachEngine('partner door: sign-in, tokens and /v1/me', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  const signIn = (email: string, password = 'demo-password') =>
    server.call('POST', '/v1/auth/token', { body: { email, password } });

  test('every demo account signs in with demo-password and gets a bearer token for 8 hours', async () => {
    for (const email of Object.values(USERS)) {
      const res = await signIn(email);
      assert.equal(res.status, 200, `${email}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.token_type, 'Bearer');
      assert.equal(res.body.expires_in, 8 * 3600);
      assert.equal(typeof res.body.access_token, 'string');
      assert.ok(res.body.access_token.length >= 32, 'the token is long enough to be unguessable');
      const me = await server.call('GET', '/v1/me', { token: res.body.access_token });
      assert.equal(me.status, 200, `${email}: /v1/me ${JSON.stringify(me.body)}`);
    }
  });

  test('each sign-in issues a new token, and e-mail case and surrounding spaces do not matter', async () => {
    const a = await signIn(USERS.adminAgent);
    const b = await signIn(`  ${USERS.adminAgent.toUpperCase()} `);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.notEqual(a.body.access_token, b.body.access_token);
  });

  test('a wrong password and an unknown e-mail get the same 401 answer', async () => {
    const wrongPassword = await signIn(USERS.adminAgent, 'not-the-password');
    const unknownEmail = await signIn('nobody@contoso-kr.example');
    assertError(wrongPassword, 401, 'InvalidCredentials');
    assertError(unknownEmail, 401, 'InvalidCredentials');
    assert.deepEqual(unknownEmail.body, wrongPassword.body, 'the answer must not tell which part was wrong');
    assert.ok(!('access_token' in wrongPassword.body));
  });

  test('a sign-in without e-mail or password is a 400 naming the field', async () => {
    const res = await server.call('POST', '/v1/auth/token', { body: { email: USERS.adminAgent } });
    assertError(res, 400, 'InvalidRequestContent', /password/);
  });

  test('/v1/me describes a partner user: tenant, roles and partner', async () => {
    const token = await server.token(USERS.adminAgent);
    const me = await server.call('GET', '/v1/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.tenantType, 'partner');
    assert.deepEqual(me.body.roles, ['AdminAgent']);
    assert.match(me.body.name, /admin\.agent@contoso-kr\.example/);
    assert.deepEqual(me.body.partner, { id: CONTOSO_ID, name: 'Contoso Cloud Korea', type: 'DirectBill', billingCurrency: 'KRW' });
    assert.equal(me.body.customerId, undefined);
  });

  test('/v1/me describes a customer user with its customer id and no partner', async () => {
    const token = await server.token(USERS.hanbitOwner);
    const me = await server.call('GET', '/v1/me', { token });
    assert.equal(me.status, 200);
    assert.equal(me.body.tenantType, 'customer');
    const hanbit = await customerNamed(server, await server.token(USERS.adminAgent), '한빛제조');
    assert.equal(me.body.customerId, hanbit.id);
    assert.equal(me.body.partner, undefined);
  });

  test('/v1/me describes a provider user', async () => {
    const me = await server.call('GET', '/v1/me', { token: await server.token(USERS.operator) });
    assert.equal(me.status, 200);
    assert.equal(me.body.tenantType, 'provider');
    assert.deepEqual(me.body.roles, ['ProviderAdmin']);
  });

  test('no token, a malformed header or an unknown token is 401 with WWW-Authenticate', async () => {
    const none = await server.call('GET', '/v1/me');
    assertError(none, 401, 'AuthenticationFailed');
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    const basic = await server.call('GET', '/v1/me', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    assertError(basic, 401, 'AuthenticationFailed');
    const unknown = await server.call('GET', '/v1/me', { token: 'rd_this-token-was-never-issued' });
    assertError(unknown, 401, 'InvalidAuthenticationToken');
    assert.equal(unknown.headers.get('www-authenticate'), 'Bearer');
  });

  test('a revoked token is refused afterwards; other tokens of the same user keep working', async () => {
    const first = (await signIn(USERS.salesAgent)).body.access_token as string;
    const second = (await signIn(USERS.salesAgent)).body.access_token as string;
    assert.equal((await server.call('GET', '/v1/me', { token: first })).status, 200);
    const revoke = await server.call('POST', '/v1/auth/revoke', { token: first });
    assert.equal(revoke.status, 204, JSON.stringify(revoke.body));
    assertError(await server.call('GET', '/v1/me', { token: first }), 401, 'InvalidAuthenticationToken');
    assertError(await server.call('GET', '/v1/customers', { token: first }), 401, 'InvalidAuthenticationToken');
    assertError(await server.call('POST', '/v1/auth/revoke', { token: first }), 401, 'InvalidAuthenticationToken');
    assert.equal((await server.call('GET', '/v1/me', { token: second })).status, 200, 'only the revoked token stops working');
  });

  test('a token expires 8 hours after it was issued, on both doors', async () => {
    const token = (await signIn(USERS.helpdeskAgent)).body.access_token as string;
    const issuedAt = Date.parse(TEST_NOW);
    try {
      server.clock.set(new Date(issuedAt + 8 * HOUR - 1000));
      assert.equal((await server.call('GET', '/v1/me', { token })).status, 200, 'still valid one second before expiry');
      server.clock.set(new Date(issuedAt + 8 * HOUR + 1000));
      const expired = await server.call('GET', '/v1/me', { token });
      assertError(expired, 401, 'InvalidAuthenticationToken', /expired/);
      assert.equal(expired.headers.get('www-authenticate'), 'Bearer');
      assertError(await server.call('GET', '/providers/Microsoft.Capacity/reservations?api-version=2022-11-01', { token }), 401, 'InvalidAuthenticationToken');
      // A new sign-in at the later time works again.
      const fresh = (await signIn(USERS.helpdeskAgent)).body.access_token as string;
      assert.equal((await server.call('GET', '/v1/me', { token: fresh })).status, 200);
    } finally {
      server.clock.set(TEST_NOW);
    }
  });
});
