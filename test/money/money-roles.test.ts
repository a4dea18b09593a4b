import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clientFor, expectRestError } from '../azure/azure-support.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { countRows, HELPDESK, isActive, NORTHWIND_ADMIN, Picker, quoteRefund, refundBody, tokenOf, type Res } from './money-helpers.ts';

/** Who may return and exchange (rules §1): helpdesk agents, indirect resellers and foreign partners may not. */

const POLL = { updateIntervalInMs: 10 };
const calcBody = (r: Res, quantity: number) => ({ properties: { scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity } } });
const codes = (errors: Array<{ code: string }>) => errors.map((e) => e.code);

describeEachEngine('money roles: helpdesk agent, indirect reseller, foreign partner', (engine) => {
  let server: TestServer;
  let contoso: Picker;
  let fabrikam: Picker;
  before(async () => {
    server = await startTestServer(engine);
    contoso = await Picker.load(server, await tokenOf(server, ADMIN_AGENT));
    fabrikam = await Picker.load(server, await tokenOf(server, FABRIKAM_AGENT));
  });
  after(async () => server?.close());

  const vm = (p: Picker) => p.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');

  test('helpdesk agent: the quote shows InsufficientPermissions and executing is 403 on both doors', async () => {
    const token = await tokenOf(server, HELPDESK);
    const r = vm(contoso);
    const q = await quoteRefund(server, token, r, 1);
    assert.deepEqual(codes(q.policyErrors), ['InsufficientPermissions'], JSON.stringify(q.policyErrors));
    assert.ok(q.quote.netRefund.amountMinor > 0, 'the figures are still shown');
    const credits = await countRows(server, 'credit_entries');
    const res = await server.call('POST', '/v1/refunds', { token, body: refundBody(q) });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'InsufficientPermissions');

    const client = clientFor(server, token);
    const calc = await client.calculateRefund.post(r.orderId, calcBody(r, 1) as never);
    assert.deepEqual(codes(calc.properties!.policyResult!.properties!.policyErrors as never), ['InsufficientPermissions']);
    await expectRestError(client.return.post(r.orderId, { properties: { sessionId: calc.properties!.sessionId, scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 } } } as never, POLL as never), 403, 'InsufficientPermissions');

    // An exchange needs a purchase, which the helpdesk role may not make at all.
    const ex = await server.call('POST', '/v1/exchanges/quote', {
      token,
      body: { returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }], purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:koreacentral', quantity: 5, termDuration: 'P3Y', subscriptionId: r.subscriptionId }] },
    });
    assert.equal(ex.status, 403, JSON.stringify(ex.body));
    assert.equal(await countRows(server, 'credit_entries'), credits, 'nothing credited');
    const still = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.reservationId}?api-version=2022-11-01`, { token });
    assert.equal(still.body.properties.provisioningState, 'Succeeded');
  });

  test('indirect reseller admin: sees its customer\'s reservation but cannot return or exchange it', async () => {
    const token = await tokenOf(server, NORTHWIND_ADMIN);
    const northwindView = await Picker.load(server, token);
    const r = northwindView.take('active upfront VM of a Northwind customer', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    fabrikam.claim(fabrikam.all.find((x) => x.reservationId === r.reservationId)!);
    const q = await quoteRefund(server, token, r, 1);
    assert.deepEqual(codes(q.policyErrors), ['InsufficientPermissions']);
    assert.match(q.policyErrors[0].message, /resellers/i);
    const res = await server.call('POST', '/v1/refunds', { token, body: refundBody(q) });
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'InsufficientPermissions');

    const client = clientFor(server, token);
    const calc = await client.calculateRefund.post(r.orderId, calcBody(r, 1) as never);
    assert.ok(codes(calc.properties!.policyResult!.properties!.policyErrors as never).includes('InsufficientPermissions'));
    await expectRestError(client.return.post(r.orderId, { properties: { sessionId: calc.properties!.sessionId, scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 } } } as never, POLL as never), 403, 'InsufficientPermissions');
    const ex = await server.call('POST', '/v1/exchanges/quote', {
      token,
      body: { returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }], purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:eastus', quantity: 5, termDuration: 'P3Y', subscriptionId: r.subscriptionId }] },
    });
    assert.equal(ex.status, 403, JSON.stringify(ex.body));
    const support = await server.call('POST', '/v1/supportRequests', {
      token,
      body: {
        basics: { issueType: 'Billing', title: 'Return', description: 'please' },
        problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'moderate' },
        contact: { firstName: 'Nina', lastName: 'Park', primaryEmail: NORTHWIND_ADMIN, additionalEmails: [], preferredContactMethod: 'email', preferredTimeZone: 'America/New_York', preferredSupportLanguage: 'en-US', country: 'USA' },
        reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: { type: 'return', quantity: 1 },
      },
    });
    assert.equal(support.status, 403, `a reseller cannot raise a return request either: ${JSON.stringify(support.body)}`);
    const still = await client.reservation.get(r.orderId, r.reservationId);
    assert.equal(still.properties?.provisioningState, 'Succeeded');
  });

  test('another partner\'s reservation is not found: Fabrikam cannot quote or return a Contoso reservation', async () => {
    const r = vm(contoso);
    const fab = await tokenOf(server, FABRIKAM_AGENT);
    const quote = await server.call('POST', '/v1/refunds/quote', { token: fab, body: { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 } });
    assert.equal(quote.status, 404, JSON.stringify(quote.body));
    assert.equal(quote.body.error.code, 'ReservationNotFound');
    const client = clientFor(server, fab);
    await expectRestError(client.calculateRefund.post(r.orderId, calcBody(r, 1) as never), 404, 'ReservationNotFound');
    const ex = await server.call('POST', '/v1/exchanges/quote', {
      token: fab,
      body: { returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }], purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:eastus', quantity: 5, termDuration: 'P3Y', subscriptionId: r.subscriptionId }] },
    });
    assert.equal(ex.status, 404, JSON.stringify(ex.body));
    // Contoso's own session cannot be used by Fabrikam either.
    const own = await quoteRefund(server, await tokenOf(server, ADMIN_AGENT), r, 1);
    const stolen = await server.call('POST', '/v1/refunds', { token: fab, body: refundBody(own) });
    assert.equal(stolen.status, 404, JSON.stringify(stolen.body));
    const allowance = await server.call('GET', `/v1/customers/${r.customerId}/refundAllowance`, { token: fab });
    assert.equal(allowance.status, 404);
    // And the other way round.
    const f = vm(fabrikam);
    const back = await server.call('POST', '/v1/refunds/quote', { token: await tokenOf(server, ADMIN_AGENT), body: { reservationOrderId: f.orderId, reservationId: f.reservationId, quantity: 1 } });
    assert.equal(back.status, 404, JSON.stringify(back.body));
  });
});
