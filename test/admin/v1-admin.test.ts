import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN, API, P, activeReservations, estates, footprint, idsOf, type CustomerEstate } from './admin-support.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeEachEngine('reservation administration through /v1', (engine) => {
  let server: TestServer;
  let token: string;
  let estate: CustomerEstate;
  let pool: any[];
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN);
    for (const e of await estates(server, token)) {
      const rs = await activeReservations(server, token, e.id);
      if (rs.length >= 3 && rs[0].properties.quantity >= 3 && e.subscriptions.some((s) => s.status === 'Active')) {
        estate = e;
        pool = rs;
        break;
      }
    }
    assert.ok(estate);
  });
  after(async () => server?.close());

  test('GET /v1/reservations/{oid}/{rid}: the Azure JSON with every identifier, attribute and the allowed actions', async () => {
    const r = pool[2];
    const { orderId, reservationId } = idsOf(r);
    const res = await server.call('GET', `/v1/reservations/${orderId}/${reservationId}`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body.properties;
    assert.equal(res.body.id, r.id);
    assert.match(p.reservationId, GUID);
    assert.match(p.reservationOrderId, GUID);
    assert.equal(p.reservationId, reservationId);
    assert.equal(p.reservationOrderId, orderId);
    assert.equal(p.reservationResourceId, r.id);
    assert.equal(p.reservationOrderResourceId, `/providers/microsoft.capacity/reservationOrders/${orderId}`);
    assert.equal(p.skuName, r.sku.name);
    assert.equal(p.region, r.location);
    assert.equal(p.term, r.properties.term);
    assert.equal(p.billingPlan, r.properties.billingPlan);
    assert.equal(`/subscriptions/${p.billingSubscriptionId}`, r.properties.billingScopeId);
    assert.equal(p.purchaseDateTime, r.properties.purchaseDateTime);
    assert.equal(p.expiryDateTime, r.properties.expiryDateTime);
    assert.equal(p.renew, r.properties.renew);
    assert.deepEqual(p.lineage, { splitSource: null, splitDestinations: [], mergeSources: [], mergeDestination: null, renewSource: r.properties.renewSource ?? null, renewDestination: r.properties.renewDestination ?? null });
    assert.equal(p.displayProvisioningState, r.properties.displayProvisioningState, 'the Azure properties are all there too');
    assert.deepEqual(Object.keys(res.body.allowedActions).sort(), ['archive', 'createSupportRequest', 'exchange', 'manageAccess', 'merge', 'purchase', 'read', 'rename', 'renew', 'return', 'split', 'updateScope']);
    assert.equal((await server.call('GET', `/v1/reservations/${orderId}/00000000-0000-4000-8000-000000000000`, { token })).status, 404);
    assert.equal((await server.call('GET', `/v1/reservations/${orderId}/${reservationId}`, { token: await server.token('admin.agent@fabrikam-dist.example') })).status, 404, 'another partner does not see it');
  });

  test('PATCH, split, merge, archive, unarchive and revisions through /v1, with lineage', async () => {
    const r = pool[0];
    const { orderId, reservationId } = idsOf(r);
    const patched = await server.call('PATCH', `/v1/reservations/${orderId}/${reservationId}`, { token, body: { displayName: 'Console name', renew: true, appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${estate.subscriptions.find((s) => s.status === 'Active')!.id}`] } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.properties.displayName, 'Console name');
    assert.equal(patched.body.properties.renew, true);
    assert.equal(patched.body.properties.appliedScopeType, 'Single');
    assert.equal(patched.body.allowedActions.updateScope.allowed, true);

    const q = r.properties.quantity;
    const split = await server.call('POST', `/v1/reservations/${orderId}/${reservationId}/split`, { token, body: { quantities: [1, 1, q - 2] } });
    assert.equal(split.status, 200, JSON.stringify(split.body));
    assert.equal(split.body.destinations.length, 3);
    assert.ok(split.body.destinations.every((d: any) => d.properties.displayName.startsWith('Console name_') && d.properties.appliedScopeType === 'Single'), 'the parts keep name and scope');
    const source = await server.call('GET', `/v1/reservations/${orderId}/${reservationId}`, { token });
    assert.equal(source.body.properties.provisioningState, 'Split');
    assert.equal(source.body.properties.renew, false);
    assert.deepEqual(source.body.properties.lineage.splitDestinations.sort(), split.body.destinations.map((d: any) => d.id).sort());
    assert.equal(source.body.allowedActions.archive.allowed, true);

    const [d1, d2] = split.body.destinations.map((d: any) => idsOf(d));
    const merged = await server.call('POST', `/v1/reservationOrders/${orderId}/merge`, { token, body: { sources: [d1.reservationId, d2.reservationId] } });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal(merged.body.destination.properties.quantity, 2);
    const dest = idsOf(merged.body.destination);
    const destView = await server.call('GET', `/v1/reservations/${orderId}/${dest.reservationId}`, { token });
    assert.deepEqual(destView.body.properties.lineage.mergeSources.sort(), split.body.destinations.slice(0, 2).map((d: any) => d.id).sort());
    const d1View = await server.call('GET', `/v1/reservations/${orderId}/${d1.reservationId}`, { token });
    assert.equal(d1View.body.properties.lineage.mergeDestination, merged.body.destination.id);
    assert.equal(d1View.body.properties.lineage.splitSource, r.id);

    // Merging a reservation that already ended is refused and changes nothing.
    const before = await footprint(server, d1.reservationId);
    const again = await server.call('POST', `/v1/reservationOrders/${orderId}/merge`, { token, body: { sources: [d1.reservationId, dest.reservationId] } });
    assert.equal(again.status, 409);
    assert.deepEqual(await footprint(server, d1.reservationId), before);

    const archived = await server.call('POST', `/v1/reservations/${orderId}/${reservationId}/archive`, { token });
    assert.equal(archived.status, 200);
    assert.equal(archived.body.properties.archived, true);
    assert.equal((await server.call('POST', `/v1/reservations/${orderId}/${reservationId}/archive`, { token })).status, 409);
    const unarchived = await server.call('POST', `/v1/reservations/${orderId}/${reservationId}/unarchive`, { token });
    assert.equal(unarchived.body.properties.archived, false);
    assert.equal(unarchived.body.properties.provisioningState, 'Split');

    const revisions = await server.call('GET', `/v1/reservations/${orderId}/${reservationId}/revisions`, { token });
    const changes = revisions.body.items.slice(0, 4).map((i: any) => i.change);
    assert.deepEqual(changes.slice(0, 3), ['Unarchived', 'Archived', `Split into 1 + 1 + ${q - 2}`]);
    assert.match(changes[3], /^Update: .*displayName, renew$/, 'the update names what it changed');
    const azure = await server.call('GET', `${P}/reservationOrders/${orderId}/reservations/${reservationId}/revisions?${API}`, { token });
    assert.equal(azure.body.value.length, revisions.body.totalCount);

    const actions = await server.ctx.store.db.selectFrom('audit_log').select('action').where('customer_id', '=', estate.id).orderBy('id').execute();
    assert.deepEqual(actions.map((a) => a.action).filter((a) => a.startsWith('reservation.')).slice(-5), ['reservation.update', 'reservation.split', 'reservation.merge', 'reservation.archive', 'reservation.unarchive']);
  });

  test('availableScopes on /v1 lists every subscription, resource group and management group with a verdict', async () => {
    const { orderId, reservationId } = idsOf(pool[1]);
    const res = await server.call('GET', `/v1/reservations/${orderId}/${reservationId}/availableScopes`, { token });
    assert.equal(res.status, 200);
    const expected = estate.subscriptions.length + estate.subscriptions.reduce((n, s) => n + s.resourceGroups.length, 0) + estate.managementGroups.length + 1;
    assert.equal(res.body.items.length, expected);
    for (const i of res.body.items) {
      if (!i.valid) assert.ok(i.reason, `${i.scope} says why it is not valid`);
    }
    for (const s of estate.subscriptions) assert.equal(res.body.items.find((i: any) => i.scope === `/subscriptions/${s.id}`).valid, s.status === 'Active');
  });
});
