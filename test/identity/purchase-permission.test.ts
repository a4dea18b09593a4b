import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { assertError, customerNamed, subscriptionsOf, USERS } from '../partner/helpers.ts';

const VM_OFFER = 'VirtualMachines:Standard_D2s_v5:koreacentral';

describeEachEngine('identity: the customer purchase permission', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  const order = (token: string, customerId: string, subscriptionId: string) => server.call('POST', `/v1/customers/${customerId}/orders`, {
    token, body: { lineItems: [{ offerId: VM_OFFER, quantity: 1, termDuration: 'P1Y', provisioningContext: { subscriptionId } }] },
  });

  test('off by default; toggled only by admin agents and global admins; the customer buys only while on and only with Owner', async () => {
    const agent = await server.token(USERS.adminAgent);
    const hanbit = await customerNamed(server, agent, '한빛제조');
    assert.equal(hanbit.customerMayBuyReservations, false, 'seeded off');
    const sub = (await subscriptionsOf(server, agent, hanbit.id)).find((s: any) => s.state === 'Active' || s.status === 'active' || s.state === undefined) ?? (await subscriptionsOf(server, agent, hanbit.id))[0];
    const subscriptionId = sub.id.split('/').pop();
    const owner = await server.token(USERS.hanbitOwner);

    assertError(await order(owner, hanbit.id, subscriptionId), 403, 'AuthorizationFailed', /not allowed you to buy/);
    const path = `/v1/customers/${hanbit.id}/purchasePermission`;
    for (const email of [USERS.salesAgent, USERS.helpdeskAgent, USERS.billingAdmin, 'user.admin@contoso-kr.example', USERS.hanbitOwner, USERS.northwind]) {
      const res = await server.call('PUT', path, { token: await server.token(email), body: { enabled: true } });
      assert.ok(res.status === 403 || res.status === 404, `${email}: ${res.status}`);
    }
    for (const email of [USERS.fabrikamAgent, USERS.support, USERS.operator]) {
      const res = await server.call('PUT', path, { token: await server.token(email), body: { enabled: true } });
      assert.ok(res.status === 404 || res.status === 403, `${email}: ${res.status}`);
    }
    assert.equal((await server.call('GET', `/v1/customers/${hanbit.id}`, { token: agent })).body.customerMayBuyReservations, false);

    const on = await server.call('PUT', path, { token: agent, body: { enabled: true } });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.customerMayBuyReservations, true);
    const bought = await order(owner, hanbit.id, subscriptionId);
    assert.equal(bought.status, 201, JSON.stringify(bought.body));

    // Without Owner on the subscription the customer user is refused.
    const ownerId = (await server.ctx.store.db.selectFrom('users').select('id').where('email', '=', USERS.hanbitOwner).executeTakeFirstOrThrow()).id;
    const db = server.ctx.store.db;
    const assignment = await db.selectFrom('role_assignments').selectAll().where('principal_id', '=', ownerId).where('scope_id', '=', subscriptionId).where('role_name', '=', 'Owner').executeTakeFirstOrThrow();
    await db.deleteFrom('role_assignments').where('id', '=', assignment.id).execute();
    assertError(await order(owner, hanbit.id, subscriptionId), 403, 'AuthorizationFailed', /Owner/);
    await db.insertInto('role_assignments').values(assignment).execute();
    assert.equal((await order(owner, hanbit.id, subscriptionId)).status, 201);

    // The Azure door applies the same rule.
    const azure = await server.call('POST', '/providers/Microsoft.Capacity/calculatePrice?api-version=2022-11-01', {
      token: owner,
      body: { sku: { name: 'Standard_D2s_v5' }, location: 'koreacentral', properties: { reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${subscriptionId}`, term: 'P1Y', quantity: 1, displayName: 'x', appliedScopeType: 'Shared' } },
    });
    assert.equal(azure.status, 200, JSON.stringify(azure.body));

    const off = await server.call('PUT', path, { token: await server.token(USERS.globalAdmin), body: { enabled: false } });
    assert.equal(off.status, 200);
    assertError(await order(owner, hanbit.id, subscriptionId), 403, 'AuthorizationFailed');
    const audit = await server.ctx.store.db.selectFrom('audit_log').select('action').where('target_id', '=', hanbit.id).where('action', '=', 'customer.purchasePermissionChanged').execute();
    assert.equal(audit.length, 2);
  });

  test('a customer never returns or exchanges, even while it may buy', async () => {
    const agent = await server.token(USERS.adminAgent);
    const hanbit = await customerNamed(server, agent, '한빛제조');
    await server.call('PUT', `/v1/customers/${hanbit.id}/purchasePermission`, { token: agent, body: { enabled: true } });
    const owner = await server.token(USERS.hanbitOwner);
    const list = await server.call('GET', `/v1/customers/${hanbit.id}/reservations?size=5`, { token: owner });
    assert.equal(list.status, 200);
    const r = list.body.items[0];
    assert.equal(r.allowedActions.return.allowed, false);
    assert.equal(r.allowedActions.exchange.allowed, false);
    assert.equal(r.allowedActions.renew.allowed, false);
    assert.equal(r.allowedActions.updateScope.allowed, false);
    assert.equal(r.allowedActions.purchase.allowed, true);
  });
});
