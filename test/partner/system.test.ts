import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Every route the server is known to serve, as OpenAPI paths. */
const KNOWN_ROUTES: Array<[string, string]> = [
  ['get', '/healthz'],
  ['get', '/openapi.json'],
  ['get', '/docs'],
  ['get', '/providers/Microsoft.Capacity/operations'],
  ['get', '/providers/Microsoft.Capacity/reservationOrders'],
  ['get', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}'],
  ['put', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}'],
  ['post', '/providers/Microsoft.Capacity/calculatePrice'],
  ['get', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}/reservations'],
  ['get', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}/reservations/{reservationId}'],
  ['get', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}/reservations/{reservationId}/revisions'],
  ['get', '/providers/Microsoft.Capacity/reservations'],
  ['get', '/subscriptions/{subscriptionId}/providers/Microsoft.Capacity/catalogs'],
  ['get', '/subscriptions/{subscriptionId}/providers/Microsoft.Capacity/appliedReservations'],
  ['post', '/v1/auth/token'],
  ['post', '/v1/auth/revoke'],
  ['get', '/v1/me'],
  ['get', '/v1/customers'],
  ['get', '/v1/customers/{customerId}'],
  ['get', '/v1/customers/{customerId}/subscriptions'],
  ['get', '/v1/customers/{customerId}/reservations'],
  ['post', '/v1/customers/{customerId}/orders'],
  ['get', '/v1/catalog/resourceTypes'],
  ['get', '/v1/catalog/items'],
];

describeEachEngine('system routes: health, OpenAPI and docs', (engine) => {
  let server: TestServer;
  let doc: any;
  before(async () => {
    server = await startTestServer(engine);
    const res = await server.call('GET', '/openapi.json');
    assert.equal(res.status, 200);
    doc = res.body;
  });
  after(async () => server?.close());

  test('GET /healthz answers ok with the engine, without a token', async () => {
    const res = await server.call('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(res.body, { status: 'ok', engine });
  });

  test('GET /openapi.json is an OpenAPI 3.1 document', () => {
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    assert.equal(doc.servers[0].url, server.httpUrl, 'the server entry is the origin the client used');
    assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
    assert.deepEqual(doc.components.schemas.Error.properties.error.required, ['code', 'message']);
  });

  test('the OpenAPI document lists every route', () => {
    assert.ok(doc.paths['/v1/customers/{customerId}/orders'], 'the order route is documented');
    assert.ok(doc.paths['/providers/Microsoft.Capacity/reservations'], 'the Azure listAll route is documented');
    const missing = KNOWN_ROUTES.filter(([method, path]) => !doc.paths[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
    assert.deepEqual(missing, [], 'every served route is documented');
  });

  test('each documented operation is complete: id, summary, tag, parameters, errors, security', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      assert.ok(!path.includes(':'), `${path} uses {param} syntax`);
      for (const [method, op] of Object.entries<any>(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.ok(op.operationId, `${where} has an operationId`);
        assert.ok(!ids.has(op.operationId), `${where}: operationId ${op.operationId} is unique`);
        ids.add(op.operationId);
        assert.ok(op.summary && op.summary.length > 10, `${where} has a summary`);
        assert.ok(['azure', 'partner', 'system'].includes(op.tags[0]), `${where} is tagged`);
        assert.ok(op.responses['4XX'], `${where} documents its errors`);
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const param = op.parameters.find((p: any) => p.in === 'path' && `{${p.name}}` === name);
          assert.ok(param?.required, `${where} documents path parameter ${name}`);
        }
      }
    }
    // The known routes: only health, documentation, ARM's operation list and sign-in are open.
    const OPEN = ['/healthz', '/openapi.json', '/docs', '/v1/auth/token', '/providers/Microsoft.Capacity/operations'];
    for (const [method, path] of KNOWN_ROUTES) {
      assert.equal(Boolean(doc.paths[path][method].security), !OPEN.includes(path), `${method.toUpperCase()} ${path} ${OPEN.includes(path) ? 'needs no' : 'needs a'} bearer token`);
    }
    for (const [method, path] of [['put', '/providers/Microsoft.Capacity/reservationOrders/{reservationOrderId}'], ['post', '/providers/Microsoft.Capacity/calculatePrice'], ['post', '/v1/customers/{customerId}/orders']] as const) {
      assert.ok(doc.paths[path][method].requestBody?.content['application/json'].schema, `${method.toUpperCase()} ${path} documents its body`);
    }
    const order = doc.paths['/v1/customers/{customerId}/orders'].post;
    assert.ok(order.requestBody.content['application/json'].schema.properties.lineItems, 'the order body lists lineItems');
    assert.ok(order.responses['201']);
  });

  test('every documented operation is served, and each one documented as needing a token refuses a call without one', async () => {
    const guid = '00000000-0000-4000-8000-000000000000';
    const operations = Object.entries<any>(doc.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ method, path, op })));
    assert.ok(operations.length >= KNOWN_ROUTES.length);
    for (const { method, path, op } of operations) {
      // No token and no body: nothing can be changed, but the route has to answer for itself.
      const res = await server.call(method.toUpperCase(), `${path.replace(/\{\w+\}/g, guid)}?api-version=2022-11-01`);
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(!(res.status === 404 && res.body?.error?.code === 'NotFound'), `${where} is documented but not served`);
      if (op.security) assert.equal(res.status, 401, `${where} is documented as needing a bearer token`);
    }
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await server.call('GET', '/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NotFound');
    assert.match(res.body.error.message, /\/v1\/nothing-here/);
  });

  test('GET /docs is a self-contained HTML page that renders /openapi.json', async () => {
    const res = await server.call('GET', '/docs');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(typeof res.body, 'string');
    assert.match(res.body, /^<!doctype html>/i);
    assert.match(res.body, /<title>[^<]+<\/title>/);
    assert.match(res.body, /\/openapi\.json/);
    assert.doesNotMatch(res.body, /<script[^>]+src=/i, 'no external scripts');
  });
});
