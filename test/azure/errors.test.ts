import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, ReservationResponse } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { API, clientFor, collect, expectRestError, idsOf } from './azure-support.ts';

const UNKNOWN = '00000000-0000-4000-8000-0000000000aa';
const ORDERS = '/providers/Microsoft.Capacity/reservationOrders';

describeEachEngine('Azure door errors and routing', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let sample: ReservationResponse;

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
    const split = await collect(client.reservation.listAll({ filter: "properties/provisioningState eq 'Split'", take: 5 }));
    assert.ok(split.length > 0);
    sample = split[0]!;
  });
  after(async () => server?.close());

  test('an unknown order or reservation is a 404 RestError with the ARM code', async () => {
    const err = await expectRestError(client.reservationOrder.get(UNKNOWN), 404, 'ReservationOrderNotFound');
    assert.match(err.message, new RegExp(UNKNOWN));
    await expectRestError(client.reservationOrder.get(UNKNOWN, { expand: 'planInformation' }), 404, 'ReservationOrderNotFound');
    await expectRestError(() => collect(client.reservation.list(UNKNOWN)), 404, 'ReservationOrderNotFound');
    const { orderId, reservationId } = idsOf(sample.id);
    await expectRestError(client.reservation.get(orderId, UNKNOWN), 404, 'ReservationNotFound');
    await expectRestError(client.reservation.get(UNKNOWN, reservationId), 404, 'ReservationNotFound');
    await expectRestError(() => collect(client.reservation.listRevisions(orderId, UNKNOWN)), 404, 'ReservationNotFound');
    // A reservation addressed under another order is not found, even though both exist.
    const other = (await collect(client.reservationOrder.list())).find((o) => o.name !== orderId)!;
    await expectRestError(client.reservation.get(other.name!, reservationId), 404, 'ReservationNotFound');
    await expectRestError(client.getAppliedReservationList(UNKNOWN), 404, 'SubscriptionNotFound');
  });

  test('a malformed order id is a 400, not a 404 or 500', async () => {
    const res = await server.call('GET', `${ORDERS}/not-a-guid?${API}`, { token });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'InvalidParameter');
    const viaClient = await client.reservationOrder.get('not-a-guid').then(() => undefined, (e: { statusCode?: number }) => e);
    assert.equal(viaClient?.statusCode, 400);
  });

  test('api-version is required and must be 2022-11-01', async () => {
    for (const path of [ORDERS, `/providers/Microsoft.Capacity/reservations`, `${ORDERS}/${UNKNOWN}`, '/providers/Microsoft.Capacity/operations']) {
      const missing = await server.call('GET', path, { token });
      assert.equal(missing.status, 400, path);
      assert.equal(missing.body.error.code, 'MissingApiVersionParameter', path);
      const empty = await server.call('GET', `${path}?api-version=`, { token });
      assert.equal(empty.body.error.code, 'MissingApiVersionParameter', path);
      for (const version of ['2020-10-25', '2022-03-01', '2022-11-01-preview', 'latest']) {
        const wrong = await server.call('GET', `${path}?api-version=${version}`, { token });
        assert.equal(wrong.status, 400, `${path} ${version}`);
        assert.equal(wrong.body.error.code, 'InvalidApiVersionParameter', `${path} ${version}`);
        assert.match(wrong.body.error.message, /2022-11-01/, 'the message names the supported version');
      }
    }
    const put = await server.call('PUT', `${ORDERS}/${UNKNOWN}`, { token, body: {} });
    assert.equal(put.body.error.code, 'MissingApiVersionParameter', 'checked before the body');
    const ok = await server.call('GET', `${ORDERS}?${API}`, { token });
    assert.equal(ok.status, 200);
  });

  test('no token, a malformed header or an unknown token is 401', async () => {
    const none = await server.call('GET', `${ORDERS}?${API}`);
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'AuthenticationFailed');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    const basic = await server.call('GET', `${ORDERS}?${API}`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(basic.status, 401);
    const forged = clientFor(server, 'rd_not-a-real-token');
    await expectRestError(forged.reservationOrder.get(idsOf(sample.id).orderId), 401, 'InvalidAuthenticationToken');
    await expectRestError(() => collect(forged.reservation.listAll()), 401, 'InvalidAuthenticationToken');
    await expectRestError(forged.reservationOrder.calculate({ sku: { name: 'x' }, location: 'y', billingScopeId: '/subscriptions/x', term: 'P1Y', quantity: 1 }), 401, 'InvalidAuthenticationToken');
    // Operation_List is public, as in ARM.
    assert.ok((await collect(forged.operation.list())).length > 0);
  });

  test('a revoked token stops working', async () => {
    const fresh = await server.call('POST', '/v1/auth/token', { body: { email: ADMIN_AGENT, password: 'demo-password' } });
    assert.equal(fresh.status, 200);
    const c = clientFor(server, fresh.body.access_token);
    await c.reservationOrder.get(idsOf(sample.id).orderId);
    const revoked = await server.call('POST', '/v1/auth/revoke', { token: fresh.body.access_token });
    assert.ok(revoked.status < 300, `revoke answered ${revoked.status}`);
    await expectRestError(c.reservationOrder.get(idsOf(sample.id).orderId), 401, 'InvalidAuthenticationToken');
  });

  test('paths and ids are case-insensitive', async () => {
    const normal = await server.call('GET', `${ORDERS}?${API}`, { token });
    const shouted = await server.call('GET', `/PROVIDERS/microsoft.capacity/RESERVATIONORDERS?${API}`, { token });
    assert.equal(shouted.status, 200);
    assert.deepEqual(shouted.body.value.map((o: any) => o.name), normal.body.value.map((o: any) => o.name));

    const { orderId, reservationId } = idsOf(sample.id);
    const upper = orderId.toUpperCase();
    const res = await server.call('GET', `/providers/MICROSOFT.CAPACITY/reservationorders/${upper}/Reservations/${reservationId.toUpperCase()}?${API}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, sample.id, 'the canonical id comes back');

    const byUpper = await client.reservationOrder.get(upper);
    assert.equal(byUpper.name, orderId);
    const list = await collect(client.reservation.list(upper));
    assert.ok(list.some((r) => r.id === sample.id));
    assert.equal((await client.reservation.get(upper, reservationId.toUpperCase())).name, reservationId);

    const lowerRevisions = await collect(client.reservation.listRevisions(orderId, reservationId));
    const upperRevisions = await collect(client.reservation.listRevisions(upper, reservationId.toUpperCase()));
    assert.deepEqual(upperRevisions.map((r) => [r.id, r.name]), lowerRevisions.map((r) => [r.id, r.name]), 'revisions do not echo the request casing');
    for (const r of upperRevisions) assert.ok(r.name!.startsWith(`${reservationId}/`), r.name);

    const listAll = await server.call('GET', `/providers/microsoft.capacity/RESERVATIONS?${API}&take=2`, { token });
    assert.equal(listAll.status, 200);
    assert.equal(listAll.body.value.length, 2);
    const trailing = await server.call('GET', `${ORDERS}/${orderId}/?${API}`, { token });
    assert.equal(trailing.status, 200, 'a trailing slash is tolerated');
  });

  test('an unknown route or a wrong verb is a 404 in the ARM error envelope', async () => {
    const res = await server.call('GET', `/providers/Microsoft.Capacity/nothingHere?${API}`, { token });
    assert.equal(res.status, 404);
    assert.equal(typeof res.body.error?.code, 'string');
    const del = await server.call('DELETE', `${ORDERS}/${idsOf(sample.id).orderId}?${API}`, { token });
    assert.equal(del.status, 404);
    assert.ok(del.body.error);
  });

  test('a PUT with an invalid body is a 400 listing the problem', async () => {
    const res = await server.call('PUT', `${ORDERS}/${UNKNOWN}?${API}`, { token, body: { sku: { name: 'Standard_D2s_v5' }, location: 'koreacentral', properties: { term: 'P1Y', quantity: 1.5 } } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'InvalidRequestContent');
    const targets = (res.body.error.details ?? []).map((d: any) => d.target);
    assert.ok(targets.includes('properties.billingScopeId'), JSON.stringify(targets));
    assert.ok(targets.includes('properties.quantity'), JSON.stringify(targets));
    const notJson = await server.call('PUT', `${ORDERS}/${UNKNOWN}?${API}`, { token, rawBody: '{"sku":' });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.error.code, 'InvalidJson');
    await expectRestError(client.reservationOrder.get(UNKNOWN), 404, 'ReservationOrderNotFound');
  });
});
