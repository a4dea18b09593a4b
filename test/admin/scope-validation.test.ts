import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN, API, CONTOSO_ID, P, SALES, activeReservations, addUser, estates, footprint, idsOf, userIdOf, type CustomerEstate } from './admin-support.ts';

describeEachEngine('scope and billing subscription validation (rules §3)', (engine) => {
  let server: TestServer;
  let token: string;
  let all: CustomerEstate[];
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN);
    all = await estates(server, token);
  });
  after(async () => server?.close());

  async function withReservation(pick: (e: CustomerEstate) => boolean) {
    for (const e of all.filter(pick)) {
      const rs = await activeReservations(server, token, e.id);
      if (rs.length) return { estate: e, reservation: rs[0], ...idsOf(rs[0]) };
    }
    throw new Error('no demo customer fits');
  }

  const patch = (orderId: string, reservationId: string, properties: unknown, t = token) =>
    server.call('PATCH', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, { token: t, body: { properties } });

  /** The call is refused with the status (and code), and the reservation, its revisions and the audit log are untouched. */
  async function refused(reservationId: string, call: () => Promise<{ status: number; body: any }>, status: number, code?: string) {
    const before = await footprint(server, reservationId);
    const res = await call();
    assert.equal(res.status, status, JSON.stringify(res.body));
    if (code) assert.equal(res.body.error.code, code, res.body.error.message);
    assert.ok(res.body.error.message.length > 10, 'the refusal says why');
    assert.deepEqual(await footprint(server, reservationId), before, 'nothing changed');
    return res.body.error;
  }

  test('another customer\'s subscription, a disabled subscription and an unknown resource group are refused', async () => {
    const x = await withReservation((e) => e.subscriptions.some((s) => s.status !== 'Active') && e.subscriptions.some((s) => s.status === 'Active'));
    const other = all.find((e) => e.id !== x.estate.id)!;
    const disabled = x.estate.subscriptions.find((s) => s.status !== 'Active')!;
    const activeSub = x.estate.subscriptions.find((s) => s.status === 'Active')!;
    await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${other.subscriptions[0]!.id}`] }), 400, 'InvalidAppliedScopes');
    const e = await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${disabled.id}`] }), 400, 'SubscriptionNotActive');
    assert.match(e.message, /Disabled/);
    await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${activeSub.id}/resourceGroups/rg-nowhere`] }), 400, 'ResourceGroupNotFound');
    // A refused part refuses the whole patch: the valid rename that came with it is not applied either.
    await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { name: 'would be renamed', appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${disabled.id}`] }), 400, 'SubscriptionNotActive');

    const v1 = await server.call('GET', `/v1/reservations/${x.orderId}/${x.reservationId}/availableScopes`, { token });
    assert.equal(v1.status, 200);
    const verdict = v1.body.items.find((i: any) => i.scope === `/subscriptions/${disabled.id}`);
    assert.equal(verdict.valid, false);
    assert.match(verdict.reason, /Disabled/);
    assert.equal(v1.body.items.find((i: any) => i.scope === `/subscriptions/${activeSub.id}`).valid, true);
    assert.ok(v1.body.items.some((i: any) => i.kind === 'ResourceGroup' && i.valid));
  });

  test('malformed ids and scope types are refused with 400', async () => {
    const x = await withReservation(() => true);
    const sub = x.estate.subscriptions.find((s) => s.status === 'Active')!.id;
    const bad: Array<[unknown, string?]> = [
      [{ appliedScopeType: 'Single', appliedScopes: ['/subscriptions/not-a-guid'] }, 'InvalidSubscriptionId'],
      [{ appliedScopeType: 'Single', appliedScopes: ['subscriptions'] }, 'InvalidSubscriptionId'],
      [{ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${sub}/resourceGroups/`] }],
      [{ appliedScopeType: 'Single', appliedScopes: [] }, 'InvalidAppliedScopes'],
      [{ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${sub}`, `/subscriptions/${sub}`] }],
      [{ appliedScopeType: 'Everywhere' }],
      [{ appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: 'mg-without-prefix' } }, 'InvalidManagementGroup'],
      [{ name: '' }, 'InvalidDisplayName'],
      [{ instanceFlexibility: 'Sometimes' }],
      [{}, 'EmptyPatch'],
    ];
    for (const [properties, code] of bad) await refused(x.reservationId, () => patch(x.orderId, x.reservationId, properties), 400, code);
    await refused(x.reservationId, () => server.call('PATCH', `${P}/reservationOrders/${x.orderId}/reservations/not-a-guid?${API}`, { token, body: { properties: { renew: true } } }), 400);
  });

  test('a management group of another customer, or one the caller cannot read, is refused', async () => {
    const withMg = all.filter((e) => e.managementGroups.length);
    assert.ok(withMg.length >= 2, 'two demo customers with management groups');
    const x = await withReservation((e) => e.managementGroups.length > 0);
    const foreign = withMg.find((e) => e.id !== x.estate.id)!.managementGroups[0]!.id;
    const own = x.estate.managementGroups[0]!.id;
    await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { tenantId: x.estate.id, managementGroupId: foreign } }), 400, 'InvalidManagementGroup');

    // A sales agent with explicit access to the customer's subscription may rescope, but not to a
    // management group it has no read access on; with a Reader assignment on the group it may.
    const sales = await server.token(SALES);
    const salesId = await userIdOf(server, SALES);
    const sub = x.estate.subscriptions.find((s) => s.status === 'Active')!.id;
    const grant = await server.call('POST', `/v1/subscriptions/${sub}/roleAssignments`, { token, body: { roleName: 'Contributor', principalId: salesId } });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    const e = await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: own } }, sales), 403, 'ManagementGroupAccessDenied');
    assert.match(e.message, /management group/);
    const checked = await server.call('POST', `${P}/reservationOrders/${x.orderId}/reservations/${x.reservationId}/availableScopes?${API}`, { token: sales, body: { properties: { scopes: [own, `/subscriptions/${sub}`] } } });
    assert.deepEqual(checked.body.properties.scopes.map((s: any) => s.valid), [false, true]);

    await server.ctx.store.db.insertInto('role_assignments').values({
      id: crypto.randomUUID(), scope_type: 'managementGroup', scope_id: own.split('/').pop()!, customer_id: x.estate.id, role_name: 'Reader',
      principal_id: salesId, principal_type: 'User', created_at: new Date().toISOString(), created_by: null,
    }).execute();
    const ok = await patch(x.orderId, x.reservationId, { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: own } }, sales);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.properties.userFriendlyAppliedScopeType, 'ManagementGroup');
    assert.equal(ok.body.properties.appliedScopeProperties.managementGroupId.toLowerCase(), own.toLowerCase());
  });

  test('a CSP customer user may not rescope; Reservations Administrator on the order does not change that', async () => {
    const x = await withReservation((e) => e.subscriptions.filter((s) => s.status === 'Active').length > 0);
    const customer = await addUser(server, { tenant: 'customer', customerId: x.estate.id, roles: ['CustomerUser'] });
    const grant = await server.call('POST', `/v1/reservationOrders/${x.orderId}/roleAssignments`, { token, body: { roleName: 'Reservations Administrator', principalId: customer.id } });
    assert.equal(grant.status, 201);
    const sub = x.estate.subscriptions.find((s) => s.status === 'Active')!.id;
    const e = await refused(x.reservationId, () => patch(x.orderId, x.reservationId, { appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${sub}`] }, customer.token), 403, 'AuthorizationFailed');
    assert.match(e.message, /CSP customer/);
    // The administrator role does let the customer user rename it.
    const renamed = await patch(x.orderId, x.reservationId, { name: 'named by the customer' }, customer.token);
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  });

  test('the billing subscription of an order: same customer and active, reflected in its reservations', async () => {
    const x = await withReservation((e) => e.subscriptions.filter((s) => s.status === 'Active').length >= 2 && e.subscriptions.some((s) => s.status !== 'Active'));
    const current = x.reservation.properties.billingScopeId as string;
    const next = x.estate.subscriptions.find((s) => s.status === 'Active' && `/subscriptions/${s.id}` !== current)!;
    const other = all.find((e) => e.id !== x.estate.id)!.subscriptions[0]!;
    const disabled = x.estate.subscriptions.find((s) => s.status !== 'Active')!;
    const change = (billingScopeId: string) => server.call('PATCH', `/v1/reservationOrders/${x.orderId}`, { token, body: { billingScopeId } });
    await refused(x.reservationId, () => change(`/subscriptions/${other.id}`), 400, 'InvalidBillingScope');
    await refused(x.reservationId, () => change('/subscriptions/123'), 400, 'InvalidSubscriptionId');
    await refused(x.reservationId, () => change(`/subscriptions/${disabled.id}`), 400, 'SubscriptionNotActive');
    const before = await footprint(server, x.reservationId);
    const ok = await change(`/subscriptions/${next.id}`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.properties.billingScopeId, `/subscriptions/${next.id}`);
    const got = await server.call('GET', `${P}/reservationOrders/${x.orderId}/reservations/${x.reservationId}?${API}`, { token });
    assert.equal(got.body.properties.billingScopeId, `/subscriptions/${next.id}`);
    assert.equal(got.body.etag, before.row.etag + 1);
    const after = await footprint(server, x.reservationId);
    assert.equal(after.revisions, before.revisions + 1);
    assert.equal(after.audit, before.audit + 1);
    const entry = await server.ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', x.orderId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.action, 'reservationOrder.billingSubscription');
    assert.deepEqual(JSON.parse(entry.before_state!), { billingScopeId: current });
    assert.equal(entry.partner_id, CONTOSO_ID);
  });
});
