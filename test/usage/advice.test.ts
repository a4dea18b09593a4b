import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/domain/ids.ts';
import type { AppContext } from '../../src/services/context.ts';
import { purchase } from '../../src/services/purchase-service.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { HELPDESK, tokenOf } from '../money/money-helpers.ts';
import { partnerSetup } from '../operations/ops-helpers.ts';

const DAY = 86_400_000;
const dateAt = (from: string, i: number) => new Date(Date.parse(`${from}T00:00:00Z`) + i * DAY).toISOString().slice(0, 10);
const CONSUMPTION = 'api-version=2024-08-01';
const contact = {
  firstName: 'Ji-eun', lastName: 'Kim', primaryEmail: 'jieun.kim@contoso-kr.example', preferredContactMethod: 'email',
  preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};

/** Days of utilization as the importer writes them: `used` reserved-size hours of `reserved`, the busiest hour at `maxPct`. */
async function utilization(ctx: AppContext, reservationId: string, from: string, n: number, reserved: number, used: number, maxPct: number) {
  for (let i = 0; i < n; i++) {
    const pct = (used / reserved) * 100;
    await ctx.store.db.insertInto('utilization_daily').values({
      reservation_id: reservationId, usage_date: dateAt(from, i), reserved_hours: reserved, used_hours: used, min_pct: pct, avg_pct: pct, max_pct: maxPct,
    }).execute();
  }
}

/** The quote part of a /v1 exchange quote, without what names the session. */
const quoteOf = (view: { sessionId?: string; expiresAt?: string; [k: string]: unknown }) => {
  const { sessionId: _s, expiresAt: _e, ...rest } = view;
  return rest;
};

