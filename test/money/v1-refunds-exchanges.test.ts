import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  allCredits, allowanceOf, DAY_MS, GLOBAL_ADMIN, halfEven, isActive, krwLimitOf, patchPolicy, Picker, quoteRefund, refundBody,
  statementLines, tokenOf, usdCentsForKrw, type Res,
} from './money-helpers.ts';

/**
 * The partner API's money surface: /v1/refunds, /v1/exchanges, the refund allowance, the credit
 * ledger, statements and the policy settings (fee, cap) a global admin changes.
 */

const period = (server: TestServer) => server.clock.now().toISOString().slice(0, 7);

describeEachEngine('/v1 refunds, exchanges, allowance, credits, invoices and policy settings', (engine) => {
  let server: TestServer;
  let token: string;
  let picker: Picker;
  /** The customer whose allowance the release test follows to the end of the suite. */
  let released: { customerId: string; consumedBefore: number; entryAmount: number; consumedAt: string } | undefined;
  before(async () => {
    server = await startTestServer(engine);
    token = await tokenOf(server, ADMIN_AGENT);
    picker = await Picker.load(server, token);
  });
  after(async () => server?.close());

  const upfrontVm = (what = 'active upfront VM', extra: (r: Res) => boolean = () => true) =>
    picker.take(what, (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && extra(x));

  test('quote then POST /v1/refunds: credit, refund statement line, and the allowance consumed with a 365-day release', async () => {
    const r = upfrontVm();
    const before = await allowanceOf(server, token, r.customerId);
    const q = await quoteRefund(server, token, r, 1);
    assert.deepEqual(q.policyErrors, []);
    assert.ok(q.sessionId && q.expiresAt);
    assert.equal(Date.parse(q.expiresAt) - server.clock.now().getTime(), 15 * 60_000, 'quotes live 15 minutes');
    assert.equal(q.quote.quantity, 1);
    assert.ok(q.quote.netRefund.amountMinor > 0);
    assert.equal(q.quote.netRefund.amountMinor, q.quote.grossRefund.amountMinor - q.quote.fee.amountMinor);
    assert.equal(q.quote.fee.amountMinor, 0, 'no early-termination fee by default');
    assert.equal(q.allowanceBefore.consumed.amountMinor, before.consumed.amountMinor);
    assert.equal(q.allowanceAfter.consumed.amountMinor, before.consumed.amountMinor + q.quote.cancelledCommitment.amountMinor);
    const creditsBefore = await allCredits(server, token);

    const res = await server.call('POST', '/v1/refunds', { token, body: refundBody(q, { returnReason: 'No longer needed' }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const out = res.body;
    assert.equal(out.returnedReservationId, r.reservationId);
    assert.equal(out.credited.amountMinor, q.quote.netRefund.amountMinor);
    assert.equal(out.remainderReservationId === null, r.quantity === 1, 'a remainder exists exactly when units are left');

    const after = await allowanceOf(server, token, r.customerId);
    assert.equal(after.limit.amountMinor, krwLimitOf(5_000_000), 'USD 50,000 in KRW');
    assert.equal(after.consumed.amountMinor - before.consumed.amountMinor, q.quote.cancelledCommitment.amountMinor);
    assert.equal(after.remaining.amountMinor, after.limit.amountMinor - after.consumed.amountMinor);
    assert.equal(after.windowDays, 365);
    const entry = after.entries.find((e: any) => e.consumedAt === server.clock.now().toISOString());
    assert.ok(entry, JSON.stringify(after.entries));
    assert.equal(entry.amount.amountMinor, q.quote.cancelledCommitment.amountMinor);
    assert.equal(Date.parse(entry.releasesAt) - Date.parse(entry.consumedAt), 365 * DAY_MS);
    released = { customerId: r.customerId, consumedBefore: before.consumed.amountMinor, entryAmount: entry.amount.amountMinor, consumedAt: entry.consumedAt };

    const credits = await allCredits(server, token);
    const mine = credits.items.filter((e) => e.transactionId === out.transactionId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].kind, 'refund');
    assert.equal(mine[0].amount.amountMinor, q.quote.netRefund.amountMinor);
    assert.equal(mine[0].customerId, r.customerId);
    const krw = (b: any[]) => b.find((x) => x.currencyCode === 'KRW')?.amountMinor ?? 0;
    assert.equal(krw(credits.balances) - krw(creditsBefore.balances), q.quote.netRefund.amountMinor);
    assert.equal(krw(credits.balances), credits.items.filter((e) => e.amount.currencyCode === 'KRW').reduce((s, e) => s + e.amount.amountMinor, 0), 'balance = sum of entries');

    const lines = (await statementLines(server, token, period(server))).filter(({ line }) => line.transactionId === out.transactionId);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.equal(lines[0]!.line.kind, 'refund');
    assert.equal(lines[0]!.line.amount.amountMinor, -q.quote.netRefund.amountMinor, 'a refund line is negative');
    assert.equal(lines[0]!.line.reservationId, r.reservationId);
    assert.equal(lines[0]!.statement.total.amountMinor, lines[0]!.statement.lines.reduce((s: number, l: any) => s + l.amount.amountMinor, 0));
  });

  test('quote then POST /v1/exchanges: refund credit and purchase charge under one transactionId, both lines in one statement, cap untouched', async () => {
    const r = upfrontVm('active upfront VM with 2+ units', (x) => x.quantity >= 2);
    const before = await allowanceOf(server, token, r.customerId);
    const body = (quantity: number) => ({
      returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: r.quantity }],
      purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:koreacentral', quantity, termDuration: 'P3Y', subscriptionId: r.subscriptionId, friendlyName: 'exchanged-v1' }],
    });
    const probe = await server.call('POST', '/v1/exchanges/quote', { token, body: body(1) });
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    const quantity = Math.floor(probe.body.quote.remainingCommitment.amountMinor / probe.body.quote.purchasesTotal.amountMinor) + 1;
    const quote = await server.call('POST', '/v1/exchanges/quote', { token, body: body(quantity) });
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    const q = quote.body.quote;
    assert.deepEqual(q.policyErrors, []);
    assert.equal(q.exchangeGroup, 'Compute');
    assert.equal(q.netPayable.amountMinor, q.purchasesTotal.amountMinor - q.refundsTotal.amountMinor);
    assert.equal(q.refundsTotal.amountMinor, quote.body.returns[0].refund.grossRefund.amountMinor);
    assert.ok(q.newCommitment.amountMinor >= q.remainingCommitment.amountMinor);

    const res = await server.call('POST', '/v1/exchanges', { token, body: { sessionId: quote.body.sessionId } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const tx = res.body.transactionId;
    assert.equal(res.body.returned[0].reservationId, r.reservationId);
    assert.equal(res.body.purchased.length, 1);

    const credits = await allCredits(server, token);
    const mine = credits.items.filter((e) => e.transactionId === tx);
    assert.deepEqual(mine.map((e) => e.kind).sort(), ['exchangePurchase', 'exchangeRefund']);
    const refund = mine.find((e) => e.kind === 'exchangeRefund');
    const charge = mine.find((e) => e.kind === 'exchangePurchase');
    assert.equal(refund.amount.amountMinor, q.refundsTotal.amountMinor);
    assert.equal(charge.amount.amountMinor, -q.purchasesTotal.amountMinor, 'an upfront purchase is charged in full');
    assert.equal(refund.amount.amountMinor + charge.amount.amountMinor, -q.netPayable.amountMinor);
    const krwBalance = credits.balances.find((b: any) => b.currencyCode === 'KRW').amountMinor;
    assert.equal(krwBalance, credits.items.filter((e) => e.amount.currencyCode === 'KRW').reduce((s, e) => s + e.amount.amountMinor, 0), 'balance = sum of entries');

    const lines = (await statementLines(server, token, period(server))).filter(({ line }) => line.transactionId === tx);
    assert.deepEqual(lines.map(({ line }) => line.kind).sort(), ['exchangePurchase', 'exchangeRefund']);
    assert.equal(new Set(lines.map(({ statement }) => `${statement.period}|${statement.currency}`)).size, 1, 'both sides in one statement');
    const refundLine = lines.find(({ line }) => line.kind === 'exchangeRefund')!.line;
    const purchaseLine = lines.find(({ line }) => line.kind === 'exchangePurchase')!.line;
    assert.equal(refundLine.amount.amountMinor, -q.refundsTotal.amountMinor);
    assert.equal(purchaseLine.amount.amountMinor, q.purchasesTotal.amountMinor);
    assert.equal(purchaseLine.reservationId, res.body.purchased[0].reservationId);

    const after = await allowanceOf(server, token, r.customerId);
    assert.equal(after.consumed.amountMinor, before.consumed.amountMinor, 'exchanges do not count toward the cap');
  });

  test('earlyTerminationFeeBps 1200: the next quote withholds 12% (half-even) and credits gross − fee', async () => {
    const r = upfrontVm();
    const policy = await patchPolicy(server, { earlyTerminationFeeBps: 1200 });
    assert.equal(policy.earlyTerminationFeeBps, 1200);
    try {
      const read = await server.call('GET', '/v1/settings/policy', { token });
      assert.equal(read.body.policy.earlyTerminationFeeBps, 1200);
      assert.equal(read.body.canChange, false, 'an admin agent reads the settings but cannot change them');
      const q = await quoteRefund(server, token, r, 1);
      const gross = q.quote.grossRefund.amountMinor;
      assert.ok(gross > 0);
      const fee = Number(halfEven(BigInt(gross) * 1200n, 10_000n));
      assert.ok(fee > 0);
      assert.equal(q.quote.fee.amountMinor, fee, `12% of ${gross}, half-even`);
      assert.equal(q.quote.netRefund.amountMinor, gross - fee);
      const res = await server.call('POST', '/v1/refunds', { token, body: refundBody(q) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.credited.amountMinor, gross - fee);
      const lines = (await statementLines(server, token, period(server))).filter(({ line }) => line.transactionId === res.body.transactionId);
      assert.equal(lines.find(({ line }) => line.kind === 'refund')?.line.amount.amountMinor, -(gross - fee));
      const credits = await allCredits(server, token);
      assert.equal(credits.items.find((e) => e.transactionId === res.body.transactionId)?.amount.amountMinor, gross - fee);
    } finally {
      await patchPolicy(server, { earlyTerminationFeeBps: 0 });
    }
    const q0 = await quoteRefund(server, token, upfrontVm(), 1);
    assert.equal(q0.quote.fee.amountMinor, 0, 'the fee is back to 0');
  });

  test('a small refundCapUsdCents: the quote shows RefundLimitExceeded with the overage, and the return is refused', async () => {
    const r = upfrontVm();
    const before = await allowanceOf(server, token, r.customerId);
    const probe = await quoteRefund(server, token, r, r.quantity);
    const commitment = probe.quote.cancelledCommitment.amountMinor;
    // A limit that leaves less than this return needs: consumed + half of the commitment.
    const cents = usdCentsForKrw(before.consumed.amountMinor + Math.floor(commitment / 2));
    await patchPolicy(server, { refundCapUsdCents: cents });
    try {
      const limit = krwLimitOf(cents);
      const q = await quoteRefund(server, token, r, r.quantity);
      assert.equal(q.allowanceBefore.limit.amountMinor, limit);
      const over = before.consumed.amountMinor + commitment - limit;
      assert.ok(over > 0);
      assert.equal(q.exceededBy.amountMinor, over);
      const err = q.policyErrors.find((e: any) => e.code === 'RefundLimitExceeded');
      assert.ok(err, JSON.stringify(q.policyErrors));
      assert.ok(err.message.includes(`KRW ${over}`), `the message names the overage KRW ${over}: ${err.message}`);
      assert.ok(err.message.includes(`KRW ${limit}`), `the message names the limit: ${err.message}`);
      const res = await server.call('POST', '/v1/refunds', { token, body: refundBody(q) });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'RefundLimitExceeded');
      assert.ok(res.body.error.message.includes(`KRW ${over}`));
      assert.equal((await allowanceOf(server, token, r.customerId)).consumed.amountMinor, before.consumed.amountMinor, 'nothing consumed');
    } finally {
      await patchPolicy(server, { refundCapUsdCents: 5_000_000 });
    }
    const q = await quoteRefund(server, token, r, r.quantity);
    assert.deepEqual(q.policyErrors, [], 'under the default cap the same return fits');
  });

  test('PATCH /v1/settings/policy: 403 for an admin agent, 400 for an unknown field or a bad value', async () => {
    const denied = await server.call('PATCH', '/v1/settings/policy', { token, body: { earlyTerminationFeeBps: 1200 } });
    assert.equal(denied.status, 403, JSON.stringify(denied.body));
    assert.equal(denied.body.error.code, 'AuthorizationFailed');
    const admin = await tokenOf(server, GLOBAL_ADMIN);
    const unknown = await server.call('PATCH', '/v1/settings/policy', { token: admin, body: { earlyTerminationFeeBps: 100, refundCapUSD: 1 } });
    assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
    assert.equal(unknown.body.error.code, 'InvalidRequestContent');
    assert.ok(unknown.body.error.details.some((d: any) => d.code === 'UnknownProperty'), JSON.stringify(unknown.body.error));
    const bad = await server.call('PATCH', '/v1/settings/policy', { token: admin, body: { earlyTerminationFeeBps: 10_001 } });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.error.target, 'earlyTerminationFeeBps');
    const read = await server.call('GET', '/v1/settings/policy', { token: admin });
    assert.equal(read.body.policy.earlyTerminationFeeBps, 0, 'refused patches change nothing');
    assert.equal(read.body.canChange, true);
  });

  // Last: moves the clock a year forward.
  test('the allowance entry is released 365 days after the refund', async () => {
    assert.ok(released, 'the first test recorded a refund');
    const start = server.clock.now().getTime();
    server.clock.set(new Date(Date.parse(released.consumedAt) + 365 * DAY_MS - 60_000));
    let a = await allowanceOf(server, await tokenOf(server, ADMIN_AGENT), released.customerId);
    assert.ok(a.entries.some((e: any) => e.consumedAt === released!.consumedAt), 'one minute before the release it still counts');
    assert.ok(a.consumed.amountMinor >= released.consumedBefore + released.entryAmount);
    server.clock.set(new Date(Math.max(start, Date.parse(released.consumedAt) + 365 * DAY_MS)));
    a = await allowanceOf(server, await tokenOf(server, ADMIN_AGENT), released.customerId);
    assert.ok(!a.entries.some((e: any) => e.consumedAt === released!.consumedAt), JSON.stringify(a.entries));
    assert.equal(a.consumed.amountMinor, a.entries.reduce((s: number, e: any) => s + e.amount.amountMinor, 0));
    assert.equal(a.remaining.amountMinor, a.limit.amountMinor - a.consumed.amountMinor);
    assert.equal(a.consumed.amountMinor, 0, 'every refund of this suite was a year ago or more');
  });
});
