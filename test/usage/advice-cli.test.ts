import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import { purchase } from '../../src/services/purchase-service.ts';
import { assertFailure, assertOk, parseJson, runCli, tempDir } from '../cli/cli-runner.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { partnerSetup } from '../operations/ops-helpers.ts';

const DAY = 86_400_000;
const dateAt = (from: string, i: number) => new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10);

/** `resdesk advice exchange|purchase`, spawned against the in-process server as the admin agent. */
describeEachEngine('resdesk advice exchange and advice purchase', (engine) => {
  let server: TestServer;
  let home: string;
  let token: string;
  let ref: string;
  let customerId: string;
  const cli = (...args: string[]) => runCli(args, { RESDESK_CONFIG_DIR: path.join(home, 'partner') });

  before(async () => {
    server = await startTestServer(engine);
    const { ctx, clock } = server;
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    customerId = setup.customerId;
    const bought = await purchase(ctx, setup.actor, newId(), {
      skuName: 'Standard_D8s_v5', location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${setup.subscriptionId}`,
      term: 'P1Y', billingPlan: 'Upfront', quantity: 2, appliedScopeType: 'Shared',
    });
    const r = bought.reservations[0]!;
    ref = `${r.orderId}/${r.id}`;
    for (let i = 0; i < 7; i++) {
      await ctx.store.db.insertInto('utilization_daily').values({ reservation_id: r.id, usage_date: dateAt('2026-11-28', i), reserved_hours: 48, used_hours: 12, min_pct: 25, avg_pct: 25, max_pct: 25 }).execute();
      await ctx.store.db.insertInto('uncovered_usage_daily').values({
        customer_id: setup.customerId, subscription_id: setup.subscriptionId, resource_type: 'VirtualMachines', sku_name: 'Standard_D2s_v5', region: 'koreacentral',
        usage_date: dateAt('2026-11-28', i), usage_hours: 48, min_hourly_instances: 2, max_hourly_instances: 2, cost_minor: 48 * 130, currency: 'KRW',
      }).execute();
    }
    clock.set('2026-12-05T06:00:00.000Z');
    token = await server.token(ADMIN_AGENT);
    home = tempDir('advice');
    assertOk(await cli('login', '--server', server.httpUrl, '--email', ADMIN_AGENT, '--password', 'demo-password'));
  });
  after(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('advice exchange: the proposals as a table and as the API\'s JSON; --quote posts the first proposal to the exchange quote', async () => {
    const [json, text, quoted] = await Promise.all([cli('advice', 'exchange', ref, '--json'), cli('advice', 'exchange', ref), cli('advice', 'exchange', ref, '--quote', '--json')]);
    const advice = parseJson(json);
    assert.equal(advice.proposals[0].skuName, 'Standard_D4s_v5');
    assert.equal(advice.proposals[0].quantity, 1);
    assertOk(text);
    assert.match(text.stdout, /^1\* +Standard_D4s_v5 +1 {2}P1Y +100% .* no +KRW 4,392,225$/m, 'nothing meets the commitment rule: the best fit is recommended');
    assert.match(text.stdout, /7 days \(2026-11-28 to 2026-12-04\): 25% used/);
    const q = parseJson(quoted);
    const api = await server.call('POST', '/v1/exchanges/quote', { token, body: advice.proposals[0].exchangeRequest });
    assert.equal(api.status, 200);
    assert.deepEqual(q.quote, api.body.quote, 'the quote of the proposal\'s body');
    assert.deepEqual(q.purchases.map((p: any) => [p.skuName, p.quantity, p.term]), [['Standard_D4s_v5', 1, 'P1Y']]);
    assertFailure(await cli('advice', 'exchange', 'not-a-reservation'), 2, /advice exchange: "not-a-reservation"/);
    assertFailure(await cli('advice', 'exchange', ref, '--quote', '--proposal', '99'), 2, /there is no proposal 99/);
  });

  test('advice purchase: recommendations of the customer, JSON equal to the API\'s and a table with break-even months', async () => {
    const [json, text] = await Promise.all([cli('advice', 'purchase', '--customer', customerId, '--look-back', '7', '--json'), cli('advice', 'purchase', '--customer', customerId, '--look-back', '7')]);
    const api = await server.call('GET', `/v1/customers/${customerId}/purchaseRecommendations?lookBackPeriod=Last7Days`, { token });
    assert.deepEqual(parseJson(json).items, api.body.items);
    assert.equal(api.body.items[0].skuName, 'Standard_D2s_v5');
    assertOk(text);
    // 2 × 732,038 against 2 × 730 × 130 = 189,800 a month on demand: month 8; P3Y 2 × 1,416,852: month 15.
    assert.match(text.stdout, /Standard_D2s_v5 +koreacentral +\S+ +2 {2}P1Y .* month 8$/m);
    assert.match(text.stdout, /Standard_D2s_v5 +koreacentral +\S+ +2 {2}P3Y .* month 15$/m);
    assertFailure(await cli('advice', 'purchase'), 2, /--customer is required/);
  });
});
