import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { runJobsOnce } from '../../src/jobs/runner.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { API, P, READER_ROLE, addUser } from '../admin/admin-support.ts';
import { outboxOf } from './ops-helpers.ts';

const AUTH = 'providers/Microsoft.Authorization';

describeEachEngine('notifications of scope and access changes', (engine) => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
  });
  after(async () => server?.close());

  const inboxOf = async (targetId: string, type: string) => {
    server.clock.set(new Date(server.clock.now().getTime() + 60_000));
    await runJobsOnce(server.ctx);
    const inbox = await server.call('GET', '/v1/notifications?size=200', { token });
    return inbox.body.items.filter((n: any) => n.type === type && JSON.stringify(n).includes(targetId));
  };

  test('a scope change is queued with the change and reaches the partner\'s admin agents; a rename is not a scope change', async () => {
    const list = await server.call('GET', `${P}/reservations?${API}&take=1&$filter=${encodeURIComponent("properties/displayProvisioningState eq 'Succeeded' and properties/appliedScopeType eq 'Shared'")}`, { token });
    const r = list.body.value[0];
    const [orderId, reservationId] = r.name.split('/');
    const subscription = r.properties.billingScopeId;
    const renamed = await server.call('PATCH', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, { token, body: { properties: { name: 'renamed only' } } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal((await outboxOf(server.ctx, reservationId, 'scopeChange')).length, 0);
    const patched = await server.call('PATCH', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, {
      token, body: { properties: { appliedScopeType: 'Single', appliedScopes: [subscription] } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const queued = await outboxOf(server.ctx, reservationId, 'scopeChange');
    assert.equal(queued.length, 1);
    const data = JSON.parse(queued[0]!.data);
    assert.equal(data.before.appliedScopeType, 'Shared');
    assert.equal(data.after.appliedScopeType, 'Single');
    assert.equal((await inboxOf(reservationId, 'scopeChange')).length, 1);
  });

  test('granting and removing access are each queued and delivered', async () => {
    const customers = await server.call('GET', '/v1/customers?size=1', { token });
    const customerId = customers.body.items[0].id;
    const rs = await server.call('GET', `/v1/customers/${customerId}/reservations?state=Succeeded&size=1`, { token });
    const orderId: string = rs.body.items[0].id.split('/')[4]; // /providers/microsoft.capacity/reservationOrders/{orderId}/reservations/{id}
    const reader = await addUser(server, { tenant: 'customer', customerId, roles: ['CustomerUser'] });
    const id = randomUUID();
    const path = `${P}/reservationOrders/${orderId}/${AUTH}/roleAssignments/${id}?${API}`;
    assert.equal((await server.call('PUT', path, { token, body: { properties: { roleDefinitionId: READER_ROLE, principalId: reader.id } } })).status, 201);
    assert.equal((await server.call('DELETE', path, { token })).status, 200);
    const queued = await outboxOf(server.ctx, orderId, 'accessChange');
    assert.deepEqual(queued.map((q) => JSON.parse(q.data).change).sort(), ['added', 'removed']);
    assert.equal((await inboxOf(orderId, 'accessChange')).length, 2);
  });
});
