import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AzureReservationAPI } from '@azure/arm-reservations';
import { clientFor, collect, expectRestError, minorOf } from '../azure/azure-support.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { allowanceOf, buy, capSum, countRows, isActive, Picker, type Res } from './money-helpers.ts';

/**
 * calculateRefund / return / calculateExchange / exchange through the official client
 * (@azure/arm-reservations 10): policy errors, sessions, partial and monthly returns, exchanges.
 */

const calcBody = (r: Res, quantity: number) => ({
  id: `/providers/microsoft.capacity/reservationOrders/${r.orderId}`,
  properties: { scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity } },
});
const returnBody = (r: Res, sessionId: string | undefined, quantity: number) => ({
  properties: { sessionId, scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity }, returnReason: 'test' },
});
const POLL = { updateIntervalInMs: 10 };
const codesOf = (errors: Array<{ code?: string }> | undefined) => (errors ?? []).map((e) => e.code);

describeEachEngine('Azure door: refund policy errors, sessions, partial and monthly returns, exchanges', (engine) => {
  let server: TestServer;
  let client: AzureReservationAPI;
  let token: string;
  let picker: Picker;
  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    client = clientFor(server, token);
    picker = await Picker.load(server, token);
  });
  after(async () => server?.close());

  const refund = (r: Res, quantity: number) => client.calculateRefund.post(r.orderId, calcBody(r, quantity) as never);
  const doReturn = (r: Res, sessionId: string | undefined, quantity: number) => client.return.post(r.orderId, returnBody(r, sessionId, quantity) as never, POLL as never);

  test('Databricks: calculateRefund reports SelfServiceRefundNotSupported and return is refused', async () => {
    const anchor = picker.take('active Contoso reservation', (r) => isActive(r));
    const [bought] = await buy(server, token, anchor.customerId, anchor.subscriptionId, [{ offerId: 'Databricks:Databricks_Premium_25000_DBCU:koreacentral' }]);
    const r = { ...anchor, orderId: bought!.orderId, reservationId: bought!.reservationId, id: `/providers/microsoft.capacity/reservationOrders/${bought!.orderId}/reservations/${bought!.reservationId}`, quantity: 1 };
    const quote = await refund(r, 1);
    assert.deepEqual(codesOf(quote.properties?.policyResult?.properties?.policyErrors), ['SelfServiceRefundNotSupported']);
    assert.ok(quote.properties?.sessionId, 'a refused quote still has a session id');
    await expectRestError(doReturn(r, quote.properties!.sessionId, 1), 400, 'SelfServiceRefundNotSupported');
    const still = await client.reservation.get(r.orderId, r.reservationId);
    assert.equal(still.properties?.provisioningState, 'Succeeded');
  });

  test('quantity above what the reservation holds: InvalidRefundQuantity, and return is refused', async () => {
    const r = picker.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const quote = await refund(r, r.quantity + 1);
    assert.ok(codesOf(quote.properties?.policyResult?.properties?.policyErrors).includes('InvalidRefundQuantity'), JSON.stringify(quote.properties?.policyResult));
    await expectRestError(doReturn(r, quote.properties!.sessionId, r.quantity + 1), 400, 'InvalidRefundQuantity');
    const ok = await refund(r, r.quantity);
    assert.deepEqual(codesOf(ok.properties?.policyResult?.properties?.policyErrors), [], 'the whole quantity is returnable');
  });

  test('an expired or cancelled reservation: ReservationNotActive', async () => {
    const expired = picker.take('expired reservation', (x) => x.state === 'Expired');
    const q = await refund(expired, 1);
    assert.ok(codesOf(q.properties?.policyResult?.properties?.policyErrors).includes('ReservationNotActive'), JSON.stringify(q.properties?.policyResult));
    await expectRestError(doReturn(expired, q.properties!.sessionId, 1), 409, 'ReservationNotActive');
    const cancelled = picker.take('cancelled reservation', (x) => x.state === 'Cancelled');
    const q2 = await refund(cancelled, 1);
    assert.ok(codesOf(q2.properties?.policyResult?.properties?.policyErrors).includes('ReservationNotActive'));
  });

  test('return without a session, with an unknown, another reservation\'s, or a used session is refused with codes', async () => {
    const r = picker.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const other = picker.take('another active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && x.customerId === r.customerId);
    await expectRestError(doReturn(r, undefined, 1), 400, 'InvalidRequestContent');
    await expectRestError(doReturn(r, '00000000-0000-4000-8000-000000000000', 1), 404, 'InvalidSessionId');
    const otherQuote = await refund(other, 1);
    await expectRestError(doReturn(r, otherQuote.properties!.sessionId, 1), 400, 'SessionMismatch');
    const quote = await refund(r, 1);
    const creditsBefore = await countRows(server, 'credit_entries');
    await doReturn(r, quote.properties!.sessionId, 1);
    await expectRestError(doReturn(r, quote.properties!.sessionId, 1), 409, 'SessionAlreadyUsed');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1, 'the used session credited once');
  });

  test('partial return: the original is Cancelled and the other N−1 units continue as a new reservation in the same order', async () => {
    const r = picker.take('active upfront VM with 3+ units', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && x.quantity >= 3);
    const before = await collect(client.reservation.list(r.orderId));
    const quote = await refund(r, 1);
    assert.deepEqual(codesOf(quote.properties?.policyResult?.properties?.policyErrors), []);
    assert.equal(quote.properties?.quantity, 1);
    const order = await doReturn(r, quote.properties!.sessionId, 1);
    assert.equal(order.name, r.orderId);

    const original = await client.reservation.get(r.orderId, r.reservationId);
    assert.equal(original.properties?.provisioningState, 'Cancelled');
    assert.equal(original.properties?.quantity, r.quantity, 'the cancelled original keeps its quantity');
    const afterList = await collect(client.reservation.list(r.orderId));
    const added = afterList.filter((x) => !before.some((b) => b.id === x.id));
    assert.equal(added.length, 1, `one new reservation in order ${r.orderId}`);
    const remainderId = added[0]!.name!;
    const remainder = await client.reservation.get(r.orderId, remainderId);
    assert.equal(remainder.properties?.quantity, r.quantity - 1);
    assert.equal(remainder.properties?.provisioningState, 'Succeeded');
    assert.equal(remainder.sku?.name, r.sku);
    assert.equal(remainder.properties?.expiryDateTime?.toISOString(), new Date(r.expiry).toISOString(), 'the remainder keeps the term');
    assert.ok(remainder.id!.toLowerCase().includes(`/reservationorders/${r.orderId}/reservations/`), remainder.id);

    const revisions = await collect(client.reservation.listRevisions(r.orderId, r.reservationId));
    assert.ok(revisions.some((rev) => rev.properties?.provisioningState === 'Cancelled'), 'a revision records the cancellation');
    assert.ok(revisions.some((rev) => rev.properties?.provisioningState === 'Succeeded'), 'earlier revisions remain');
    const remainderRevisions = await collect(client.reservation.listRevisions(r.orderId, remainderId));
    assert.ok(remainderRevisions.length >= 1 && remainderRevisions.every((rev) => rev.properties?.quantity === r.quantity - 1));
    const orderAfter = await client.reservationOrder.get(r.orderId);
    assert.equal(orderAfter.provisioningState, 'Succeeded', 'an order with a live remainder stays Succeeded');
  });

  test('monthly plan return: future instalments become Cancelled and the cap counts them', async () => {
    // An order whose only live reservation is this one, so the whole schedule belongs to it.
    const candidates = picker.all.filter((x) => !picker.isTaken(x) && isActive(x) && x.plan === 'Monthly' && x.type === 'VirtualMachines'
      && picker.all.filter((y) => y.orderId === x.orderId && y.state === 'Succeeded').length === 1);
    let r: Res | undefined;
    let quote: Awaited<ReturnType<typeof refund>> | undefined;
    for (const c of candidates) {
      const q = await refund(c, c.quantity);
      if (codesOf(q.properties?.policyResult?.properties?.policyErrors).length === 0) { r = picker.claim(c); quote = q; break; }
    }
    assert.ok(r && quote, 'a monthly VM reservation that can be returned within the cap');
    const today = server.clock.now().toISOString().slice(0, 10);
    const before = await client.reservationOrder.get(r.orderId, { expand: 'planInformation' });
    const future = before.planInformation!.transactions!.filter((t) => t.dueDate! .toISOString().slice(0, 10) > today);
    assert.ok(future.length > 0 && future.every((t) => t.status === 'Scheduled'), 'future instalments are scheduled');
    const futureMinor = future.reduce((s, t) => s + minorOf(t.billingCurrencyTotal), 0);
    const allowanceBefore = await allowanceOf(server, token, r.customerId);
    const capBefore = await capSum(server, r.customerId);

    await doReturn(r, quote.properties!.sessionId, r.quantity);

    const afterOrder = await client.reservationOrder.get(r.orderId, { expand: 'planInformation' });
    const tx = afterOrder.planInformation!.transactions!;
    for (const t of tx) {
      const due = t.dueDate!.toISOString().slice(0, 10);
      if (due > today) assert.equal(t.status, 'Cancelled', `instalment due ${due}`);
      else assert.equal(t.status, 'Succeeded', `paid instalment due ${due} stays paid`);
    }
    assert.equal(tx.filter((t) => t.status === 'Scheduled').length, 0);
    assert.equal(afterOrder.provisioningState, 'Cancelled', 'the order has nothing live left');
    const refundMinor = minorOf(quote.properties!.billingRefundAmount);
    const allowanceAfter = await allowanceOf(server, token, r.customerId);
    assert.equal(allowanceAfter.consumed.amountMinor - allowanceBefore.consumed.amountMinor, refundMinor + futureMinor,
      'the cap entry is the refund plus the cancelled future instalments');
    assert.equal(await capSum(server, r.customerId) - capBefore, refundMinor + futureMinor);
    const entry = allowanceAfter.entries.find((e: any) => !allowanceBefore.entries.some((b: any) => b.consumedAt === e.consumedAt && b.amount.amountMinor === e.amount.amountMinor));
    assert.equal(entry?.amount.amountMinor, refundMinor + futureMinor);
  });

  test('calculateExchange across types: CrossTypeExchangeNotAllowed, and exchange with that session is refused', async () => {
    const r = picker.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const body = {
      properties: {
        reservationsToExchange: [{ reservationId: r.id, quantity: 1 }],
        reservationsToPurchase: [{ sku: { name: 'Cosmos_DB_100_RUs' }, location: 'koreacentral', reservedResourceType: 'CosmosDb', billingScopeId: r.billingScopeId, term: 'P3Y', billingPlan: 'Upfront', quantity: 500 }],
      },
    };
    const calc = await client.calculateExchange.post(body as never, POLL as never);
    assert.ok(codesOf(calc.properties?.policyResult?.policyErrors).includes('CrossTypeExchangeNotAllowed'), JSON.stringify(calc.properties?.policyResult));
    await expectRestError(client.exchange.post({ properties: { sessionId: calc.properties!.sessionId } } as never, POLL as never), 400, 'CrossTypeExchangeNotAllowed');
    assert.equal((await client.reservation.get(r.orderId, r.reservationId)).properties?.provisioningState, 'Succeeded');
  });

  test('a new commitment below the remaining one: InsufficientNewCommitment, and the exchange is refused', async () => {
    const r = picker.take('active upfront VM with 2+ units', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && x.quantity >= 2);
    const body = {
      properties: {
        reservationsToExchange: [{ reservationId: r.id, quantity: r.quantity }],
        reservationsToPurchase: [{ sku: { name: 'Standard_B2s' }, location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: r.billingScopeId, term: 'P1Y', billingPlan: 'Upfront', quantity: 1 }],
      },
    };
    const calc = await client.calculateExchange.post(body as never, POLL as never);
    const p = calc.properties!;
    const remaining = minorOf(p.reservationsToExchange![0]!.billingInformation!.billingCurrencyRemainingCommitmentAmount);
    assert.ok(remaining > minorOf(p.purchasesTotal), `remaining ${remaining} exceeds the new ${minorOf(p.purchasesTotal)}`);
    assert.deepEqual(codesOf(p.policyResult?.policyErrors), ['InsufficientNewCommitment'], JSON.stringify(p.policyResult));
    await expectRestError(client.exchange.post({ properties: { sessionId: p.sessionId } } as never, POLL as never), 400, 'InsufficientNewCommitment');
  });

  test('two reservations exchanged for one new one: netPayable = purchases − refunds, both cancelled, the cap untouched', async () => {
    const a = picker.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const b = picker.take('a second active upfront VM of the same customer', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && x.customerId === a.customerId && x.orderId !== a.orderId);
    const exchangeOf = (quantity: number) => ({
      properties: {
        reservationsToExchange: [{ reservationId: a.id, quantity: a.quantity }, { reservationId: b.id, quantity: b.quantity }],
        reservationsToPurchase: [{ sku: { name: 'Standard_D16s_v5' }, location: 'koreacentral', reservedResourceType: 'VirtualMachines', billingScopeId: a.billingScopeId, term: 'P3Y', billingPlan: 'Upfront', quantity, displayName: 'two-for-one' }],
      },
    });
    const probe = await client.calculateExchange.post(exchangeOf(1) as never, POLL as never);
    const remaining = probe.properties!.reservationsToExchange!.reduce((s, x) => s + minorOf(x.billingInformation!.billingCurrencyRemainingCommitmentAmount), 0);
    const unit = minorOf(probe.properties!.purchasesTotal);
    const quantity = Math.floor(remaining / unit) + 1;
    const calc = await client.calculateExchange.post(exchangeOf(quantity) as never, POLL as never);
    const p = calc.properties!;
    assert.deepEqual(codesOf(p.policyResult?.policyErrors), [], JSON.stringify(p.policyResult));
    assert.equal(p.reservationsToExchange!.length, 2);
    const refunds = p.reservationsToExchange!.reduce((s, x) => s + minorOf(x.billingRefundAmount), 0);
    assert.ok(refunds > 0);
    assert.equal(minorOf(p.refundsTotal), refunds);
    assert.equal(minorOf(p.purchasesTotal), unit * quantity);
    assert.equal(minorOf(p.netPayable), minorOf(p.purchasesTotal) - minorOf(p.refundsTotal));

    const allowanceBefore = await allowanceOf(server, token, a.customerId);
    const result = await client.exchange.post({ properties: { sessionId: p.sessionId } } as never, POLL as never);
    assert.equal(result.status, 'Succeeded');
    assert.equal(minorOf(result.properties!.netPayable), minorOf(p.netPayable));
    const purchased = result.properties!.reservationsToPurchase!;
    assert.equal(purchased.length, 1);
    const newOrderId = purchased[0]!.reservationOrderId!.split('/').pop()!;
    const newOrder = await client.reservationOrder.get(newOrderId);
    assert.equal(newOrder.originalQuantity, quantity);
    assert.equal(newOrder.term, 'P3Y');
    assert.equal(newOrder.createdDateTime?.toISOString(), server.clock.now().toISOString(), 'the new term starts at the exchange');
    for (const x of [a, b]) assert.equal((await client.reservation.get(x.orderId, x.reservationId)).properties?.provisioningState, 'Cancelled');
    const allowanceAfter = await allowanceOf(server, token, a.customerId);
    assert.equal(allowanceAfter.consumed.amountMinor, allowanceBefore.consumed.amountMinor, 'exchanges do not count toward the cap');
  });

  // Last: it moves the clock past the quote lifetime.
  test('return with an expired session (quote lifetime 15 min) is refused with SessionExpired', async () => {
    const r = picker.take('active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const inTime = picker.take('another active upfront VM', (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront');
    const quote = await refund(r, 1);
    const inTimeQuote = await refund(inTime, 1);
    server.clock.set(new Date(server.clock.now().getTime() + 14 * 60_000));
    await doReturn(inTime, inTimeQuote.properties!.sessionId, 1);
    server.clock.set(new Date(server.clock.now().getTime() + 2 * 60_000));
    await expectRestError(doReturn(r, quote.properties!.sessionId, 1), 400, 'SessionExpired');
    assert.equal((await client.reservation.get(r.orderId, r.reservationId)).properties?.provisioningState, 'Succeeded');
    const again = await refund(r, 1);
    await doReturn(r, again.properties!.sessionId, 1);
    assert.equal((await client.reservation.get(r.orderId, r.reservationId)).properties?.provisioningState, 'Cancelled');
  });
});
