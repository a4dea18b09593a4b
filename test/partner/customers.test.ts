import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, TEST_NOW, type TestServer } from '../support/test-server.ts';
import {
  allReservationsOf, assertError, CONTOSO_CUSTOMERS, CONTOSO_ID, customerNamed, followPages, GUID_RE, listAllCustomers,
  subscriptionsOf, USERS,
} from './helpers.ts';

const DAY = 86_400_000;
const RESERVATION_ID = /^\/providers\/microsoft\.capacity\/reservationOrders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})$/i;

describeEachEngine('partner door: customers, subscriptions and reservations', (engine) => {
  let server: TestServer;
  let token: string;
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(USERS.adminAgent);
  });
  after(async () => server?.close());

  const names = (items: any[]) => items.map((c) => c.companyProfile.companyName).sort();

  test('the Contoso admin agent sees exactly its 12 Korean customers', async () => {
    const res = await server.call('GET', '/v1/customers', { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.totalCount, 12);
    assert.equal(res.body.items.length, 12);
    assert.deepEqual(names(res.body.items), [...CONTOSO_CUSTOMERS].sort());
    assert.equal(res.body.attributes.objectType, 'Collection');
    for (const c of res.body.items) {
      assert.match(c.id, GUID_RE);
      assert.equal(c.companyProfile.tenantId, c.id);
      assert.equal(c.companyProfile.country, 'KR');
      assert.match(c.companyProfile.domain, /\.example$/);
      assert.equal(c.partnerId, CONTOSO_ID);
      assert.equal(c.relationshipToPartner, 'none');
      assert.equal(c.attributes.objectType, 'Customer');
    }
    assert.equal(res.body.links.next, undefined, 'everything fits on the first page');
  });

  test('search matches part of the company name, including Korean', async () => {
    const res = await server.call('GET', `/v1/customers?search=${encodeURIComponent('바이오')}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.totalCount, 1);
    assert.deepEqual(names(res.body.items), ['청솔바이오']);
    const two = await server.call('GET', `/v1/customers?search=${encodeURIComponent('빛')}`, { token });
    assert.deepEqual(names(two.body.items), ['별빛미디어', '한빛제조']);
  });

  test('search matches part of the domain, case-insensitively', async () => {
    const res = await server.call('GET', '/v1/customers?search=LOGISTICS', { token });
    assert.equal(res.status, 200);
    assert.deepEqual(names(res.body.items), ['서울물류']);
    assert.equal(res.body.items[0].companyProfile.domain, 'seoul-logistics.example');
    const partial = await server.call('GET', '/v1/customers?search=fintech', { token });
    assert.deepEqual(names(partial.body.items), ['다온핀테크']);
  });

  test('search stays within the caller\'s customers and treats % and _ literally', async () => {
    for (const term of ['Adventure', 'woodgrove', '%', '_', '%25']) {
      const res = await server.call('GET', `/v1/customers?search=${encodeURIComponent(term)}`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.totalCount, 0, `search ${term} finds nothing`);
      assert.deepEqual(res.body.items, []);
    }
  });

  test('paging with size and offset follows links.next to the end', async () => {
    const all = await listAllCustomers(server, token);
    const pages = await followPages(server, token, '/v1/customers?size=5');
    assert.deepEqual(pages.map((p) => p.items.length), [5, 5, 2]);
    for (const p of pages) assert.equal(p.totalCount, 12);
    assert.deepEqual(pages.flatMap((p) => p.items.map((c: any) => c.id)), all.map((c) => c.id), 'pages hold every customer once, in order');
    assert.match(pages[0].links.next.uri, /^\/v1\/customers\?.*size=5/);
    assert.match(pages[0].links.next.uri, /offset=5/);
    const direct = await server.call('GET', '/v1/customers?size=3&offset=10', { token });
    assert.deepEqual(direct.body.items.map((c: any) => c.id), all.slice(10, 13).map((c) => c.id));
    assert.equal(direct.body.links.next, undefined);
    // Boundaries: one customer left over gets a next link; an exact fit does not.
    const eleven = await server.call('GET', '/v1/customers?size=11', { token });
    assert.equal(eleven.body.items.length, 11);
    assert.ok(eleven.body.links.next, 'one customer is left for the next page');
    const rest = await server.call('GET', eleven.body.links.next.uri, { token });
    assert.deepEqual(rest.body.items.map((c: any) => c.id), [all[11].id]);
    assert.equal(rest.body.links.next, undefined);
    const twelve = await server.call('GET', '/v1/customers?size=12', { token });
    assert.equal(twelve.body.items.length, 12);
    assert.equal(twelve.body.links.next, undefined);
    const beyond = await server.call('GET', '/v1/customers?size=5&offset=100', { token });
    assert.equal(beyond.status, 200);
    assert.deepEqual(beyond.body.items, []);
    assert.equal(beyond.body.totalCount, 12);
  });

  test('paging keeps the search term in links.next', async () => {
    const pages = await followPages(server, token, '/v1/customers?search=example&size=4');
    assert.equal(pages.length, 3);
    assert.equal(pages.flatMap((p) => p.items).length, 12);
    assert.match(pages[0].links.next.uri, /search=example/);
  });

  test('bad paging values are a 400 naming the parameter', async () => {
    assertError(await server.call('GET', '/v1/customers?size=0', { token }), 400, 'InvalidParameter', /size/);
    assertError(await server.call('GET', '/v1/customers?size=abc', { token }), 400, 'InvalidParameter', /size/);
    assertError(await server.call('GET', '/v1/customers?offset=-1', { token }), 400, 'InvalidParameter', /offset/);
  });

  test('gets one customer, GUID case-insensitively, with what the caller may change', async () => {
    const hanbit = await customerNamed(server, token, '한빛제조');
    const res = await server.call('GET', `/v1/customers/${hanbit.id}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, hanbit.id);
    assert.equal(res.body.companyProfile.companyName, '한빛제조');
    assert.equal(res.body.companyProfile.domain, 'hanbit-mfg.example');
    assert.equal(res.body.customerMayBuyReservations, false);
    assert.deepEqual(res.body.allowedActions.toggleCustomerPurchase, { allowed: true });
    const upper = await server.call('GET', `/v1/customers/${hanbit.id.toUpperCase()}`, { token });
    assert.equal(upper.status, 200);
    assert.equal(upper.body.id, hanbit.id);
    const helpdesk = await server.call('GET', `/v1/customers/${hanbit.id}`, { token: await server.token(USERS.helpdeskAgent) });
    assert.equal(helpdesk.body.allowedActions.toggleCustomerPurchase.allowed, false);
    assert.match(helpdesk.body.allowedActions.toggleCustomerPurchase.reason, /admin/i);
  });

  test('an unknown customer id is 404', async () => {
    const res = await server.call('GET', '/v1/customers/00000000-0000-4000-8000-000000000000', { token });
    assertError(res, 404, 'CustomerNotFound');
  });

  test('subscriptions come with their resource groups; every customer has at least one', async () => {
    let disabled = 0;
    for (const c of await listAllCustomers(server, token)) {
      const res = await server.call('GET', `/v1/customers/${c.id}/subscriptions`, { token });
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length >= 1 && res.body.items.length <= 4, `${c.companyProfile.companyName} has 1 to 4 subscriptions`);
      assert.equal(res.body.totalCount, res.body.items.length);
      assert.ok(Array.isArray(res.body.managementGroups));
      for (const s of res.body.items) {
        assert.match(s.id, GUID_RE);
        assert.ok(s.friendlyName.startsWith(c.companyProfile.companyName), `${s.friendlyName} is named after its customer`);
        assert.ok(['Active', 'Disabled'].includes(s.status));
        assert.equal(s.offerName, 'Azure plan');
        assert.ok(s.resourceGroups.length >= 2, 'each subscription has resource groups');
        for (const g of s.resourceGroups) {
          assert.equal(g.id, `/subscriptions/${s.id}/resourceGroups/${g.name}`);
          assert.match(g.location, /^korea(central|south)$/);
        }
        if (s.status === 'Disabled') disabled++;
      }
      assert.ok(res.body.items.some((s: any) => s.status === 'Active'), 'every customer keeps an active subscription');
    }
    assert.ok(disabled >= 1, 'the demo data has a disabled subscription to refuse');
  });

  test('reservations of a customer are in the Azure shape plus allowedActions, equal to the Azure door', async () => {
    const hanbit = await customerNamed(server, token, '한빛제조');
    const res = await server.call('GET', `/v1/customers/${hanbit.id}/reservations?size=3`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 3);
    assert.ok(res.body.totalCount >= 10);
    for (const item of res.body.items) {
      const m = RESERVATION_ID.exec(item.id);
      assert.ok(m, `resource id ${item.id}`);
      assert.equal(item.name, m[2]);
      assert.equal(item.type, 'Microsoft.Capacity/reservationOrders/reservations');
      assert.equal(typeof item.sku.name, 'string');
      assert.equal(typeof item.location, 'string');
      for (const key of ['reservedResourceType', 'displayName', 'appliedScopeType', 'quantity', 'provisioningState', 'displayProvisioningState', 'expiryDateTime', 'purchaseDateTime', 'term', 'billingPlan', 'billingScopeId']) {
        assert.ok(key in item.properties, `properties.${key}`);
      }
      assert.deepEqual(item.allowedActions.read, { allowed: true });
      assert.equal(typeof item.allowedActions.return.allowed, 'boolean');
      const { allowedActions, ...azureShape } = item;
      const azure = await server.call('GET', `${item.id}?api-version=2022-11-01`, { token });
      assert.equal(azure.status, 200, JSON.stringify(azure.body));
      assert.deepEqual(azureShape, azure.body, 'the same reservation reads the same through both doors');
    }
  });

  test('filter state=Expiring returns exactly the expiring reservations', async () => {
    let seen = 0;
    for (const c of await listAllCustomers(server, token)) {
      const all = await allReservationsOf(server, token, c.id);
      const expected = all.items.filter((r) => r.properties.displayProvisioningState === 'Expiring').map((r) => r.name).sort();
      const res = await server.call('GET', `/v1/customers/${c.id}/reservations?state=Expiring&size=500`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.totalCount, expected.length, `${c.companyProfile.companyName}: Expiring count`);
      assert.deepEqual(res.body.items.map((r: any) => r.name).sort(), expected);
      seen += expected.length;
      const lower = await server.call('GET', `/v1/customers/${c.id}/reservations?state=expiring&size=500`, { token });
      assert.equal(lower.body.totalCount, expected.length, 'the state is matched case-insensitively');
    }
    assert.ok(seen > 0, 'the demo data has expiring reservations');
  });

  test('filter type=VirtualMachines returns exactly the VM reservations', async () => {
    const hanbit = await customerNamed(server, token, '한빛제조');
    const all = await allReservationsOf(server, token, hanbit.id);
    const expected = all.items.filter((r) => r.properties.reservedResourceType === 'VirtualMachines').map((r) => r.name).sort();
    assert.ok(expected.length > 0 && expected.length < all.items.length, 'the customer has VM and other reservations');
    const res = await server.call('GET', `/v1/customers/${hanbit.id}/reservations?type=VirtualMachines&size=500`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.body.totalCount, expected.length);
    assert.deepEqual(res.body.items.map((r: any) => r.name).sort(), expected);
    const catalogName = await server.call('GET', `/v1/customers/${hanbit.id}/reservations?type=virtualMachines&size=500`, { token });
    assert.equal(catalogName.body.totalCount, expected.length);
    assertError(await server.call('GET', `/v1/customers/${hanbit.id}/reservations?type=Spaceships`, { token }), 400, 'InvalidReservedResourceType', /Spaceships/);
  });

  test('filter expiringWithinDays=30 returns active reservations ending within 30 days', async () => {
    const now = Date.parse(TEST_NOW);
    let seen = 0;
    for (const c of await listAllCustomers(server, token)) {
      const all = await allReservationsOf(server, token, c.id);
      const expected = all.items.filter((r) => {
        const expiry = Date.parse(r.properties.expiryDateTime);
        return r.properties.provisioningState === 'Succeeded' && expiry > now && expiry <= now + 30 * DAY;
      }).map((r) => r.name).sort();
      const res = await server.call('GET', `/v1/customers/${c.id}/reservations?expiringWithinDays=30&size=500`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.totalCount, expected.length, `${c.companyProfile.companyName}: expiring within 30 days`);
      assert.deepEqual(res.body.items.map((r: any) => r.name).sort(), expected);
      seen += expected.length;
      // Wider windows hold at least as many.
      const year = await server.call('GET', `/v1/customers/${c.id}/reservations?expiringWithinDays=365&size=1`, { token });
      assert.ok(year.body.totalCount >= expected.length);
    }
    assert.ok(seen > 0);
  });

  test('expiringWithinDays counts whole days: a reservation is in from the first window that reaches its expiry', async () => {
    const now = Date.parse(TEST_NOW);
    let checked = 0;
    for (const c of (await listAllCustomers(server, token)).slice(0, 4)) {
      const all = await allReservationsOf(server, token, c.id);
      const active = all.items.filter((r) => r.properties.provisioningState === 'Succeeded' && Date.parse(r.properties.expiryDateTime) > now);
      for (const r of active.slice(0, 4)) {
        const days = (Date.parse(r.properties.expiryDateTime) - now) / DAY;
        const names = async (n: number) => {
          const res = await server.call('GET', `/v1/customers/${c.id}/reservations?expiringWithinDays=${n}&size=500`, { token });
          assert.equal(res.status, 200);
          return new Set(res.body.items.map((x: any) => x.name));
        };
        // The window is (now, now + n days]: an expiry exactly n days away is inside it.
        const inside = Math.ceil(days);
        const outside = inside - 1;
        if (inside > 3650) continue;
        assert.ok((await names(inside)).has(r.name), `${r.name} expires in ${days.toFixed(3)} days: within ${inside}`);
        assert.ok(!(await names(outside)).has(r.name), `${r.name} expires in ${days.toFixed(3)} days: not within ${outside}`);
        checked++;
      }
    }
    assert.ok(checked >= 8, `checked ${checked} reservations`);
  });

  test('filters combine: state=Expiring&type=VirtualMachines is the intersection', async () => {
    for (const c of await listAllCustomers(server, token)) {
      const all = await allReservationsOf(server, token, c.id);
      const expected = all.items.filter((r) => r.properties.displayProvisioningState === 'Expiring' && r.properties.reservedResourceType === 'VirtualMachines').length;
      const res = await server.call('GET', `/v1/customers/${c.id}/reservations?state=Expiring&type=VirtualMachines`, { token });
      assert.equal(res.body.totalCount, expected, c.companyProfile.companyName);
    }
  });

  test('reservation paging: totalCount stays the full count and links.next walks every reservation once', async () => {
    const hanbit = await customerNamed(server, token, '한빛제조');
    const all = await allReservationsOf(server, token, hanbit.id);
    const pages = await followPages(server, token, `/v1/customers/${hanbit.id}/reservations?size=4`);
    assert.equal(pages.length, Math.ceil(all.totalCount / 4));
    for (const p of pages) assert.equal(p.totalCount, all.totalCount);
    assert.deepEqual(pages.flatMap((p) => p.items.map((r: any) => r.name)), all.items.map((r) => r.name));
    // Filters survive paging.
    const vm = await followPages(server, token, `/v1/customers/${hanbit.id}/reservations?type=VirtualMachines&size=2`);
    const vmTotal = vm[0].totalCount;
    assert.equal(vm.flatMap((p) => p.items).length, vmTotal);
    assert.ok(vm.flatMap((p) => p.items).every((r: any) => r.properties.reservedResourceType === 'VirtualMachines'));
  });

  test('reservations of an unknown customer are 404, with a non-GUID id 400', async () => {
    assertError(await server.call('GET', '/v1/customers/00000000-0000-4000-8000-000000000000/reservations', { token }), 404, 'CustomerNotFound');
    assertError(await server.call('GET', '/v1/customers/hanbit/reservations', { token }), 400, 'InvalidParameter', /customerId/);
    assertError(await server.call('GET', '/v1/customers/hanbit/subscriptions', { token }), 400, 'InvalidParameter', /GUID/);
  });

  test('subscriptions of a customer list only that customer\'s subscriptions', async () => {
    const seen = new Map<string, string>();
    for (const c of await listAllCustomers(server, token)) {
      for (const s of await subscriptionsOf(server, token, c.id)) {
        assert.ok(!seen.has(s.id), `subscription ${s.id} belongs to one customer only`);
        seen.set(s.id, c.id);
      }
    }
  });
});
