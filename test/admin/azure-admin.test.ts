import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI } from '@azure/arm-reservations';
import { clientFor, collect } from '../azure/azure-support.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN, activeReservations, estates, footprint, idsOf, type CustomerEstate } from './admin-support.ts';

async function moneyRows(server: TestServer) {
  const db = server.ctx.store.db;
  const count = async (t: 'credit_entries' | 'statement_lines' | 'payments') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { credits: await count('credit_entries'), statements: await count('statement_lines'), payments: await count('payments') };
}

describeEachEngine('reservation administration through @azure/arm-reservations', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let estate: CustomerEstate;
  let active: CustomerEstate['subscriptions'];
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN);
    client = clientFor(server, token);
    const all = await estates(server, token);
    // A customer with two active subscriptions, one with resource groups, and active reservations.
    for (const e of all) {
      const act = e.subscriptions.filter((s) => s.status === 'Active');
      if (act.length >= 2 && act[0]!.resourceGroups.length && (await activeReservations(server, token, e.id)).length >= 4) {
        estate = e;
        active = act;
        break;
      }
    }
    assert.ok(estate, 'a demo customer with two active subscriptions and reservations');
  });
  after(async () => server?.close());

  test('update changes scope (subscription, resource group, shared), name and renew; etag, revision and audit follow; the term stays', async () => {
    const [target] = await activeReservations(server, token, estate.id);
    const { orderId, reservationId } = idsOf(target);
    const before = await footprint(server, reservationId);
    const moneyBefore = await moneyRows(server);
    const sub = `/subscriptions/${active[1]!.id}`;
    const single = await client.reservation.update(orderId, reservationId, { appliedScopeType: 'Single', appliedScopes: [sub] });
    assert.equal(single.properties?.appliedScopeType, 'Single');
    assert.deepEqual(single.properties?.appliedScopes, [sub]);
    assert.equal(single.properties?.userFriendlyAppliedScopeType, 'Single');
    assert.equal(single.etag, target.etag + 1);
    assert.equal(single.properties?.term, target.properties.term);
    assert.equal(single.properties?.expiryDateTime?.toISOString(), new Date(target.properties.expiryDateTime).toISOString());
    assert.equal(single.properties?.lastUpdatedDateTime?.toISOString(), server.clock.now().toISOString());

    const rg = active[0]!.resourceGroups[0]!;
    const grouped = await client.reservation.update(orderId, reservationId, { appliedScopeType: 'Single', appliedScopes: [rg.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/').replace('/RESOURCEGROUPS/', '/resourceGroups/')] });
    assert.equal(grouped.properties?.userFriendlyAppliedScopeType, 'ResourceGroup');
    assert.equal(grouped.properties?.appliedScopeProperties?.resourceGroupId?.toLowerCase(), rg.id.toLowerCase());

    const renamed = await client.reservation.update(orderId, reservationId, { name: 'Renamed by the client', renew: true });
    assert.equal(renamed.properties?.displayName, 'Renamed by the client');
    assert.equal(renamed.properties?.renew, true);
    assert.equal(renamed.properties?.userFriendlyRenewState, 'On');
    assert.equal(renamed.properties?.userFriendlyAppliedScopeType, 'ResourceGroup', 'a rename leaves the scope alone');

    const shared = await client.reservation.update(orderId, reservationId, { appliedScopeType: 'Shared', renew: false });
    assert.equal(shared.properties?.appliedScopeType, 'Shared');
    assert.equal(shared.properties?.appliedScopes, undefined);
    assert.equal(shared.etag, target.etag + 4);

    const got = await client.reservation.get(orderId, reservationId);
    assert.equal(got.properties?.displayName, 'Renamed by the client');
    const after = await footprint(server, reservationId);
    assert.equal(after.revisions, before.revisions + 4, 'one revision per change');
    assert.equal(after.audit, before.audit + 4, 'one audit entry per change');
    assert.equal(after.row.quantity, before.row.quantity);
    const entry = await server.ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', reservationId).where('action', '=', 'reservation.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const beforeState = JSON.parse(entry.before_state!);
    assert.equal(beforeState.appliedScopeType, 'Single');
    assert.equal(beforeState.renew, true);
    assert.equal(beforeState.appliedScopeProperties.resourceGroupId.toLowerCase(), rg.id.toLowerCase());
    assert.deepEqual(JSON.parse(entry.after_state!), { appliedScopeType: 'Shared', appliedScopes: [], appliedScopeProperties: null, renew: false });
    // Not commercial: no money moved.
    assert.deepEqual(await moneyRows(server), moneyBefore);
  });

  test('availableScopes answers valid per candidate scope', async () => {
    const [target] = await activeReservations(server, token, estate.id);
    const { orderId, reservationId } = idsOf(target);
    const other = (await estates(server, token)).find((e) => e.id !== estate.id)!;
    const scopes = [
      `/subscriptions/${active[0]!.id}`,
      active[0]!.resourceGroups[0]!.id,
      `/subscriptions/${other.subscriptions[0]!.id}`,
      `/subscriptions/${active[0]!.id}/resourceGroups/rg-does-not-exist`,
      '/subscriptions/not-a-guid',
    ];
    const result = await client.reservation.availableScopes(orderId, reservationId, { properties: { scopes } });
    assert.deepEqual(result.properties?.scopes?.map((s) => [s.scope, s.valid]), [
      [scopes[0], true], [scopes[1], true], [scopes[2], false], [scopes[3], false], [scopes[4], false],
    ]);
  });

  test('split, merge, archive, unarchive and listRevisions', async () => {
    const candidates = (await activeReservations(server, token, estate.id)).filter((r) => r.properties.quantity >= 3);
    assert.ok(candidates.length, 'a reservation with quantity 3 or more');
    const target = candidates[0];
    const { orderId, reservationId } = idsOf(target);
    await client.reservation.update(orderId, reservationId, { renew: true });
    const q = target.properties.quantity;
    const split = await client.reservation.split(orderId, { quantities: [1, q - 1], reservationId: target.id });
    assert.equal(split.length, 3);
    const source = split.find((r) => r.name === `${orderId}/${reservationId}`)!;
    const parts = split.filter((r) => r !== source);
    assert.equal(source.properties?.provisioningState, 'Split');
    assert.equal(source.properties?.renew, false, 'a split cancels the renewal');
    assert.deepEqual(parts.map((p) => p.properties?.quantity), [1, q - 1]);
    assert.deepEqual([...source.properties!.splitProperties!.splitDestinations!].sort(), parts.map((p) => p.id!).sort());
    for (const p of parts) {
      assert.equal(p.properties?.splitProperties?.splitSource, source.id);
      assert.equal(p.properties?.expiryDateTime?.toISOString(), source.properties?.expiryDateTime?.toISOString(), 'same end date');
      assert.equal(p.properties?.provisioningState, 'Succeeded');
      assert.equal(p.properties?.renew, false);
    }
    const listed = await collect(client.reservation.list(orderId));
    assert.equal(listed.filter((r) => r.properties?.provisioningState === 'Succeeded').reduce((s, r) => s + r.properties!.quantity!, 0), q, 'the live quantity of the order is unchanged');

    const merged = await client.reservation.merge(orderId, { sources: parts.map((p) => p.id!) });
    const destination = merged.find((r) => r.properties?.provisioningState === 'Succeeded')!;
    assert.equal(destination.properties?.quantity, q);
    assert.deepEqual([...destination.properties!.mergeProperties!.mergeSources!].sort(), parts.map((p) => p.id!).sort());
    for (const m of merged.filter((r) => r !== destination)) {
      assert.equal(m.properties?.provisioningState, 'Merged');
      assert.equal(m.properties?.mergeProperties?.mergeDestination, destination.id);
    }

    // The split source is finished (displayed Cancelled), so it can be archived, and restored.
    await client.reservation.archive(orderId, reservationId);
    assert.equal((await client.reservation.get(orderId, reservationId)).properties?.archived, true);
    await client.reservation.unarchive(orderId, reservationId);
    const restored = await client.reservation.get(orderId, reservationId);
    assert.equal(restored.properties?.archived, false);
    assert.equal(restored.properties?.provisioningState, 'Split', 'unarchive restores the previous state');
    // An active reservation cannot be archived.
    const { reservationId: liveId } = idsOf({ id: destination.id! });
    await assert.rejects(client.reservation.archive(orderId, liveId), (e: any) => e.statusCode === 409 && e.code === 'ReservationNotArchivable');

    const revisions = await collect(client.reservation.listRevisions(orderId, reservationId));
    const states = revisions.map((r) => [r.properties?.provisioningState, r.properties?.archived]);
    assert.deepEqual(states.slice(0, 4), [['Split', false], ['Split', true], ['Split', false], ['Succeeded', false]], 'newest first: unarchive, archive, split, renew on');
    assert.equal(revisions[3]!.properties?.renew, true);
  });

  test('refusals through the client: bad quantities, a merge source of another order, renewing an expired reservation', async () => {
    const [a, b] = await activeReservations(server, token, estate.id);
    const ia = idsOf(a);
    const ib = idsOf(b);
    await assert.rejects(client.reservation.split(ia.orderId, { quantities: [a.properties.quantity], reservationId: a.id }), (e: any) => e.statusCode === 400);
    await assert.rejects(client.reservation.split(ia.orderId, { quantities: [1, a.properties.quantity], reservationId: a.id }), (e: any) => e.statusCode === 400 && e.code === 'InvalidQuantities');
    await assert.rejects(client.reservation.merge(ia.orderId, { sources: [a.id, b.id] }), (e: any) => e.statusCode === 400 && e.code === 'InvalidReservationId');
    assert.notEqual(ia.orderId, ib.orderId);
    const expired = (await server.call('GET', `/v1/customers/${estate.id}/reservations?size=500&state=Expired`, { token })).body.items[0];
    assert.ok(expired, 'the demo customer has an expired reservation');
    const ie = idsOf(expired);
    const unchanged = await footprint(server, ie.reservationId);
    await assert.rejects(client.reservation.update(ie.orderId, ie.reservationId, { renew: true }), (e: any) => e.statusCode === 409 && e.code === 'ReservationNotActive');
    assert.deepEqual(await footprint(server, ie.reservationId), unchanged);
  });
});