describeEachEngine('usage advice: exchange proposals and purchase recommendations', (engine) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(engine);
  });
  after(() => server?.close());

  test('an oversized D8s_v5 × 2 used like one D4s_v5 is proposed one D4s_v5, quoted exactly as calculateExchange quotes it', async () => {
    const { ctx, clock } = server;
    clock.set('2026-11-27T03:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const bought = await purchase(ctx, setup.actor, newId(), {
      skuName: 'Standard_D8s_v5', location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${setup.subscriptionId}`,
      term: 'P1Y', billingPlan: 'Upfront', quantity: 2, appliedScopeType: 'Shared', instanceFlexibility: 'On', displayName: 'oversized',
    });
    const r = bought.reservations[0]!;
    // One D4s_v5 (ratio 2) around the clock against D8s_v5 (ratio 4) × 2: 24 × 2 ÷ 4 = 12 of 48 hours, 25 % every hour.
    await utilization(ctx, r.id, '2026-11-28', 30, 48, 12, 25);
    // Meanwhile two D2s_v5 run on demand in koreasouth around the clock (2 normalized units, KRW 130 an hour each).
    for (let i = 0; i < 30; i++) {
      await ctx.store.db.insertInto('uncovered_usage_daily').values({
        customer_id: setup.customerId, subscription_id: setup.subscriptionId, resource_type: 'VirtualMachines', sku_name: 'Standard_D2s_v5', region: 'koreasouth',
        usage_date: dateAt('2026-11-28', i), usage_hours: 48, min_hourly_instances: 2, max_hourly_instances: 2, cost_minor: 48 * 130, currency: 'KRW',
      }).execute();
      // …and ten in japaneast, more than the 6 units the best fit frees: only those 6 move.
      await ctx.store.db.insertInto('uncovered_usage_daily').values({
        customer_id: setup.customerId, subscription_id: setup.subscriptionId, resource_type: 'VirtualMachines', sku_name: 'Standard_D2s_v5', region: 'japaneast',
        usage_date: dateAt('2026-11-28', i), usage_hours: 240, min_hourly_instances: 10, max_hourly_instances: 10, cost_minor: 240 * 140, currency: 'KRW',
      }).execute();
    }
    clock.set('2026-12-28T06:00:00.000Z');
    const token = await tokenOf(server, ADMIN_AGENT);

    const res = await server.call('GET', `/v1/reservations/${r.orderId}/${r.id}/exchangeAdvice`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const advice = res.body;
    assert.deepEqual(advice.observation, { days: 30, from: '2026-11-28', to: '2026-12-27', sizingUnits: 2, averageUnits: 2, currentUnits: 8, utilizationPct: 25 });
    assert.equal(advice.flexibilityGroup, 'DSv5 Series');
    const sizes = advice.proposals.filter((p: any) => p.kind === 'resize' && p.term === 'P1Y').map((p: any) => [p.skuName, p.quantity, p.units, p.projectedUtilizationPct]);
    assert.deepEqual(sizes, [['Standard_D4s_v5', 1, 2, 100], ['Standard_D2s_v5', 2, 2, 100], ['Standard_D8s_v5', 1, 4, 50]]);

    const best = advice.proposals[0];
    assert.equal(best.skuName, 'Standard_D4s_v5');
    assert.deepEqual(best.exchangeRequest, {
      returns: [{ reservationOrderId: r.orderId, reservationId: r.id, quantity: 2 }],
      purchases: [{ offerId: 'VirtualMachines:Standard_D4s_v5:koreacentral', quantity: 1, termDuration: 'P1Y', billingPlan: 'Upfront', subscriptionId: setup.subscriptionId, scope: 'shared', friendlyName: 'oversized' }],
    });
    // Money in minor units (KRW): the catalog price of D4s_v5 P1Y in koreacentral is 1,464,075; D8s_v5 × 2 cost 2 × 2,928,150 a year.
    assert.equal(best.newPurchase.amountMinor, 1_464_075);
    assert.equal(best.yearlySaving.amountMinor, 2 * 2_928_150 - 1_464_075);

    // The proposal's body posted to the exchange quote endpoint gives the very same quote.
    const posted = await server.call('POST', '/v1/exchanges/quote', { token, body: best.exchangeRequest });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.deepEqual(quoteOf(best.quote), quoteOf(posted.body));
    assert.deepEqual(best.refund, posted.body.quote.refundsTotal);
    assert.deepEqual(best.netPayable, posted.body.quote.netPayable);
    // Returning 11 months of two D8s_v5 for one D4s_v5 year falls short of the commitment rule (rules §4), and the advice says so.
    assert.equal(best.commitmentRuleMet, false);
    assert.ok(posted.body.quote.commitmentShortfall.amountMinor > 0);
    assert.ok(posted.body.quote.policyErrors.some((e: any) => e.code === 'InsufficientNewCommitment'));
    // So the same fit is also offered at the longer terms, each quoted by the engine too.
    const longer = advice.proposals.filter((p: any) => p.kind === 'resize' && p.term !== 'P1Y').map((p: any) => [p.skuName, p.quantity, p.term]);
    assert.deepEqual(longer, [['Standard_D4s_v5', 1, 'P3Y'], ['Standard_D4s_v5', 1, 'P5Y']]);
    // Region: the unused capacity moves to koreasouth, where the same group runs on demand every hour.
    const relocations = advice.proposals.filter((p: any) => p.kind === 'relocate');
    assert.equal(relocations.length, 2);
    const japan = relocations.find((p: any) => p.purchases[1].location === 'japaneast');
    assert.deepEqual(japan.purchases[1], { skuName: 'Standard_D4s_v5', location: 'japaneast', quantity: 3, units: 6 }, 'capped at the 8 − 2 units freed');
    // Moving 6 units to japaneast keeps the lifetime commitment: the one proposal that can be executed as is, so the one recommended.
    assert.equal(japan.commitmentRuleMet, true, JSON.stringify(japan.quote?.quote));
    assert.deepEqual(japan.quote.quote.policyErrors, []);
    assert.equal(advice.recommended, advice.proposals.indexOf(japan));
    const moved = relocations.filter((p: any) => p.purchases[1].location === 'koreasouth');
    assert.deepEqual(moved[0].purchases, [
      { skuName: 'Standard_D4s_v5', location: 'koreacentral', quantity: 1, units: 2 },
      { skuName: 'Standard_D4s_v5', location: 'koreasouth', quantity: 1, units: 2 },
    ]);
    assert.deepEqual(moved[0].exchangeRequest.purchases.map((l: any) => [l.offerId, l.quantity, l.scope]), [
      ['VirtualMachines:Standard_D4s_v5:koreacentral', 1, 'shared'], ['VirtualMachines:Standard_D4s_v5:koreasouth', 1, 'shared'],
    ]);
    assert.equal(moved[0].projectedUtilizationPct, 100);
    const southPrice = await ctx.store.db.selectFrom('prices').select('amount_minor').where('sku_name', '=', 'Standard_D4s_v5').where('location', '=', 'koreasouth')
      .where('term', '=', 'P1Y').where('billing_plan', '=', 'Upfront').where('currency', '=', 'KRW').orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
    // Two D8s_v5 a year, minus a year of both D4s_v5, plus the on-demand year avoided there: 2 units × 8,760 h × 130.
    assert.equal(moved[0].yearlySaving.amountMinor, 2 * 2_928_150 - 1_464_075 - Number(southPrice.amount_minor) + 2 * 8_760 * 130);
    for (const p of advice.proposals) {
      const again = await server.call('POST', '/v1/exchanges/quote', { token, body: p.exchangeRequest });
      assert.deepEqual(quoteOf(p.quote).quote, again.body.quote, `${p.skuName} ${p.term}`);
      assert.equal(p.commitmentRuleMet, again.body.quote.commitmentShortfall.amountMinor === 0);
    }

    // The prefilled support request is accepted as is, with the caller's contact details.
    const sr = await server.call('POST', '/v1/supportRequests', { token, body: { ...best.supportRequest, contact } });
    assert.equal(sr.status, 201, JSON.stringify(sr.body));

    // A helpdesk agent reads the advice but may not quote the exchange: no quote, and why.
    const ha = await server.call('GET', `/v1/reservations/${r.orderId}/${r.id}/exchangeAdvice`, { token: await tokenOf(server, HELPDESK) });
    assert.equal(ha.status, 200);
    assert.equal(ha.body.proposals[0].quote, null);
    assert.equal(ha.body.proposals[0].quoteUnavailable.code, 'AuthorizationFailed');
    assert.equal(ha.body.proposals[0].skuName, 'Standard_D4s_v5');
  });

  test('advice without data, and bad input', async () => {
    const { ctx, clock } = server;
    clock.set('2026-12-28T06:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    const bought = await purchase(ctx, setup.actor, newId(), {
      skuName: 'Standard_D4s_v5', location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${setup.subscriptionId}`,
      term: 'P1Y', billingPlan: 'Upfront', quantity: 1, appliedScopeType: 'Shared',
    });
    const r = bought.reservations[0]!;
    const token = await tokenOf(server, ADMIN_AGENT);
    const res = await server.call('GET', `/v1/reservations/${r.orderId}/${r.id}/exchangeAdvice`, { token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.proposals, []);
    assert.match(res.body.note, /No usage data/);
    assert.equal((await server.call('GET', `/v1/reservations/${r.orderId}/${r.id}/exchangeAdvice?lookBackDays=61`, { token })).status, 400);
    assert.equal((await server.call('GET', `/v1/reservations/${r.orderId}/${newId()}/exchangeAdvice`, { token })).status, 404);
  });

  test('purchase recommendations from uncovered usage: base load, hand-computed savings and break-even, on /v1 and the Consumption door', async () => {
    const { ctx, clock } = server;
    clock.set('2027-01-08T06:00:00.000Z');
    const setup = await partnerSetup(ctx, ADMIN_AGENT);
    // A week of D2s_v5 in koreacentral: 2 to 4 instances (72 instance-hours) a day at KRW 130 an hour; F2s_v2 dips to 0 one day.
    for (let i = 0; i < 7; i++) {
      const base = { customer_id: setup.customerId, subscription_id: setup.subscriptionId, resource_type: 'VirtualMachines', region: 'koreacentral', usage_date: dateAt('2027-01-01', i), currency: 'KRW' };
      await ctx.store.db.insertInto('uncovered_usage_daily').values({ ...base, sku_name: 'Standard_D2s_v5', usage_hours: 72, min_hourly_instances: 2, max_hourly_instances: 4, cost_minor: 72 * 130 }).execute();
      await ctx.store.db.insertInto('uncovered_usage_daily').values({ ...base, sku_name: 'Standard_F2s_v2', usage_hours: 20, min_hourly_instances: i === 3 ? 0 : 1, max_hourly_instances: 1, cost_minor: 20 * 110 }).execute();
    }
    const token = await tokenOf(server, ADMIN_AGENT);
    const res = await server.call('GET', `/v1/customers/${setup.customerId}/purchaseRecommendations?lookBackPeriod=Last7Days`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.totalCount, 1, 'F2s_v2 has no steady base load (a day at zero)');
    const rec = res.body.items[0];
    assert.deepEqual([rec.skuName, rec.region, rec.quantity, rec.subscriptionId, rec.firstUsageDate, rec.lastUsageDate, rec.totalHours], ['Standard_D2s_v5', 'koreacentral', 2, setup.subscriptionId, '2027-01-01', '2027-01-07', 504]);
    assert.equal(rec.hourlyRate.amountMinor, 130);
    assert.equal(rec.onDemandCost.amountMinor, 7 * 72 * 130);
    // By hand, with the catalog's D2s_v5 koreacentral Upfront prices (KRW 732,038 for P1Y, 1,416,852 for P3Y):
    //   P1Y: 2 × 732,038 = 1,464,076 against 2 × 8,760 h × 130 = 2,277,600 on demand → saves 813,524;
    //        on demand costs 2 × 730 × 130 = 189,800 a month → passes 1,464,076 in month ⌈7.71⌉ = 8.
    //   P3Y: 2 × 1,416,852 = 2,833,704 against 2 × 26,280 × 130 = 6,832,800 → saves 3,999,096; ⌈14.93⌉ = month 15.
    const terms = rec.terms.map((t: any) => [t.term, t.reservationCost.amountMinor, t.onDemandCost.amountMinor, t.netSavings.amountMinor, t.breakEvenMonth]);
    assert.deepEqual(terms, [['P3Y', 2_833_704, 6_832_800, 3_999_096, 15], ['P1Y', 1_464_076, 2_277_600, 813_524, 8]]);
    assert.deepEqual(rec.orderLine.lineItems[0], { offerId: 'VirtualMachines:Standard_D2s_v5:koreacentral', quantity: 2, termDuration: 'P3Y', provisioningContext: { subscriptionId: setup.subscriptionId, scope: 'single' } });

    // Consumption door, look-back figures as Azure reports them: 7 days = 168 h.
    //   P1Y: reservation 1,464,076 × 168 ÷ 8,760 = 28,078 (half-even), plus 504 − 2 × 168 = 168 h above the base load at 130 = 21,840 → 49,918; saves 65,520 − 49,918 = 15,602.
    const az = await server.call('GET', `/subscriptions/${setup.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations?${CONSUMPTION}&$filter=${encodeURIComponent("properties/scope eq 'Single' and properties/lookBackPeriod eq 'Last7Days'")}`, { token });
    assert.equal(az.status, 200, JSON.stringify(az.body));
    const p1y = az.body.value.find((v: any) => v.properties.term === 'P1Y');
    assert.equal(az.body.value.length, 2);
    assert.equal(p1y.type, 'Microsoft.Consumption/reservationRecommendations');
    assert.equal(p1y.kind, 'legacy');
    assert.equal(p1y.sku, 'Standard_D2s_v5');
    assert.equal(p1y.location, 'koreacentral');
    assert.deepEqual(
      [p1y.properties.recommendedQuantity, p1y.properties.costWithNoReservedInstances, p1y.properties.totalCostWithReservedInstances, p1y.properties.netSavings, p1y.properties.scope, p1y.properties.lookBackPeriod, p1y.properties.subscriptionId, p1y.properties.totalHours],
      [2, 65_520, 49_918, 15_602, 'Single', 'Last7Days', setup.subscriptionId, 504],
    );
    assert.match(p1y.id, new RegExp(`^/subscriptions/${setup.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations/[0-9a-f-]{36}$`));

    // Nothing for another resource type: 204. A filter outside the subset and a Capacity api-version: 400.
    const none = await server.call('GET', `/subscriptions/${setup.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations?${CONSUMPTION}&$filter=${encodeURIComponent("properties/resourceType eq 'SqlDatabases'")}`, { token });
    assert.equal(none.status, 204);
    const bad = await server.call('GET', `/subscriptions/${setup.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations?${CONSUMPTION}&$filter=${encodeURIComponent("properties/lookBackPeriod eq 'Last9Days'")}`, { token });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'InvalidFilter');
    const wrongVersion = await server.call('GET', `/subscriptions/${setup.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations?api-version=2022-11-01`, { token });
    assert.equal(wrongVersion.status, 400);
    // A subscription of another partner's customer is not found.
    const fabrikamSub = await ctx.store.db.selectFrom('subscriptions').innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
      .select('subscriptions.id').where('customers.partner_id', '!=', (setup.actor as { partnerId: string }).partnerId).orderBy('subscriptions.id').executeTakeFirstOrThrow();
    const foreign = await server.call('GET', `/subscriptions/${fabrikamSub.id}/providers/Microsoft.Consumption/reservationRecommendations?${CONSUMPTION}`, { token });
    assert.equal(foreign.status, 404);
  });
});
