import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assertFailure, assertOk, parseJson, runCli, tempDir, type CliResult } from '../cli/cli-runner.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN, activeReservations, addUser, estates, footprint, idsOf, type CustomerEstate } from './admin-support.ts';

/** The administration commands of resdesk, as real processes against the in-process server. */
describeEachEngine('resdesk reservations update|split|merge|archive|unarchive|revisions|scopes and access', (engine) => {
  let server: TestServer;
  let home: string;
  let configDir: string;
  let estate: CustomerEstate;
  let reservation: any;
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, { RESDESK_CONFIG_DIR: configDir });

  before(async () => {
    server = await startTestServer(engine);
    home = tempDir('admin');
    configDir = path.join(home, 'config');
    const token = await server.token(ADMIN);
    for (const e of await estates(server, token)) {
      const rs = (await activeReservations(server, token, e.id)).filter((r) => r.properties.quantity >= 2);
      if (rs.length && e.subscriptions.filter((s) => s.status === 'Active').length >= 1) {
        estate = e;
        reservation = rs[0];
        break;
      }
    }
    assertOk(await cli('login', '--server', server.httpUrl, '--email', ADMIN, '--password', 'demo-password'));
  });
  after(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('update, scopes, split, merge, archive, unarchive and revisions', async () => {
    const { orderId, reservationId } = idsOf(reservation);
    const ref = `${orderId}/${reservationId}`;
    const sub = estate.subscriptions.find((s) => s.status === 'Active')!;
    const updated = parseJson(await cli('reservations', 'update', reservation.id, '--name', 'From the CLI', '--scope', 'single', '--scope-id', `/subscriptions/${sub.id}`, '--renew', 'on', '--json'));
    assert.equal(updated.properties.displayName, 'From the CLI');
    assert.deepEqual(updated.properties.appliedScopes, [`/subscriptions/${sub.id}`]);
    assert.equal(updated.properties.renew, true);
    const text = await cli('reservations', 'update', ref, '--scope', 'shared');
    assertOk(text);
    assert.match(text.stdout, /Scope:\s+Shared/);

    const scopes = await cli('reservations', 'scopes', ref);
    assertOk(scopes);
    assert.match(scopes.stdout, new RegExp(`Subscription\\s+/subscriptions/${sub.id}.*yes`));

    const before = await footprint(server, reservationId);
    const bad = await cli('reservations', 'split', ref, '--quantities', `1,${reservation.properties.quantity}`);
    assertFailure(bad, 1, /InvalidQuantities/);
    assert.deepEqual(await footprint(server, reservationId), before, 'a refused split changes nothing');
    assertFailure(await cli('reservations', 'split', ref, '--quantities', 'two'), 2, /--quantities/);

    const split = parseJson(await cli('reservations', 'split', ref, '--quantities', `1,${reservation.properties.quantity - 1}`, '--json'));
    assert.equal(split.source.properties.provisioningState, 'Split');
    const parts = split.destinations.map((d: any) => idsOf(d));
    const merged = await cli('reservations', 'merge', `${parts[0].orderId}/${parts[0].reservationId}`, split.destinations[1].id);
    assertOk(merged);
    // The merged reservation holds the whole quantity; its sources show as ended.
    const rows = merged.stdout.trim().split('\n').slice(1);
    assert.match(rows[0]!, new RegExp(`\\s${reservation.properties.quantity}\\s+Succeeded`));
    assert.ok(rows.slice(1).every((r) => /\sCancelled\s/.test(r)) && rows.length === 3, merged.stdout);
    assertOk(await cli('reservations', 'archive', ref));
    const archivedRow = await footprint(server, reservationId);
    assert.equal(archivedRow.row.archived, 1);
    const restored = await cli('reservations', 'unarchive', ref, '--json');
    assert.equal(parseJson(restored).properties.archived, false);
    const revisions = await cli('reservations', 'revisions', ref);
    assertOk(revisions);
    const lines = revisions.stdout.trim().split('\n');
    assert.match(lines[0]!, /REV\s+RECORDED\s+STATE\s+QTY\s+CHANGE/);
    assert.match(lines[1]!, /Unarchived/);
    assert.match(lines[2]!, /Archived/);
    assert.match(lines[3]!, /Split into 1 \+/);
  });

  test('access list, add and remove; the last Owner stays', async () => {
    const { orderId } = idsOf(reservation);
    const user = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['CustomerUser'] });
    const added = parseJson(await cli('access', 'add', '--order', orderId, '--role', 'Owner', '--principal', user.id, '--json'));
    assert.equal(added.roleName, 'Owner');
    const reader = await cli('access', 'add', '--order', orderId, '--role', 'Reservations Reader', '--principal', user.id);
    assertOk(reader);
    assert.match(reader.stdout, /Reservations Reader/);
    const listed = await cli('access', 'list', '--reservation', `${orderId}/${idsOf(reservation).reservationId}`);
    assertOk(listed);
    assert.match(listed.stdout, /Owner.*order/);
    assertFailure(await cli('access', 'remove', added.id, '--order', orderId), 1, /LastOwnerCannotBeRemoved/);
    assertFailure(await cli('access', 'list'), 2, /exactly one of --order/);
    const all = parseJson(await cli('access', 'list', '--order', orderId, '--json'));
    const readerRow = all.items.find((i: any) => i.roleName === 'Reservations Reader');
    const removed = await cli('access', 'remove', readerRow.id, '--order', orderId);
    assertOk(removed);
    assert.match(removed.stdout, /Removed Reservations Reader/);
    assert.equal(parseJson(await cli('access', 'list', '--order', orderId, '--json')).totalCount, 1);
  });
});
