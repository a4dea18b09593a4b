import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** The /v1 routes of the console's reservation details page: daily utilization, effective access, assignable principals. */

const ADMIN = 'admin.agent@contoso-kr.example';
const HELPDESK = 'helpdesk.agent@contoso-kr.example';
const BILLING = 'billing.admin@contoso-kr.example';

describeEachEngine('console reservation routes (issue 6)', (engine) => {
  let server: TestServer;
  let admin: string;
  let orderId: string;
  let reservationId: string;
  let customerId: string;
  before(async () => {
    server = await startTestServer(engine);
    admin = await server.token(ADMIN);
    const customers = await server.call('GET', '/v1/customers?size=5', { token: admin });
    customerId = customers.body.items[0].id;
    const list = await server.call('GET', `/v1/customers/${customerId}/reservations?state=Succeeded&size=5`, { token: admin });
    const r = list.body.items.find((x: any) => x.properties.utilization) ?? list.body.items[0];
    assert.ok(r, 'a demo reservation');
    const parts = r.id.split('/');
    orderId = parts[parts.indexOf('reservationOrders') + 1];
    reservationId = parts[parts.indexOf('reservations') + 1];
  });
  after(async () => server?.close());

  const base = () => `/v1/reservations/${orderId}/${reservationId}`;

  test('daily utilization: one entry per day ending yesterday, aggregates equal to the reservation\'s own', async () => {
    const res = await server.call('GET', `${base()}/utilization`, { token: admin });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.days.length, 30);
    assert.equal(res.body.days.at(-1).usageDate, '2026-11-26', 'the last complete UTC day before 2026-11-27T03:00Z');
    assert.equal(res.body.days[0].usageDate, '2026-10-28');
    const one = await server.call('GET', base(), { token: admin });
    assert.deepEqual(res.body.summary ?? undefined, one.body.properties.utilization, 'the same figures as the reservation shows');
    // The 1-day aggregate is yesterday's used ÷ reserved hours.
    const last = res.body.days.at(-1);
    const oneDay = res.body.summary?.aggregates.find((a: any) => a.grain === 1);
    if (last.reservedHours > 0) assert.equal(oneDay.value, Math.round((last.usedHours / last.reservedHours) * 10000) / 100);
    const seven = await server.call('GET', `${base()}/utilization?days=7`, { token: admin });
    assert.equal(seven.body.days.length, 7);
    assert.equal((await server.call('GET', `${base()}/utilization?days=1000`, { token: admin })).status, 400);
  });

  test('effective access explains the grounds and matches allowedActions', async () => {
    const res = await server.call('GET', `${base()}/effectiveAccess`, { token: admin });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.grounds, ['aobo']);
    assert.deepEqual(res.body.roles, ['AdminAgent']);
    const one = await server.call('GET', base(), { token: admin });
    assert.deepEqual(res.body.actions, one.body.allowedActions);

    const helpdesk = await server.token(HELPDESK);
    const h = await server.call('GET', `${base()}/effectiveAccess`, { token: helpdesk });
    assert.equal(h.status, 200);
    assert.equal(h.body.actions.return.allowed, false);
    assert.match(h.body.actions.return.reason, /subscription/);
  });

  test('a billing admin sees the reservation only through a Reservations Reader assignment, read-only, with the role explained', async () => {
    const billing = await server.token(BILLING);
    assert.equal((await server.call('GET', `${base()}/effectiveAccess`, { token: billing })).status, 404);
    const principals = await server.call('GET', `${base()}/assignablePrincipals?search=billing`, { token: admin });
    assert.equal(principals.status, 200);
    const target = principals.body.items.find((p: any) => p.email === BILLING);
    assert.ok(target, 'the partner\'s billing admin is offered');
    assert.ok(principals.body.items.every((p: any) => /billing/i.test(`${p.displayName} ${p.email ?? ''}`)));
    const all = await server.call('GET', `${base()}/assignablePrincipals`, { token: admin });
    assert.ok(all.body.items.some((p: any) => p.tenantType === 'customer' && p.tenantId === customerId), 'the customer\'s users are offered');
    assert.ok(all.body.items.every((p: any) => p.tenantType === 'partner' || p.tenantId === customerId), 'no other customer\'s users');

    const added = await server.call('POST', `${base()}/roleAssignments`, { token: admin, body: { roleName: 'Reservations Reader', principalId: target.id } });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const access = await server.call('GET', `${base()}/effectiveAccess`, { token: billing });
    assert.equal(access.status, 200);
    assert.deepEqual(access.body.heldRoles.map((r: any) => [r.roleName, r.scope]), [['Reservations Reader', 'reservation']]);
    assert.ok(access.body.grounds.includes('azureRole'));
    assert.equal(access.body.actions.read.allowed, true);
    assert.equal(access.body.actions.updateScope.allowed, false);
    assert.equal(access.body.actions.manageAccess.allowed, false);
    assert.equal((await server.call('GET', `${base()}/assignablePrincipals`, { token: billing })).status, 403, 'a reader may not pick principals');

    const removed = await server.call('DELETE', `${base()}/roleAssignments/${added.body.id}`, { token: admin });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal((await server.call('GET', `${base()}/effectiveAccess`, { token: billing })).status, 404, 'gone with the assignment');
  });
});
