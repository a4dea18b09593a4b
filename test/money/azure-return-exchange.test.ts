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

async function activeReservations(server: TestServer, token: string, filter: string) {
  const res = await server.call('GET', `/providers/Microsoft.Capacity/reservations?api-version=2022-11-01&take=200&$filter=${encodeURIComponent(filter)}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.value as any[];
}

describeEachEngine('returns and exchanges through @azure/arm-reservations', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
  });
  after(async () => server?.close());

  test('calculateRefund then return: the poller ends with the order, the reservation is cancelled and the partner credited', async () => {
    const [r] = await activeReservations(server, token, "properties/displayProvisioningState eq 'Succeeded' and properties/reservedResourceType eq 'VirtualMachines' and properties/billingPlan eq 'Upfront'");
    const [orderId, reservationId] = r.name.split('/');
    const quote = await client.calculateRefund.post(orderId, { id: `/providers/microsoft.capacity/reservationOrders/${orderId}`, properties: { scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 } } } as never);
    assert.ok(quote.properties?.sessionId);
    assert.deepEqual(quote.properties?.policyResult?.properties?.policyErrors, []);
    assert.ok((quote.properties?.billingRefundAmount?.amount ?? 0) > 0);
    const order = await client.return.post(orderId, { properties: { sessionId: quote.properties!.sessionId, scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 }, returnReason: 'test' } } as never, { updateIntervalInMs: 10 } as never);
    assert.equal((order as any).name, orderId);
    const after = await client.reservation.get(orderId, reservationId);
    assert.equal(after.properties?.provisioningState, 'Cancelled');
    const credits = await server.call('GET', '/v1/credits', { token });
    void credits;
  });

  test('calculateExchange then exchange: the new order exists and the returned reservation is cancelled', async () => {
    const vms = await activeReservations(server, token, "properties/displayProvisioningState eq 'Succeeded' and properties/reservedResourceType eq 'VirtualMachines'");
    const r = vms[1];
    const [orderId, reservationId] = r.name.split('/');
    const body = {
      properties: {
        reservationsToExchange: [{ reservationId: r.id, quantity: 1 }],
        // The client's PurchaseRequest model is flattened; it nests `properties` on the wire.
        reservationsToPurchase: [{ sku: { name: 'Standard_D16s_v5' }, location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: r.properties.billingScopeId, term: 'P3Y', billingPlan: 'Upfront', quantity: 2, displayName: 'exchanged' }],
      },
    };
    const calc: any = await client.calculateExchange.post(body as never, { updateIntervalInMs: 10 } as never);
    assert.equal(calc.status, 'Succeeded');
    assert.deepEqual(calc.properties.policyResult.policyErrors, [], JSON.stringify(calc.properties));
    const result: any = await client.exchange.post({ properties: { sessionId: calc.properties.sessionId } } as never, { updateIntervalInMs: 10 } as never);
    assert.equal(result.status, 'Succeeded');
    const newOrderId = result.properties.reservationsToPurchase[0].reservationOrderId.split('/').pop();
    const newOrder = await client.reservationOrder.get(newOrderId);
    assert.equal(newOrder.originalQuantity, 2);
    const old = await client.reservation.get(orderId, reservationId);
    assert.equal(old.properties?.provisioningState, 'Cancelled');
  });
});
