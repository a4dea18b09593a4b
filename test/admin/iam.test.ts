import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { ADMIN, API, CONTOSO_ID, HELPDESK, OWNER_ROLE, P, READER_ROLE, SALES, activeReservations, addUser, estates, idsOf, userIdOf, type CustomerEstate } from './admin-support.ts';

const AUTH = 'providers/Microsoft.Authorization';

describeEachEngine('access control on reservations (IAM, rules §1)', (engine) => {
  let server: TestServer;
  let admin: string;
  let estate: CustomerEstate;
  let pool: any[];
  before(async () => {
    server = await startTestServer(engine);
    admin = await server.token(ADMIN);
    for (const e of await estates(server, admin)) {
      const rs = await activeReservations(server, admin, e.id);
      if (rs.length >= 8 && rs[0].properties.quantity >= 2 && e.subscriptions.some((s) => s.status === 'Active')) {
        estate = e;
        pool = rs;
        break;
      }
    }
    assert.ok(estate, 'a Contoso customer with several active reservations');
  });
  after(async () => server?.close());

  // Each test works on reservations no other test touched; `minQuantity` for those it splits.
  const used = new Set<any>();
  const take = (minQuantity = 1) => {
    const r = pool.find((x) => !used.has(x) && x.properties.quantity >= minQuantity);
    assert.ok(r, 'enough demo reservations');
    used.add(r);
    return { r, ...idsOf(r) };
  };
  const v1 = (orderId: string, reservationId: string, token: string) => server.call('GET', `/v1/reservations/${orderId}/${reservationId}`, { token });
  const rename = (orderId: string, reservationId: string, token: string, name = `renamed ${randomUUID().slice(0, 6)}`) =>
    server.call('PATCH', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, { token, body: { properties: { name } } });
  const putAssignment = (orderId: string, id: string, roleDefinitionId: string, principalId: string, token = admin) =>
    server.call('PUT', `${P}/reservationOrders/${orderId}/${AUTH}/roleAssignments/${id}?${API}`, { token, body: { properties: { roleDefinitionId, principalId } } });
  const deleteAssignment = (orderId: string, id: string, token = admin) =>
    server.call('DELETE', `${P}/reservationOrders/${orderId}/${AUTH}/roleAssignments/${id}?${API}`, { token });

  test('Azure-style role assignments and definitions on an order: create, list, get, delete, audited', async () => {
    const { orderId, reservationId } = take();
    const defs = await server.call('GET', `${P}/reservationOrders/${orderId}/${AUTH}/roleDefinitions?${API}`, { token: admin });
    assert.equal(defs.status, 200);
    assert.deepEqual(defs.body.value.map((d: any) => d.properties.roleName), ['Owner', 'Contributor', 'Reader', 'Reservations Administrator', 'Reservations Contributor', 'Reservations Reader', 'Reservation Purchaser']);
    const reader = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['CustomerUser'] });
    const id = randomUUID();
    const auditBefore = Number((await server.ctx.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const created = await putAssignment(orderId, id, READER_ROLE, reader.id);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.id, `/providers/microsoft.capacity/reservationOrders/${orderId}/${AUTH}/roleAssignments/${id}`);
    assert.equal(created.body.properties.roleDefinitionId, READER_ROLE);
    assert.equal(created.body.properties.principalType, 'User');
    assert.equal((await putAssignment(orderId, id, READER_ROLE, reader.id)).status, 200, 'repeating the same PUT is idempotent');
    assert.equal((await putAssignment(orderId, id, OWNER_ROLE, reader.id)).status, 409, 'an assignment cannot be changed in place');
    const list = await server.call('GET', `${P}/reservationOrders/${orderId}/${AUTH}/roleAssignments?${API}`, { token: admin });
    assert.deepEqual(list.body.value.map((a: any) => a.name), [id]);
    // A reservation lists the assignments it inherits from its order.
    const inherited = await server.call('GET', `/v1/reservations/${orderId}/${reservationId}/roleAssignments`, { token: admin });
    assert.equal(inherited.body.items[0].inherited, true);
    assert.equal(inherited.body.items[0].roleName, 'Reader');
    const removed = await deleteAssignment(orderId, id);
    assert.equal(removed.status, 200);
    assert.equal((await deleteAssignment(orderId, id)).status, 404);
    const auditAfter = Number((await server.ctx.store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(auditAfter, auditBefore + 2, 'create and delete are audited');
    const entries = await server.ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', orderId).orderBy('id').execute();
    assert.deepEqual(entries.slice(-2).map((e) => e.action), ['roleAssignment.create', 'roleAssignment.delete']);
    assert.equal(JSON.parse(entries.at(-1)!.before_state!).principalId, reader.id);

    // Refusals: unknown role, a subscription-only role, unknown principal, a principal of another customer.
    const other = await addUser(server, { tenant: 'customer', customerId: (await estates(server, admin)).find((e) => e.id !== estate.id)!.id, roles: ['CustomerUser'] });
    const bad: Array<[string, string, string]> = [
      ['/providers/Microsoft.Authorization/roleDefinitions/00000000-0000-0000-0000-000000000000', reader.id, 'RoleDefinitionDoesNotExist'],
      ['/providers/Microsoft.Authorization/roleDefinitions/f7b75c60-3036-4b75-91c3-6b41c27c1689', reader.id, 'InvalidRoleAssignmentScope'],
      [READER_ROLE, randomUUID(), 'PrincipalNotFound'],
      [READER_ROLE, other.id, 'PrincipalNotInTenant'],
    ];
    for (const [role, principal, code] of bad) {
      const res = await putAssignment(orderId, randomUUID(), role, principal);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
    }
    // An indirect reseller can see its customers but cannot grant access (rules §1); Contoso's order is not even visible to it.
    const reseller = await server.token('admin@northwind-reseller.example');
    assert.equal((await putAssignment(orderId, randomUUID(), READER_ROLE, reader.id, reseller)).status, 404);
  });

  test('the last Owner of an order cannot be removed', async () => {
    const { orderId } = take();
    const a = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['CustomerUser'] });
    const b = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['CustomerUser'] });
    const ida = randomUUID();
    const idb = randomUUID();
    assert.equal((await putAssignment(orderId, ida, OWNER_ROLE, a.id)).status, 201);
    const refused = await deleteAssignment(orderId, ida);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'LastOwnerCannotBeRemoved');
    assert.equal((await putAssignment(orderId, idb, OWNER_ROLE, b.id)).status, 201);
    assert.equal((await deleteAssignment(orderId, ida)).status, 200, 'with a second Owner the first can go');
    const last = await server.call('DELETE', `/v1/reservationOrders/${orderId}/roleAssignments/${idb}`, { token: admin });
    assert.equal(last.status, 409, 'the /v1 door refuses the same');
    const left = await server.call('GET', `/v1/reservationOrders/${orderId}/roleAssignments`, { token: admin });
    assert.deepEqual(left.body.items.map((i: any) => [i.id, i.roleName]), [[idb, 'Owner']]);
  });

  test('a sales agent manages only with explicit access to the customer\'s subscription; changes take effect on the next request', async () => {
    const { orderId, reservationId } = take();
    const sales = await server.token(SALES);
    const salesId = await userIdOf(server, SALES);
    const without = await v1(orderId, reservationId, sales);
    assert.equal(without.status, 200);
    assert.equal(without.body.allowedActions.read.allowed, true);
    for (const a of ['updateScope', 'split', 'rename', 'manageAccess']) {
      assert.equal(without.body.allowedActions[a].allowed, false, a);
      assert.match(without.body.allowedActions[a].reason, /subscription/);
    }
    const refused = await rename(orderId, reservationId, sales);
    assert.equal(refused.status, 403);
    // The money path asks the same effective access: a return quote names the missing permission.
    const quoteErrors = async () => {
      const res = await server.call('POST', `${P}/reservationOrders/${orderId}/calculateRefund?${API}`, { token: sales, body: { properties: { scope: 'Reservation', reservationToReturn: { reservationId: without.body.id, quantity: 1 } } } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.properties.policyResult.properties.policyErrors.map((e: any) => e.code);
    };
    assert.ok((await quoteErrors()).includes('InsufficientPermissions'));
    assert.equal(refused.body.error.code, 'AuthorizationFailed');

    const sub = estate.subscriptions.find((s) => s.status === 'Active')!.id;
    const grant = await server.call('POST', `/v1/subscriptions/${sub}/roleAssignments`, { token: admin, body: { roleName: 'Reader', principalId: salesId } });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    const withAccess = await v1(orderId, reservationId, sales);
    for (const a of ['updateScope', 'split', 'rename', 'manageAccess']) assert.equal(withAccess.body.allowedActions[a].allowed, true, a);
    assert.equal((await rename(orderId, reservationId, sales)).status, 200);
    assert.ok(!(await quoteErrors()).includes('InsufficientPermissions'), 'with subscription access the return is the agent\'s to make');
    // The listing carries the same answer.
    const listed = await server.call('GET', `/v1/customers/${estate.id}/reservations?size=500`, { token: sales });
    assert.equal(listed.body.items.find((i: any) => i.id === withAccess.body.id).allowedActions.split.allowed, true);

    // A sales agent cannot hand out subscription access; only AOBO admins can.
    assert.equal((await server.call('POST', `/v1/subscriptions/${sub}/roleAssignments`, { token: sales, body: { roleName: 'Reader', principalId: salesId } })).status, 403);
    const removed = await server.call('DELETE', `/v1/subscriptions/${sub}/roleAssignments/${grant.body.id}`, { token: admin });
    assert.equal(removed.status, 200);
    assert.equal((await rename(orderId, reservationId, sales)).status, 403, 'the next request is refused again');
    assert.equal((await v1(orderId, reservationId, sales)).body.allowedActions.split.allowed, false);
  });

  test('an explicit Contributor role on the order, given to a group, lets a helpdesk agent manage that order only', async () => {
    const { orderId, reservationId } = take();
    const other = take();
    const helpdesk = await server.token(HELPDESK);
    const helpdeskId = await userIdOf(server, HELPDESK);
    assert.equal((await rename(orderId, reservationId, helpdesk)).status, 403);
    const group = await server.call('POST', '/v1/accessGroups', { token: admin, body: { displayName: 'Helpdesk on call', members: [helpdeskId] } });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    const grant = await server.call('POST', `/v1/reservationOrders/${orderId}/roleAssignments`, { token: admin, body: { roleName: 'Contributor', principalId: group.body.id } });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    assert.equal(grant.body.principalType, 'Group');
    assert.equal((await rename(orderId, reservationId, helpdesk)).status, 200);
    const view = await v1(orderId, reservationId, helpdesk);
    assert.equal(view.body.allowedActions.split.allowed, true);
    assert.equal(view.body.allowedActions.manageAccess.allowed, false, 'Contributor does not delegate');
    assert.equal((await rename(other.orderId, other.reservationId, helpdesk)).status, 403, 'another order is not covered');
  });

  test('customer users: a Reservations Reader reads; an Owner splits but never returns, exchanges, renews or rescopes', async () => {
    const { orderId, reservationId, r } = take(2);
    const user = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['CustomerUser'] });
    const plain = await v1(orderId, reservationId, user.token);
    assert.equal(plain.status, 200, 'a customer user sees its tenant\'s reservations');
    assert.equal(plain.body.allowedActions.split.allowed, false);
    assert.equal((await server.call('POST', `/v1/reservationOrders/${orderId}/roleAssignments`, { token: admin, body: { roleName: 'Reservations Reader', principalId: user.id } })).status, 201);
    const reader = await v1(orderId, reservationId, user.token);
    assert.equal(reader.body.allowedActions.read.allowed, true);
    assert.equal(reader.body.allowedActions.split.allowed, false);
    assert.match(reader.body.allowedActions.split.reason, /Owner, Contributor/);
    assert.equal((await server.call('POST', `/v1/reservationOrders/${orderId}/roleAssignments`, { token: admin, body: { roleName: 'Owner', principalId: user.id } })).status, 201);
    const owner = await v1(orderId, reservationId, user.token);
    for (const a of ['split', 'merge', 'rename', 'archive', 'manageAccess']) assert.equal(owner.body.allowedActions[a].allowed, true, a);
    for (const a of ['return', 'exchange', 'renew', 'updateScope']) {
      assert.equal(owner.body.allowedActions[a].allowed, false, a);
      assert.match(owner.body.allowedActions[a].reason, /CSP customer/);
    }
    const renew = await server.call('PATCH', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, { token: user.token, body: { properties: { renew: true } } });
    assert.equal(renew.status, 403);
    const split = await server.call('POST', `${P}/reservationOrders/${orderId}/split?${API}`, { token: user.token, body: { properties: { quantities: [1, r.properties.quantity - 1], reservationId: r.id } } });
    assert.equal(split.status, 200, JSON.stringify(split.body));
  });

  test('a guest of the customer tenant does not inherit access; only an explicit assignment lets it in', async () => {
    const { orderId, reservationId } = take();
    const guest = await addUser(server, { tenant: 'customer', customerId: estate.id, roles: ['GuestUser'] });
    const azureGet = () => server.call('GET', `${P}/reservationOrders/${orderId}/reservations/${reservationId}?${API}`, { token: guest.token });
    assert.equal((await azureGet()).status, 404);
    assert.equal((await v1(orderId, reservationId, guest.token)).status, 404);
    const all = await server.call('GET', `${P}/reservations?${API}`, { token: guest.token });
    assert.equal(all.status, 200);
    assert.equal(all.body.value.length, 0, 'a guest lists nothing of the tenant');
    assert.equal((await rename(orderId, reservationId, guest.token)).status, 404);

    const grant = await server.call('POST', `/v1/reservationOrders/${orderId}/roleAssignments`, { token: admin, body: { roleName: 'Reader', principalId: guest.id } });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    assert.equal(grant.body.principalTenant, 'customer (guest)');
    assert.equal((await azureGet()).status, 200, 'the assignment takes effect on the next request');
    const view = await v1(orderId, reservationId, guest.token);
    assert.equal(view.status, 200);
    assert.equal(view.body.allowedActions.read.allowed, true);
    assert.equal(view.body.allowedActions.rename.allowed, false);
    assert.equal((await rename(orderId, reservationId, guest.token)).status, 403);
    assert.equal((await server.call('DELETE', `/v1/reservationOrders/${orderId}/roleAssignments/${grant.body.id}`, { token: admin })).status, 200);
    assert.equal((await azureGet()).status, 404, 'and its removal too');
  });

  test('the partner\'s admin agent acts on behalf of the customer (AOBO) without any assignment', async () => {
    const { orderId, reservationId } = take();
    const view = await v1(orderId, reservationId, admin);
    for (const a of ['updateScope', 'split', 'merge', 'rename', 'renew', 'archive', 'manageAccess', 'return', 'exchange']) assert.equal(view.body.allowedActions[a].allowed, true, a);
    const res = await rename(orderId, reservationId, admin, 'by the admin agent');
    assert.equal(res.status, 200);
    const entry = await server.ctx.store.db.selectFrom('audit_log').selectAll().where('target_id', '=', reservationId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(entry.on_behalf_of, estate.id);
    assert.equal(entry.partner_id, CONTOSO_ID);
  });
});
