import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AzureReservationAPI } from '@azure/arm-reservations';
import type { TokenCredential } from '@azure/core-auth';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';

function clientFor(server: TestServer, token: string): AzureReservationAPI {
  const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
  return new AzureReservationAPI(credential, { endpoint: server.url, tlsOptions: { ca: server.ca } } as never);
}

describeEachEngine('Azure door through @azure/arm-reservations', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  before(async () => {
    server = await startTestServer(engine);
    client = clientFor(server, await server.token(ADMIN_AGENT));
  });
  after(async () => server?.close());

  test('lists and gets reservation orders', async () => {
    const orders = [];
    for await (const o of client.reservationOrder.list()) orders.push(o);
    assert.ok(orders.length > 100, `expected the demo orders, got ${orders.length}`);
    const one = await client.reservationOrder.get(orders[0]!.name!, { expand: 'planInformation' });
    assert.equal(one.name, orders[0]!.name);
    assert.ok(one.planInformation?.transactions?.length);
  });
});
