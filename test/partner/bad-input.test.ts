import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  assertError, assertWritesNothing, azureCall, catalogItems, customerNamed, listAllCustomers, subscriptionsOf, USERS, type CallResult,
} from './helpers.ts';

const VM_OFFER = 'VirtualMachines:Standard_D2s_v5:koreacentral';
const OVERSIZED_PAD = 'x'.repeat(257 * 1024);

/**
 * Refused input on both purchase paths: each request gets a 4xx JSON error with a message that
 * says what is wrong, and writes nothing. Each case changes one thing of a request that succeeds
 * (the control tests), so the refusal is for that one thing.
 */
describeEachEngine('refused purchase input', (engine) => {
  let server: TestServer;
  let token: string;
  let hanbit: any;
  let hanbitSub: string;
  /** Another Contoso customer, and its active subscription. */
  let neighbour: any;
  let neighbourSub: string;
  /** A Fabrikam customer and its subscription (another partner). */
  let foreign: any;
  let foreignSub: any;
  /** A Contoso customer with a disabled subscription, and both kinds of its subscriptions. */
  let withDisabled: any;
  let disabledSub: any;
  let activeSubOfWithDisabled: any;
  let databricksOffer: string;

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(USERS.adminAgent);
    hanbit = await customerNamed(server, token, '한빛제조');
    hanbitSub = (await subscriptionsOf(server, token, hanbit.id)).find((s) => s.status === 'Active').id;
    neighbour = await customerNamed(server, token, '서울물류');
    neighbourSub = (await subscriptionsOf(server, token, neighbour.id)).find((s) => s.status === 'Active').id;
    const fabrikam = await server.token(USERS.fabrikamAgent);
    foreign = (await listAllCustomers(server, fabrikam))[0];
    foreignSub = (await subscriptionsOf(server, fabrikam, foreign.id)).find((s) => s.status === 'Active');
    for (const c of await listAllCustomers(server, token)) {
      const subs = await subscriptionsOf(server, token, c.id);
      const disabled = subs.find((s) => s.status === 'Disabled');
      if (disabled) {
        withDisabled = c;
        disabledSub = disabled;
        activeSubOfWithDisabled = subs.find((s) => s.status === 'Active');
        break;
      }
    }
    assert.ok(withDisabled, 'a demo customer has a disabled subscription');
    databricksOffer = (await catalogItems(server, token, 'reservedResourceType=Databricks&location=koreacentral'))[0].id;
  });
  after(async () => server?.close());

  // ---------------------------------------------------------------- partner door: POST /v1/customers/{id}/orders

  const line = (overrides: Record<string, unknown> = {}) => ({
    offerId: VM_OFFER, quantity: 1, termDuration: 'P1Y', billingPlan: 'Upfront',
    provisioningContext: { subscriptionId: hanbitSub, scope: 'shared' },
    ...overrides,
  });
  const order = (body: unknown, customerId: string = hanbit.id) =>
    server.call('POST', `/v1/customers/${customerId}/orders`, { token, body });
  const orderRaw = (rawBody: string, headers?: Record<string, string>) =>
    server.call('POST', `/v1/customers/${hanbit.id}/orders`, { token, rawBody, headers });
  const refused = (call: () => Promise<CallResult>) => assertWritesNothing(server, call);

  test('v1 control: the base order and its variants used below succeed', async () => {
    for (const body of [
      { lineItems: [line()] },
      { lineItems: [line({ offerId: databricksOffer })] },
      { lineItems: [line({ provisioningContext: { subscriptionId: hanbitSub, scope: 'single' } })] },
    ]) {
      const res = await order(body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const res = await order({ lineItems: [line({ provisioningContext: { subscriptionId: activeSubOfWithDisabled.id, scope: 'single' } })] }, withDisabled.id);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  test('v1: malformed JSON is 400 InvalidJson', async () => {
    assertError(await refused(() => orderRaw('{"lineItems": [{"offerId": ')), 400, 'InvalidJson', /not valid JSON/);
  });

  test('v1: an empty body, null, an array or a string is 400', async () => {
    assertError(await refused(() => orderRaw('')), 400, 'InvalidRequestContent', /JSON body/);
    assertError(await refused(() => orderRaw('null')), 400, 'InvalidRequestContent', /JSON body/);
    assertError(await refused(() => orderRaw('[]')), 400, 'InvalidRequestContent');
    assertError(await refused(() => orderRaw('"buy"')), 400, 'InvalidRequestContent');
  });

  test('v1: a body sent as text/plain is refused', async () => {
    const res = await refused(() => orderRaw(JSON.stringify({ lineItems: [line()] }), { 'content-type': 'text/plain' }));
    assert.ok([400, 415].includes(res.status), `status ${res.status}`);
    assert.equal(typeof res.body.error.message, 'string');
  });

  test('v1: quantity "two" is 400 naming the field', async () => {
    const res = await refused(() => order({ lineItems: [line({ quantity: 'two' })] }));
    assertError(res, 400, 'InvalidRequestContent', /lineItems\.0\.quantity/);
    assert.equal(res.body.error.target, 'lineItems.0.quantity');
    assert.equal(res.body.error.details[0].code, 'InvalidType');
  });

  test('v1: a fractional quantity, a missing line list and wrong shapes are 400', async () => {
    assertError(await refused(() => order({ lineItems: [line({ quantity: 1.5 })] })), 400, 'InvalidRequestContent', /whole number/);
    assertError(await refused(() => order({})), 400, 'InvalidRequestContent', /lineItems/);
    assertError(await refused(() => order({ lineItems: [] })), 400, 'InvalidRequestContent', /at least one line item/);
    assertError(await refused(() => order({ lineItems: line() })), 400, 'InvalidRequestContent', /lineItems/);
    assertError(await refused(() => order({ lineItems: [line({ provisioningContext: 'shared' })] })), 400, 'InvalidRequestContent', /provisioningContext/);
  });

  test('v1: several problems are all listed', async () => {
    const res = await refused(() => order({ lineItems: [line({ quantity: 'two', termDuration: 'P2Y' })] }));
    assertError(res, 400, 'InvalidRequestContent', /2 problems/);
    assert.deepEqual(res.body.error.details.map((d: any) => d.target).sort(), ['lineItems.0.quantity', 'lineItems.0.termDuration']);
  });

  test('v1: an unknown SKU is 400 naming the SKU', async () => {
    const res = await refused(() => order({ lineItems: [line({ offerId: 'VirtualMachines:Standard_Z99:koreacentral' })] }));
    assertError(res, 400, 'InvalidSku', /Standard_Z99/);
    assert.equal(res.body.error.target, 'lineItems.0.offerId');
  });

  test('v1: an unknown resource type or an offer id that is not {type}:{sku}:{location} is 400', async () => {
    assertError(await refused(() => order({ lineItems: [line({ offerId: 'Spaceships:Standard_D2s_v5:koreacentral' })] })), 400, 'InvalidReservedResourceType', /Spaceships/);
    assertError(await refused(() => order({ lineItems: [line({ offerId: 'Standard_D2s_v5' })] })), 400, 'InvalidOfferId', /\{type\}:\{sku\}:\{location\}/);
    assertError(await refused(() => order({ lineItems: [line({ offerId: `${VM_OFFER}:extra` })] })), 400, 'InvalidOfferId');
  });

  test('v1: an unknown region is 400 naming the region', async () => {
    const res = await refused(() => order({ lineItems: [line({ offerId: 'VirtualMachines:Standard_D2s_v5:marsnorth' })] }));
    assertError(res, 400, 'InvalidLocation', /marsnorth/);
    assert.equal(res.body.error.target, 'lineItems.0.offerId');
  });

  test('v1: zero and negative quantities are 400', async () => {
    for (const quantity of [0, -1, -100]) {
      const res = await refused(() => order({ lineItems: [line({ quantity })] }));
      assertError(res, 400, 'InvalidRequestContent', /quantity: must be at least 1/);
    }
  });

  test('v1: a quantity above the maximum is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ quantity: 10_001 })] }));
    assertError(res, 400, 'InvalidQuantity', /1 to 10000/);
    assert.equal(res.body.error.target, 'lineItems.0.quantity');
  });

  test('v1: a term the type does not offer is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ offerId: 'SqlDatabases:SQLDB_GP_Compute_Gen5:koreacentral', termDuration: 'P5Y' })] }));
    assertError(res, 400, 'InvalidTerm', /P5Y/);
    assert.equal(res.body.error.target, 'lineItems.0.termDuration');
    assertError(await refused(() => order({ lineItems: [line({ termDuration: 'P2Y' })] })), 400, 'InvalidRequestContent', /termDuration/);
  });

  test('v1: Monthly billing for Databricks is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ offerId: databricksOffer, billingPlan: 'Monthly' })] }));
    assertError(res, 400, 'BillingPlanNotSupported', /Monthly.*Databricks/);
    assert.equal(res.body.error.target, 'lineItems.0.billingPlan');
  });

  test('v1: a billing subscription of another customer of the same partner is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: neighbourSub, scope: 'shared' } })] }));
    assertError(res, 400, 'InvalidBillingScope', new RegExp(`${neighbourSub}.*does not belong`));
    assert.equal(res.body.error.target, 'lineItems.0.provisioningContext.subscriptionId');
    assert.ok(!JSON.stringify(res.body).includes(neighbour.companyProfile.companyName));
  });

  test('v1: a billing subscription of another partner\'s customer is 400 and reveals nothing of it', async () => {
    const res = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: foreignSub.id, scope: 'shared' } })] }));
    assertError(res, 400, 'InvalidBillingScope', /not found/);
    assert.equal(res.body.error.target, 'lineItems.0.provisioningContext.subscriptionId');
    const text = JSON.stringify(res.body);
    for (const secret of [foreign.companyProfile.companyName, foreignSub.friendlyName]) assert.ok(!text.includes(secret), secret);
  });

  test('v1: a subscription that does not exist is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: randomUUID(), scope: 'shared' } })] }));
    assertError(res, 400, 'InvalidBillingScope', /not found/);
  });

  test('v1: an oversized body (> 256 KiB) is 413', async () => {
    const res = await refused(() => orderRaw(JSON.stringify({ lineItems: [line()], note: OVERSIZED_PAD })));
    assertError(res, 413, 'RequestEntityTooLarge', /262144 bytes/);
  });

  test('v1: another partner\'s customer in the URL is 404', async () => {
    const res = await refused(() => order({ lineItems: [line()] }, foreign.id));
    assertError(res, 404, 'CustomerNotFound');
    assert.ok(!JSON.stringify(res.body).includes(foreign.companyProfile.companyName));
  });

  test('v1: non-GUID ids are 400', async () => {
    assertError(await refused(() => order({ lineItems: [line()] }, 'hanbit-mfg')), 400, 'InvalidParameter', /customerId: must be a GUID/);
    assertError(await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: 'production', scope: 'shared' } })] })),
      400, 'InvalidRequestContent', /subscriptionId: must be a GUID/);
  });

  test('v1: an unknown scope kind is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: hanbitSub, scope: 'Galaxy' } })] }));
    assertError(res, 400, 'InvalidRequestContent', /scope/);
  });

  test('v1: Single scope naming a disabled subscription is 400', async () => {
    const res = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: disabledSub.id, scope: 'single' } })] }, withDisabled.id));
    assertError(res, 400, 'SubscriptionNotActive', new RegExp(`${disabledSub.id}.*Disabled`));
    assert.equal(res.body.error.target, 'lineItems.0.provisioningContext.subscriptionId');
    const shared = await refused(() => order({ lineItems: [line({ provisioningContext: { subscriptionId: disabledSub.id, scope: 'shared' } })] }, withDisabled.id));
    assertError(shared, 400, 'SubscriptionNotActive', /Disabled/);
  });

  // ---------------------------------------------------------------- Azure door: PUT reservationOrders/{id}

  const purchaseBody = (properties: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
    sku: { name: 'Standard_D2s_v5' },
    location: 'koreacentral',
    ...top,
    properties: {
      reservedResourceType: 'VirtualMachines', billingScopeId: `/subscriptions/${hanbitSub}`, term: 'P1Y', billingPlan: 'Upfront',
      quantity: 1, displayName: 'bad-input-control', appliedScopeType: 'Shared',
      ...properties,
    },
  });
  const orderPath = (id: string = randomUUID()) => `/providers/Microsoft.Capacity/reservationOrders/${id}`;
  const put = (body: unknown, id?: string) => azureCall(server, 'PUT', orderPath(id), { token, body });
  const putRaw = (rawBody: string) => azureCall(server, 'PUT', orderPath(), { token, rawBody });

  test('Azure control: the base purchase and its variants used below succeed, and a repeat changes nothing', async () => {
    const id = randomUUID();
    const first = await put(purchaseBody(), id);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.name, id);
    assert.equal(first.body.properties.reservations[0].properties.quantity, 1);
    const repeat = await assertWritesNothing(server, () => put(purchaseBody(), id));
    assert.equal(repeat.status, 200);
    assert.equal(repeat.body.name, id);
    for (const body of [
      purchaseBody({ reservedResourceType: 'Databricks' }, { sku: { name: databricksOffer.split(':')[1] } }),
      purchaseBody({ appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${hanbitSub}`] }),
      purchaseBody({ billingScopeId: `/subscriptions/${activeSubOfWithDisabled.id}`, appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${activeSubOfWithDisabled.id}`] }),
    ]) {
      const res = await put(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
  });

  test('Azure: malformed JSON is 400 InvalidJson', async () => {
    assertError(await refused(() => putRaw('{"sku": {"name": ')), 400, 'InvalidJson', /not valid JSON/);
    assertError(await refused(() => putRaw('')), 400, 'InvalidRequestContent', /JSON body/);
  });

  test('Azure: quantity "two" is 400 naming the field', async () => {
    const res = await refused(() => put(purchaseBody({ quantity: 'two' })));
    assertError(res, 400, 'InvalidRequestContent', /properties\.quantity/);
    assert.equal(res.body.error.target, 'properties.quantity');
  });

  test('Azure: an unknown SKU is 400 naming the SKU', async () => {
    const res = await refused(() => put(purchaseBody({}, { sku: { name: 'Standard_Z99' } })));
    assertError(res, 400, 'InvalidSku', /Standard_Z99/);
    assert.equal(res.body.error.target, 'sku.name');
  });

  test('Azure: an unknown region is 400 naming the region', async () => {
    const res = await refused(() => put(purchaseBody({}, { location: 'marsnorth' })));
    assertError(res, 400, 'InvalidLocation', /marsnorth/);
    assert.equal(res.body.error.target, 'location');
  });

  test('Azure: zero and negative quantities are 400', async () => {
    for (const quantity of [0, -1]) {
      assertError(await refused(() => put(purchaseBody({ quantity }))), 400, 'InvalidRequestContent', /properties\.quantity: must be at least 1/);
    }
  });

  test('Azure: a scope in another customer\'s subscription than the billing one is 400', async () => {
    const res = await refused(() => put(purchaseBody({ billingScopeId: `/subscriptions/${neighbourSub}`, appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${hanbitSub}`] })));
    assertError(res, 400, 'InvalidAppliedScopes', new RegExp(`${hanbitSub}.*not one of this customer`));
  });

  test('Azure: a billing subscription of another partner\'s customer is 400 and reveals nothing of it', async () => {
    const res = await refused(() => put(purchaseBody({ billingScopeId: `/subscriptions/${foreignSub.id}` })));
    assertError(res, 400, 'InvalidBillingScope', /not found/);
    const text = JSON.stringify(res.body);
    for (const secret of [foreign.companyProfile.companyName, foreignSub.friendlyName]) assert.ok(!text.includes(secret), secret);
  });

  test('Azure: an oversized body (> 256 KiB) is 413', async () => {
    const res = await refused(() => putRaw(JSON.stringify({ ...purchaseBody(), note: OVERSIZED_PAD })));
    assertError(res, 413, 'RequestEntityTooLarge', /262144 bytes/);
  });

  test('Azure: another partner\'s reservation order id in the URL is refused and leaves that order untouched', async () => {
    const fabrikam = await server.token(USERS.fabrikamAgent);
    const list = await azureCall(server, 'GET', '/providers/Microsoft.Capacity/reservationOrders', { token: fabrikam });
    const theirs = list.body.value[0];
    const res = await refused(() => put(purchaseBody(), theirs.name));
    assertError(res, 409, 'ReservationOrderAlreadyExists');
    assert.ok(!JSON.stringify(res.body).includes(theirs.properties.displayName));
    const after = await azureCall(server, 'GET', orderPath(theirs.name), { token: fabrikam });
    assert.deepEqual(after.body, theirs, 'the foreign order is unchanged');
    assertError(await azureCall(server, 'GET', orderPath(theirs.name), { token }), 404, 'ReservationOrderNotFound');
  });

  test('Azure: the same order id with a different request is 409 and writes nothing', async () => {
    const id = randomUUID();
    assert.equal((await put(purchaseBody(), id)).status, 200);
    assertError(await refused(() => put(purchaseBody({ quantity: 2 }), id)), 409, 'ReservationOrderAlreadyExists', /different request/);
  });

  test('Azure: non-GUID ids are 400', async () => {
    assertError(await refused(() => azureCall(server, 'PUT', orderPath('order-1'), { token, body: purchaseBody() })), 400, 'InvalidParameter', /reservationOrderId: must be a GUID/);
    assertError(await refused(() => put(purchaseBody({ billingScopeId: '/subscriptions/production' }))), 400, 'InvalidSubscriptionId', /production/);
    assertError(await refused(() => put(purchaseBody({ appliedScopeType: 'Single', appliedScopes: ['/subscriptions/not-a-guid'] }))), 400, 'InvalidSubscriptionId', /not-a-guid/);
  });

  test('Azure: Monthly billing for Databricks is 400', async () => {
    const res = await refused(() => put(purchaseBody({ reservedResourceType: 'Databricks', billingPlan: 'Monthly' }, { sku: { name: databricksOffer.split(':')[1] } })));
    assertError(res, 400, 'BillingPlanNotSupported', /Monthly.*Databricks/);
  });

  test('Azure: Single scope naming a disabled subscription is 400', async () => {
    const res = await refused(() => put(purchaseBody({
      billingScopeId: `/subscriptions/${activeSubOfWithDisabled.id}`, appliedScopeType: 'Single', appliedScopes: [`/subscriptions/${disabledSub.id}`],
    })));
    assertError(res, 400, 'SubscriptionNotActive', new RegExp(`${disabledSub.id}.*Disabled`));
    assert.equal(res.body.error.target, 'appliedScopes');
    const billedToDisabled = await refused(() => put(purchaseBody({ billingScopeId: `/subscriptions/${disabledSub.id}` })));
    assertError(billedToDisabled, 400, 'SubscriptionNotActive', /Disabled/);
  });

  test('Azure: a missing or wrong api-version is 400 before anything else', async () => {
    assertError(await refused(() => azureCall(server, 'PUT', orderPath(), { token, body: purchaseBody(), apiVersion: null })), 400, 'MissingApiVersionParameter');
    assertError(await refused(() => azureCall(server, 'PUT', orderPath(), { token, body: purchaseBody(), apiVersion: '2019-04-01' })), 400, 'InvalidApiVersionParameter', /2019-04-01/);
  });

  test('Azure: no token is 401 and a helpdesk agent is 403', async () => {
    assertError(await refused(() => azureCall(server, 'PUT', orderPath(), { body: purchaseBody() })), 401, 'AuthenticationFailed');
    const helpdesk = await server.token(USERS.helpdeskAgent);
    assertError(await refused(() => azureCall(server, 'PUT', orderPath(), { token: helpdesk, body: purchaseBody() })), 403, 'AuthorizationFailed');
  });
});
