import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clientFor, expectRestError } from '../azure/azure-support.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  allowanceOf, buy, capSum, countRows, isActive, krwLimitOf, patchPolicy, Picker, quoteRefund, refundBody, SUPPORT,
  supportRequestBody, tokenOf, usdCentsForKrw, type Res,
} from './money-helpers.ts';

/**
 * Money safety: Idempotency-Key replays (one credit however often a request is retried), the same
 * reservation returned twice at once, and many concurrent returns against one customer's cap.
 */

const POLL = { updateIntervalInMs: 10 };

describeEachEngine('money safety: idempotency keys, double returns, concurrent returns against the cap', (engine) => {
  let server: TestServer;
  let token: string;
  let picker: Picker;
  before(async () => {
    server = await startTestServer(engine);
    token = await tokenOf(server, ADMIN_AGENT);
    picker = await Picker.load(server, token);
  });
  after(async () => server?.close());

  const vm = (what = 'active upfront VM', extra: (r: Res) => boolean = () => true) =>
    picker.take(what, (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && extra(x));
  const post = (path: string, body: unknown, key?: string) => server.call('POST', path, { token, body, headers: key ? { 'idempotency-key': key } : {} });

  test('POST /v1/refunds with an Idempotency-Key: a retry replays the first result and credits once; another body is 422', async () => {
    const r = vm();
    const q = await quoteRefund(server, token, r, 1);
    const key = `refund-${q.sessionId}`;
    const creditsBefore = await countRows(server, 'credit_entries');
    const first = await post('/v1/refunds', refundBody(q, { returnReason: 'retry me' }), key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await post('/v1/refunds', refundBody(q, { returnReason: 'retry me' }), key);
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.deepEqual(second.body, first.body, 'the replay is the first response');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1, 'credited once');
    assert.equal(await countRows(server, 'credit_entries', { transactionId: first.body.transactionId }), 1);
    assert.equal(await countRows(server, 'refund_cap_entries', { transactionId: first.body.transactionId }), 1);
    const other = await post('/v1/refunds', refundBody(q, { returnReason: 'something else' }), key);
    assert.equal(other.status, 422, JSON.stringify(other.body));
    assert.equal(other.body.error.code, 'IdempotencyKeyReused');
    const without = await post('/v1/refunds', refundBody(q, { returnReason: 'retry me' }));
    assert.equal(without.status, 409, 'without the key the used session is refused');
    assert.equal(without.body.error.code, 'SessionAlreadyUsed');
    const bad = await post('/v1/refunds', refundBody(q), 'bad key with spaces');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'InvalidIdempotencyKey');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1);
  });

  test('two concurrent first tries with the same Idempotency-Key: one return, both answered with it', async () => {
    const r = vm();
    const q = await quoteRefund(server, token, r, 1);
    const creditsBefore = await countRows(server, 'credit_entries');
    const [a, b] = await Promise.all([post('/v1/refunds', refundBody(q), `dup-${q.sessionId}`), post('/v1/refunds', refundBody(q), `dup-${q.sessionId}`)]);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.equal(a.body.transactionId, b.body.transactionId);
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1);
  });

  test('POST /v1/exchanges with an Idempotency-Key: replayed, refund and charge written once; another session under the key is 422', async () => {
    const r = vm('active upfront VM with 2+ units', (x) => x.quantity >= 2);
    const body = (quantity: number) => ({
      returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }],
      purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:koreacentral', quantity, termDuration: 'P3Y', subscriptionId: r.subscriptionId }],
    });
    const probe = await post('/v1/exchanges/quote', body(1));
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    const quantity = Math.floor(probe.body.quote.remainingCommitment.amountMinor / probe.body.quote.purchasesTotal.amountMinor) + 1;
    const q = await post('/v1/exchanges/quote', body(quantity));
    assert.deepEqual(q.body.quote.policyErrors, []);
    const creditsBefore = await countRows(server, 'credit_entries');
    const ordersBefore = Number((await server.ctx.store.db.selectFrom('reservation_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const key = `exchange-${q.body.sessionId}`;
    const first = await post('/v1/exchanges', { sessionId: q.body.sessionId }, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await post('/v1/exchanges', { sessionId: q.body.sessionId }, key);
    assert.equal(second.status, 201);
    assert.deepEqual(second.body, first.body);
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 2, 'one refund credit and one charge');
    assert.equal(await countRows(server, 'credit_entries', { transactionId: first.body.transactionId }), 2);
    const ordersAfter = Number((await server.ctx.store.db.selectFrom('reservation_orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(ordersAfter, ordersBefore + 1, 'one new order');
    const q2 = await post('/v1/exchanges/quote', body(quantity));
    const reused = await post('/v1/exchanges', { sessionId: q2.body.sessionId }, key);
    assert.equal(reused.status, 422, JSON.stringify(reused.body));
    assert.equal(reused.body.error.code, 'IdempotencyKeyReused');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 2);
  });

  test('approve with an Idempotency-Key: a retry answers the resolved request and executes nothing more; the key on another request is 422', async () => {
    const r = vm();
    const r2 = vm();
    const created = async (x: Res) => {
      const res = await post('/v1/supportRequests', supportRequestBody({ extra: { reservationOrderId: x.orderId, reservationId: x.reservationId, requestedAction: { type: 'return', quantity: 1 } } }));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    };
    const sr = await created(r);
    const sr2 = await created(r2);
    const desk = await tokenOf(server, SUPPORT);
    const approve = (id: string, key?: string) => server.call('POST', `/v1/supportRequests/${id}/approve`, { token: desk, headers: key ? { 'idempotency-key': key } : {} });
    const creditsBefore = await countRows(server, 'credit_entries');
    const first = await approve(sr.id, 'approve-1');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.status, 'Resolved');
    const second = await approve(sr.id, 'approve-1');
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.status, 'Resolved');
    assert.equal(second.body.transactionId, first.body.transactionId);
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1, 'credited once');
    const noKey = await approve(sr.id);
    assert.equal(noKey.status, 409);
    assert.equal(noKey.body.error.code, 'SupportRequestClosed');
    const reused = await approve(sr2.id, 'approve-1');
    assert.equal(reused.status, 422, JSON.stringify(reused.body));
    assert.equal(reused.body.error.code, 'IdempotencyKeyReused');
    const untouched = await server.call('GET', `/v1/supportRequests/${sr2.id}`, { token: desk });
    assert.equal(untouched.body.status, 'Open');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1);
  });

  test('the Azure return with an Idempotency-Key (official client): replayed, credited once; another body is 422', async () => {
    const r = vm();
    const client = clientFor(server, token);
    const calc = await client.calculateRefund.post(r.orderId, { properties: { scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 } } } as never);
    const body = (reason: string) => ({ properties: { sessionId: calc.properties!.sessionId, scope: 'Reservation', reservationToReturn: { reservationId: r.id, quantity: 1 }, returnReason: reason } });
    const withKey = { ...POLL, requestOptions: { headers: { 'idempotency-key': `azure-${calc.properties!.sessionId}` } } };
    const creditsBefore = await countRows(server, 'credit_entries');
    const transactionsBefore = await countRows(server, 'money_transactions');
    const first = await client.return.post(r.orderId, body('first') as never, withKey as never);
    assert.equal(first.name, r.orderId);
    const second = await client.return.post(r.orderId, body('first') as never, withKey as never);
    assert.equal(second.name, r.orderId);
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1);
    assert.equal(await countRows(server, 'money_transactions'), transactionsBefore + 1);
    await expectRestError(client.return.post(r.orderId, body('second') as never, withKey as never), 422, 'IdempotencyKeyReused');
    await expectRestError(client.return.post(r.orderId, body('first') as never, POLL as never), 409, 'SessionAlreadyUsed');
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1);
  });

  test('the same reservation returned twice at once (two quotes, two executes): exactly one succeeds, the other is 409', async () => {
    for (const doors of [['v1', 'v1'], ['azure', 'v1']] as const) {
      const r = vm();
      const q1 = await quoteRefund(server, token, r, r.quantity);
      const q2 = await quoteRefund(server, token, r, r.quantity);
      assert.notEqual(q1.sessionId, q2.sessionId);
      const creditsBefore = await countRows(server, 'credit_entries');
      const exec = (door: 'v1' | 'azure', q: any) => door === 'v1'
        ? post('/v1/refunds', refundBody(q))
        : post(`/providers/Microsoft.Capacity/reservationOrders/${r.orderId}/return?api-version=2022-11-01`, { properties: { sessionId: q.sessionId, reservationToReturn: { reservationId: r.id, quantity: r.quantity } } });
      const results = await Promise.all([exec(doors[0], q1), exec(doors[1], q2)]);
      const ok = results.filter((x) => x.status >= 200 && x.status < 300);
      const conflicts = results.filter((x) => x.status === 409);
      assert.equal(ok.length, 1, `${doors}: ${results.map((x) => `${x.status} ${JSON.stringify(x.body)}`).join(' | ')}`);
      assert.equal(conflicts.length, 1, `${doors}: ${results.map((x) => `${x.status} ${JSON.stringify(x.body)}`).join(' | ')}`);
      assert.ok(typeof conflicts[0]!.body.error.code === 'string' && conflicts[0]!.body.error.code.length > 0);
      assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1, 'credited once');
      assert.equal(await countRows(server, 'refund_cap_entries', { customerId: r.customerId }) >= 1, true);
    }
  });

  test('two concurrent approvals of one request: it is executed once and ends Resolved', async () => {
    const r = vm();
    const created = await post('/v1/supportRequests', supportRequestBody({ extra: { reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: { type: 'return', quantity: 1 } } }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const desk = await tokenOf(server, SUPPORT);
    const creditsBefore = await countRows(server, 'credit_entries');
    const results = await Promise.all([1, 2, 3].map(() => server.call('POST', `/v1/supportRequests/${created.body.id}/approve`, { token: desk })));
    const summary = results.map((x) => `${x.status} ${x.body?.status ?? x.body?.error?.code}`).join(' | ');
    assert.equal(results.filter((x) => x.status === 200 && x.body.status === 'Resolved').length >= 1, true, summary);
    for (const x of results) assert.ok((x.status === 200 && x.body.status === 'Resolved') || (x.status === 409 && x.body.error.code === 'SupportRequestClosed'), summary);
    assert.equal(await countRows(server, 'credit_entries'), creditsBefore + 1, 'executed once');
    const final = await server.call('GET', `/v1/supportRequests/${created.body.id}`, { token: desk });
    assert.equal(final.body.status, 'Resolved', JSON.stringify(final.body));
    assert.equal(final.body.statusReason, null);
    assert.ok(final.body.transactionId);
  });

  // Last: lowers the partner's cap.
  test('forty concurrent returns for one customer against a cap that fits about ten: the cap holds', async () => {
    const customerId = picker.untouchedCustomers()[0];
    assert.ok(customerId, 'a customer no other test touched');
    const anchor = picker.take('a reservation of the customer', (x) => x.customerId === customerId && isActive(x));
    const bought = await buy(server, token, customerId, anchor.subscriptionId, Array.from({ length: 40 }, () => ({ offerId: 'VirtualMachines:Standard_B2s:koreacentral' })));
    assert.equal(bought.length, 40);
    const quotes = [];
    for (const b of bought) quotes.push(await quoteRefund(server, token, b, 1));
    const commitment = quotes[0].quote.cancelledCommitment.amountMinor;
    assert.ok(commitment > 1000);
    assert.ok(quotes.every((q) => q.quote.cancelledCommitment.amountMinor === commitment && q.policyErrors.length === 0));
    const consumed0 = (await allowanceOf(server, token, customerId)).consumed.amountMinor;
    const cents = usdCentsForKrw(consumed0 + Math.floor(commitment * 10.5));
    const limit = krwLimitOf(cents);
    const fits = Math.floor((limit - consumed0) / commitment);
    assert.equal(fits, 10, 'the cap leaves room for ten returns');
    const capBefore = await capSum(server, customerId);
    const creditsBefore = await countRows(server, 'credit_entries', { customerId });
    await patchPolicy(server, { refundCapUsdCents: cents });
    try {
      const results = await Promise.all(quotes.map((q) => post('/v1/refunds', refundBody(q))));
      const accepted = results.filter((x) => x.status === 201);
      const refused = results.filter((x) => x.status !== 201);
      for (const x of refused) {
        assert.ok((x.status === 400 && x.body.error.code === 'RefundLimitExceeded') || (x.status === 409 && typeof x.body.error?.code === 'string'), `${x.status} ${JSON.stringify(x.body)}`);
      }
      assert.ok(accepted.length >= 1 && accepted.length <= fits, `accepted ${accepted.length} of ${fits} that fit`);
      if (!refused.some((x) => x.status === 409)) assert.equal(accepted.length, fits, 'every return that fits is accepted');
      const sum = await capSum(server, customerId);
      assert.ok(sum <= limit, `cap entries ${sum} exceed the limit ${limit}`);
      assert.equal(sum - capBefore, accepted.length * commitment);
      assert.equal(await countRows(server, 'credit_entries', { customerId }) - creditsBefore, accepted.length);
      const allowance = await allowanceOf(server, token, customerId);
      assert.equal(allowance.limit.amountMinor, limit);
      assert.ok(allowance.consumed.amountMinor <= limit);
    } finally {
      await patchPolicy(server, { refundCapUsdCents: 5_000_000 });
    }
  });
});
