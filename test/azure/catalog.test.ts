import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI, Catalog } from '@azure/arm-reservations';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { clientFor, collect, collectPages, customerWithActiveSubscriptions, expectRestError, minorOf } from './azure-support.ts';

const keyOf = (c: Catalog) => `${c.resourceType}|${c.name}|${c.locations?.join(',')}`;
const MSRP_KEY: Record<string, 'p1Y' | 'p3Y' | 'p5Y'> = { P1Y: 'p1Y', P3Y: 'p3Y', P5Y: 'p5Y' };

describeEachEngine('GetCatalog through the official client', (engine) => {
  let server: TestServer;
  let contoso: AzureReservationAPI;
  let fabrikam: AzureReservationAPI;
  let contosoSub: string;
  let fabrikamSub: string;
  let contosoCatalog: Catalog[];

  before(async () => {
    server = await startTestServer(engine);
    const contosoToken = await server.token(ADMIN_AGENT);
    const fabrikamToken = await server.token(FABRIKAM_AGENT);
    contoso = clientFor(server, contosoToken);
    fabrikam = clientFor(server, fabrikamToken);
    contosoSub = (await customerWithActiveSubscriptions(server, contosoToken, 1)).active[0]!.id;
    fabrikamSub = (await customerWithActiveSubscriptions(server, fabrikamToken, 1)).active[0]!.id;
    contosoCatalog = await collect(contoso.getCatalog(contosoSub));
  });
  after(async () => server?.close());

  function assertWellFormed(items: Catalog[], currency: string): void {
    assert.ok(items.length > 20, `a real catalog, got ${items.length} items`);
    assert.equal(new Set(items.map(keyOf)).size, items.length, 'each SKU and region appears once');
    for (const c of items) {
      const where = keyOf(c);
      assert.ok(c.resourceType && c.name, where);
      assert.equal(c.locations?.length, 1, `${where} names its region`);
      assert.ok(c.terms?.length, `${where} has terms`);
      assert.deepEqual(Object.keys(c.billingPlans ?? {}).sort(), [...c.terms!].sort(), `${where}: a billing plan list per term`);
      for (const term of c.terms!) {
        const plans = c.billingPlans![term]!;
        assert.ok(plans.includes('Upfront'), `${where} ${term} can be paid upfront`);
        assert.ok(plans.every((p) => p === 'Upfront' || p === 'Monthly'), `${where} ${term} plans ${plans}`);
        const msrp = c.msrp?.[MSRP_KEY[term]!];
        assert.ok(msrp, `${where} has a list price for ${term}`);
        assert.equal(msrp.currencyCode, currency, `${where} ${term} is priced in ${currency}`);
        assert.ok(minorOf(msrp) > 0, `${where} ${term} price is positive`);
      }
      for (const term of ['P1Y', 'P3Y', 'P5Y']) {
        if (!c.terms!.includes(term)) assert.equal(c.msrp?.[MSRP_KEY[term]!], undefined, `${where} has no price for a term it does not offer`);
      }
      if (c.terms!.includes('P1Y') && c.terms!.includes('P3Y')) {
        assert.ok(c.msrp!.p3Y!.amount! > c.msrp!.p1Y!.amount!, `${where}: three years cost more than one`);
      }
    }
  }

  test('a Contoso customer subscription sees the catalog in KRW', () => {
    assertWellFormed(contosoCatalog, 'KRW');
    for (const c of contosoCatalog) for (const p of Object.values(c.msrp ?? {})) if (p) assert.ok(Number.isInteger(p.amount), 'KRW has no minor unit');
  });

  test('a Fabrikam customer subscription sees the same catalog in USD', async () => {
    const items = await collect(fabrikam.getCatalog(fabrikamSub));
    assertWellFormed(items, 'USD');
    assert.deepEqual(new Set(items.map(keyOf)), new Set(contosoCatalog.map(keyOf)), 'the same SKUs and regions, another currency');
    assert.ok(items.some((c) => Object.values(c.msrp ?? {}).some((p) => p && !Number.isInteger(p.amount))), 'USD prices have cents');
  });

  test('reservedResourceType and location narrow the catalog', async () => {
    const vms = await collect(contoso.getCatalog(contosoSub, { reservedResourceType: 'VirtualMachines' }));
    assert.ok(vms.length > 0 && vms.length < contosoCatalog.length);
    assert.ok(vms.every((c) => c.resourceType === 'virtualMachines'), 'only virtual machines');
    assert.deepEqual(new Set(vms.map(keyOf)), new Set(contosoCatalog.filter((c) => c.resourceType === 'virtualMachines').map(keyOf)));
    assert.ok(vms.every((c) => c.billingPlans!.P1Y!.includes('Monthly')), 'virtual machines can be paid monthly');

    const korea = await collect(contoso.getCatalog(contosoSub, { location: 'koreacentral' }));
    assert.ok(korea.length > 0 && korea.length < contosoCatalog.length);
    assert.ok(korea.every((c) => c.locations?.[0] === 'koreacentral'));
    assert.deepEqual(new Set(korea.map(keyOf)), new Set(contosoCatalog.filter((c) => c.locations?.[0] === 'koreacentral').map(keyOf)));

    const both = await collect(contoso.getCatalog(contosoSub, { reservedResourceType: 'virtualMachines', location: 'KoreaCentral' }));
    assert.ok(both.length > 0);
    assert.deepEqual(new Set(both.map(keyOf)), new Set(vms.filter((c) => c.locations?.[0] === 'koreacentral').map(keyOf)));

    const nowhere = await collect(contoso.getCatalog(contosoSub, { location: 'antarctica' }));
    assert.deepEqual(nowhere, []);
  });

  test('Databricks has no Monthly plan', async () => {
    const databricks = await collect(contoso.getCatalog(contosoSub, { reservedResourceType: 'Databricks' }));
    assert.ok(databricks.length > 0, 'Databricks is sold');
    for (const c of databricks) {
      assert.equal(c.resourceType, 'databricks');
      for (const term of c.terms!) assert.deepEqual(c.billingPlans![term], ['Upfront'], `${keyOf(c)} ${term}`);
    }
    const body = {
      sku: { name: databricks[0]!.name }, location: databricks[0]!.locations![0], reservedResourceType: 'Databricks',
      billingScopeId: `/subscriptions/${contosoSub}`, term: databricks[0]!.terms![0], billingPlan: 'Monthly', quantity: 1,
    };
    await expectRestError(contoso.reservationOrder.calculate(body), 400, 'BillingPlanNotSupported');
  });

  test('msrp is the price calculatePrice quotes for one unit paid upfront', async () => {
    const checks: Array<[AzureReservationAPI, string, Catalog]> = [];
    const koreaVm = contosoCatalog.find((c) => c.resourceType === 'virtualMachines' && c.locations![0] === 'koreacentral' && c.terms!.includes('P3Y'));
    const other = contosoCatalog.find((c) => c.resourceType === 'sqlDatabases');
    assert.ok(koreaVm && other);
    checks.push([contoso, contosoSub, koreaVm], [contoso, contosoSub, other]);
    const usd = (await collect(fabrikam.getCatalog(fabrikamSub, { reservedResourceType: 'VirtualMachines', location: 'eastus' })))[0];
    assert.ok(usd);
    checks.push([fabrikam, fabrikamSub, usd]);
    for (const [client, sub, item] of checks) {
      for (const term of item.terms!) {
        const quote = await client.reservationOrder.calculate({
          sku: { name: item.name }, location: item.locations![0], reservedResourceType: item.resourceType,
          billingScopeId: `/subscriptions/${sub}`, term, billingPlan: 'Upfront', quantity: 1,
        });
        assert.deepEqual(quote.properties?.billingCurrencyTotal, item.msrp![MSRP_KEY[term]!], `${keyOf(item)} ${term}`);
      }
    }
  });

  test('take pages through nextLink without losing or repeating items', async () => {
    const pages = await collectPages(contoso.getCatalog(contosoSub, { take: 25 }));
    assert.equal(pages.length, Math.ceil(contosoCatalog.length / 25));
    const union = pages.flat();
    assert.equal(new Set(union.map(keyOf)).size, union.length);
    assert.deepEqual(new Set(union.map(keyOf)), new Set(contosoCatalog.map(keyOf)));
    const filtered = (await collectPages(contoso.getCatalog(contosoSub, { reservedResourceType: 'VirtualMachines', take: 10 }))).flat();
    assert.ok(filtered.length > 10 && filtered.every((c) => c.resourceType === 'virtualMachines'), 'later pages keep the type filter');
  });

  test('unknown, foreign or malformed subscriptions and types are refused', async () => {
    await expectRestError(() => collect(contoso.getCatalog('00000000-0000-4000-8000-000000000000')), 404, 'SubscriptionNotFound');
    await expectRestError(() => collect(contoso.getCatalog(fabrikamSub)), 404, 'SubscriptionNotFound');
    await expectRestError(() => collect(fabrikam.getCatalog(contosoSub)), 404, 'SubscriptionNotFound');
    await expectRestError(() => collect(contoso.getCatalog(contosoSub, { reservedResourceType: 'Spaceships' })), 400, 'InvalidReservedResourceType');
  });
});
