import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { allCredits, allowanceOf, isActive, Picker, quoteRefund, SUPPORT, type Res } from '../money/money-helpers.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { assertFailure, assertOk, parseJson, runCli, tempDir, type CliResult } from './cli-runner.ts';

/**
 * The CLI's money and support commands (refund, exchange, requests, allowance, credits, invoices),
 * spawned as real processes against the in-process server: the partner signed in as its admin
 * agent, the provider desk as support@provider.example in a second config folder.
 */

const NON_REFUNDABLE = ['Databricks', 'SynapseAnalytics', 'SuseLinux', 'RedHat'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How the CLI's tables print a KRW amount (no decimals, thousands grouped). */
const krw = (m: { currencyCode: string; amountMinor: number }) => {
  assert.equal(m.currencyCode, 'KRW');
  return `KRW ${m.amountMinor.toLocaleString('en-US')}`;
};
const refOf = (r: Pick<Res, 'orderId' | 'reservationId'>) => `${r.orderId}/${r.reservationId}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The contact options of `requests create`, the way a partner would type them. */
const CONTACT_ARGS = [
  '--first-name', '민호', '--last-name', '이', '--email', ADMIN_AGENT, '--contact-method', 'email',
  '--time-zone', 'Asia/Seoul', '--language', 'ko-KR', '--country', 'kor',
];

describeEachEngine('resdesk refund, exchange, support request and billing commands', (engine) => {
  let server: TestServer;
  let home: string;
  let token: string;
  let picker: Picker;
  const partnerEnv = () => ({ RESDESK_CONFIG_DIR: path.join(home, 'partner') });
  const deskEnv = () => ({ RESDESK_CONFIG_DIR: path.join(home, 'desk') });
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, partnerEnv());
  const desk = (...args: string[]): Promise<CliResult> => runCli(args, deskEnv());
  const period = () => server.clock.now().toISOString().slice(0, 7);

  const reservation = async (orderId: string, reservationId: string) => {
    const res = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${orderId}/reservations/${reservationId}?api-version=2022-11-01`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const stateOf = async (r: Res) => (await reservation(r.orderId, r.reservationId)).properties.provisioningState as string;
  const upfrontVm = (what: string, minQuantity = 2) =>
    picker.take(what, (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && x.quantity >= minQuantity);

  before(async () => {
    server = await startTestServer(engine);
    home = tempDir('money');
    token = await server.token(ADMIN_AGENT);
    picker = await Picker.load(server, token);
    const [partner, support] = await Promise.all([
      runCli(['login', '--server', server.httpUrl, '--email', ADMIN_AGENT, '--password', 'demo-password'], partnerEnv()),
      runCli(['login', '--server', server.httpUrl, '--email', SUPPORT, '--password', 'demo-password'], deskEnv()),
    ]);
    assertOk(partner);
    assertOk(support);
  });
  after(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('refund quote: --json is the API\'s quote with a session id and the net refund; the text shows it in KRW', async () => {
    const r = upfrontVm('active upfront VM to quote');
    const [json, text] = await Promise.all([
      cli('refund', 'quote', refOf(r), '--quantity', '1', '--json'),
      cli('refund', 'quote', r.id, '--quantity', '1'),
    ]);
    const q = parseJson(json);
    const api = await quoteRefund(server, token, r, 1);
    assert.match(q.sessionId, GUID);
    assert.notEqual(q.sessionId, api.sessionId, 'every quote has its own session');
    assert.deepEqual(q.target, { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 });
    assert.deepEqual(q.policyErrors, []);
    assert.ok(q.quote.netRefund.amountMinor > 0);
    assert.deepEqual(q.quote, api.quote, 'the same figures as the API gives');
    assert.deepEqual(q.allowanceAfter, api.allowanceAfter);

    assertOk(text);
    assert.match(text.stdout, new RegExp(`^Refund quote for 1 unit of ${escape(refOf(r))}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^  Net refund: +${escape(krw(api.quote.netRefund))}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^  Remaining days: +${api.quote.remainingDays} of ${api.quote.termDays}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^  Allowance before: +${escape(krw(api.allowanceBefore.remaining))} left of ${escape(krw(api.allowanceBefore.limit))}$`, 'm'));
    assert.match(text.stdout, /^  Session: +[0-9a-f-]{36} \(valid until 2026-11-27 03:15 UTC\)$/m);
    assert.match(text.stdout, /^Policy errors: none$/m);
    assert.equal(await stateOf(r), 'Succeeded', 'a quote changes nothing');
  });

  test('refund run --yes returns the units: Cancelled with a remainder, the credit in resdesk credits, the allowance consumed', async () => {
    const r = upfrontVm('active upfront VM to return');
    const allowanceBefore = await allowanceOf(server, token, r.customerId);
    const out = parseJson(await cli('refund', 'run', refOf(r), '--quantity', '1', '--reason', 'Not needed any more', '--yes', '--json'));
    assert.equal(out.returnedReservationId, r.reservationId);
    assert.equal(out.quantity, 1);
    assert.match(out.sessionId, GUID);
    assert.match(out.idempotencyKey, GUID, 'a new idempotency key is made and shown');
    assert.ok(out.credited.amountMinor > 0);

    const returned = await reservation(r.orderId, r.reservationId);
    assert.equal(returned.properties.provisioningState, 'Cancelled');
    assert.ok(out.remainderReservationId, 'units are left');
    const remainder = await reservation(r.orderId, out.remainderReservationId);
    assert.equal(remainder.properties.quantity, r.quantity - 1);
    assert.equal(remainder.properties.provisioningState, 'Succeeded');

    const [creditsJson, creditsText, allowanceJson, allowanceText] = await Promise.all([
      cli('credits', '--json'), cli('credits'), cli('allowance', r.customerId, '--json'), cli('allowance', r.customerId),
    ]);
    const credits = parseJson(creditsJson);
    const entry = credits.items.find((e: any) => e.transactionId === out.transactionId);
    assert.ok(entry, `the ledger has transaction ${out.transactionId}`);
    assert.equal(entry.kind, 'refund');
    assert.equal(entry.amount.amountMinor, out.credited.amountMinor);
    assert.deepEqual(credits.balances, (await allCredits(server, token)).balances);
    assertOk(creditsText);
    const row = creditsText.stdout.split('\n').find((l) => l.includes(out.transactionId));
    assert.ok(row, creditsText.stdout);
    assert.match(row, new RegExp(`^2026-11-27  refund +${escape(krw(out.credited))}  ${out.transactionId}  Prorated refund, `));
    assert.match(creditsText.stdout, new RegExp(`^Balance: ${escape(krw(credits.balances.find((b: any) => b.currencyCode === 'KRW')))}`, 'm'));

    const allowance = parseJson(allowanceJson);
    assert.equal(allowance.consumed.amountMinor - allowanceBefore.consumed.amountMinor, out.quote.cancelledCommitment.amountMinor);
    assert.deepEqual(allowance, await allowanceOf(server, token, r.customerId));
    assertOk(allowanceText);
    assert.match(allowanceText.stdout, new RegExp(`^Limit: +${escape(krw(allowance.limit))} per 365 days$`, 'm'));
    assert.match(allowanceText.stdout, new RegExp(`^Remaining: +${escape(krw(allowance.remaining))}$`, 'm'));
    assert.match(allowanceText.stdout, new RegExp(`^2026-11-27 +${escape(krw(out.quote.cancelledCommitment))}  2027-11-27$`, 'm'));
  });

  test('refund run --session executes that quote, and the same --idempotency-key replays instead of returning again', async () => {
    const r = upfrontVm('active upfront VM to return by session');
    const q = await quoteRefund(server, token, r, 1);
    const key = `cli-refund-${engine}`;
    const args = ['refund', 'run', refOf(r), '--quantity', '1', '--session', q.sessionId, '--idempotency-key', key, '--yes'];
    const first = await cli(...args);
    assertOk(first);
    assert.doesNotMatch(first.stdout, /^Refund quote/m, 'with --session there is nothing to quote');
    assert.match(first.stdout, new RegExp(`^Returned 1 unit of ${escape(refOf(r))}\\.$`, 'm'));
    assert.match(first.stdout, new RegExp(`^  Credited: +${escape(krw(q.quote.netRefund))}$`, 'm'));
    assert.match(first.stdout, new RegExp(`^  Idempotency key: +${key}$`, 'm'));
    const tx = /^  Transaction: +(\S+)$/m.exec(first.stdout)?.[1];
    assert.ok(tx);
    const again = await cli(...args);
    assertOk(again);
    assert.match(again.stdout, new RegExp(`^  Transaction: +${tx}$`, 'm'), 'the replay answers with the first transaction');
    const credits = await allCredits(server, token);
    assert.equal(credits.items.filter((e) => e.transactionId === tx).length, 1, 'credited once');
    assert.equal(credits.items.filter((e) => e.description.includes(r.reservationId)).length, 1, 'returned once');
  });

  test('refund run refuses: without a terminal --yes is required; a policy error is one line naming the code; nothing is returned', async () => {
    const r = upfrontVm('active upfront VM that stays');
    const locked = picker.take('active non-refundable reservation', (x) => isActive(x) && NON_REFUNDABLE.includes(x.type));
    const [noYes, tooMany, nonRefundable, quoted, badSession, badRef, noQuantity] = await Promise.all([
      cli('refund', 'run', refOf(r), '--quantity', '1'),
      cli('refund', 'run', refOf(r), '--quantity', String(r.quantity + 1), '--yes'),
      cli('refund', 'run', refOf(locked), '--quantity', '1', '--yes', '--json'),
      cli('refund', 'quote', refOf(locked), '--quantity', '1'),
      cli('refund', 'run', refOf(r), '--quantity', '1', '--session', '00000000-0000-4000-8000-000000000000', '--yes'),
      cli('refund', 'quote', 'not-a-reservation', '--quantity', '1'),
      cli('refund', 'quote', refOf(r)),
    ]);
    assertFailure(noYes, 2, /^resdesk: refund run: pass --yes to go ahead; there is no terminal to ask for confirmation on$/);
    assertFailure(tooMany, 1, new RegExp(`^resdesk: refund run: refused by policy, nothing was returned: InvalidRefundQuantity: The quantity to return must be a whole number from 1 to ${r.quantity}\\.$`));
    assertFailure(nonRefundable, 1, /^resdesk: refund run: refused by policy, nothing was returned: SelfServiceRefundNotSupported: /);
    assertOk(quoted);
    assert.match(quoted.stdout, /^Policy errors \(1\):\n  SelfServiceRefundNotSupported: Self Service refunds are currently not supported/m, 'a quote lists its policy errors and exits 0');
    assertFailure(badSession, 1, /^resdesk: InvalidSessionId: /);
    assertFailure(badRef, 2, /^resdesk: refund quote: the reservation "not-a-reservation" is neither/);
    assertFailure(noQuantity, 2, /^resdesk: refund quote: missing --quantity$/);
    assert.equal(await stateOf(r), 'Succeeded');
    assert.equal(await stateOf(locked), 'Succeeded');
  });

  test('refund run on a terminal asks first: no returns nothing, yes returns', async () => {
    const r = upfrontVm('active upfront VM to confirm');
    const declined = await inTerminal(['refund', 'run', refOf(r), '--quantity', '1'], 'n\n');
    assert.equal(declined.code, 1, declined.err);
    assert.match(declined.out, /^  Net refund: +KRW [\d,]+$/m, 'the quote is shown before the question');
    assert.match(declined.err, new RegExp(`Return 1 unit of ${escape(refOf(r))} for a net refund of KRW [\\d,]+\\? \\[y/N\\] `));
    assert.match(declined.err, /\[y\/N\] resdesk: refund run: not confirmed; nothing was returned\n$/, 'one error line after the question');
    assert.equal(await stateOf(r), 'Succeeded');

    const accepted = await inTerminal(['refund', 'run', refOf(r), '--quantity', '1'], 'yes\n');
    assert.equal(accepted.code, 0, accepted.err);
    assert.match(accepted.out, /^Returned 1 unit of /m);
    assert.equal(await stateOf(r), 'Cancelled');
  });

  /** Runs `resdesk` in this process with a pretend terminal that answers `answer` to the question. */
  async function inTerminal(argv: string[], answer: string): Promise<{ code: number; out: string; err: string }> {
    const stdin = new PassThrough();
    stdin.write(answer);
    let out = '';
    let err = '';
    const io: Io = {
      out: (t) => void (out += `${t}\n`), err: (t) => void (err += t),
      env: partnerEnv(), stdin: stdin as unknown as NodeJS.ReadStream, stdinIsTTY: true, stderrIsTTY: true,
    };
    const code = await main(argv, io);
    return { code, out, err };
  }

  /** `--buy` for new D16s_v5 units in Korea Central whose commitment covers the returned units'. */
  async function exchangeBuy(r: Res): Promise<string> {
    const probe = await server.call('POST', '/v1/exchanges/quote', {
      token,
      body: {
        returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: r.quantity }],
        purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:koreacentral', quantity: 1, termDuration: 'P3Y', billingPlan: 'Upfront', subscriptionId: r.subscriptionId }],
      },
    });
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    const quantity = Math.floor(probe.body.quote.remainingCommitment.amountMinor / probe.body.quote.purchasesTotal.amountMinor) + 1;
    return `VirtualMachines:Standard_D16s_v5:koreacentral:${quantity}:P3Y:Upfront`;
  }

  test('exchange quote and exchange run --yes: the old units Cancelled, the new reservation bought, both sides in credits', async () => {
    const r = upfrontVm('active upfront VM to exchange');
    const buy = await exchangeBuy(r);
    const quantity = Number(buy.split(':')[3]);
    const options = ['--return', `${refOf(r)}:${r.quantity}`, '--buy', buy, '--subscription', r.subscriptionId];
    const [json, text] = await Promise.all([cli('exchange', 'quote', ...options, '--json'), cli('exchange', 'quote', ...options)]);
    const q = parseJson(json);
    assert.match(q.sessionId, GUID);
    assert.deepEqual(q.quote.policyErrors, []);
    assert.equal(q.returns.length, 1);
    assert.equal(q.returns[0].reservationId, r.reservationId);
    assert.equal(q.purchases[0].quantity, quantity);
    assert.equal(q.quote.netPayable.amountMinor, q.quote.purchasesTotal.amountMinor - q.quote.refundsTotal.amountMinor);
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^Refunds total: +${escape(krw(q.quote.refundsTotal))}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^Net payable: +${escape(krw(q.quote.netPayable))}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^  VirtualMachines +Standard_D16s_v5 +koreacentral +${quantity}  P3Y Upfront +${escape(krw(q.quote.purchasesTotal))}$`, 'm'));
    assert.match(text.stdout, /^Policy errors: none$/m);
    assert.equal(await stateOf(r), 'Succeeded', 'a quote changes nothing');

    const out = parseJson(await cli('exchange', 'run', ...options, '--name', 'cli-exchanged', '--yes', '--json'));
    assert.equal(out.returned.length, 1);
    assert.equal(out.returned[0].reservationId, r.reservationId);
    assert.equal(out.purchased.length, 1);
    assert.equal(await stateOf(r), 'Cancelled');
    const bought = await reservation(out.purchased[0].reservationOrderId, out.purchased[0].reservationId);
    assert.equal(bought.properties.provisioningState, 'Succeeded');
    assert.equal(bought.properties.quantity, quantity);
    assert.equal(bought.properties.term, 'P3Y');
    assert.equal(bought.properties.displayName, 'cli-exchanged');
    assert.equal(bought.properties.billingScopeId, `/subscriptions/${r.subscriptionId}`);

    const credits = parseJson(await cli('credits', '--json', '--size', '500'));
    const mine = credits.items.filter((e: any) => e.transactionId === out.transactionId);
    assert.deepEqual(mine.map((e: any) => e.kind).sort(), ['exchangePurchase', 'exchangeRefund']);
    assert.equal(mine.reduce((s: number, e: any) => s + e.amount.amountMinor, 0), -out.quote.netPayable.amountMinor);
  });

  test('exchange run --session executes a quote of resdesk exchange quote; a quote with policy errors is refused', async () => {
    const r = upfrontVm('active upfront VM to exchange by session');
    const q = parseJson(await cli('exchange', 'quote', '--return', `${refOf(r)}:${r.quantity}`, '--buy', await exchangeBuy(r), '--subscription', r.subscriptionId, '--json'));
    const [short, usage] = await Promise.all([
      cli('exchange', 'run', '--return', `${refOf(r)}:${r.quantity}`, '--buy', 'VirtualMachines:Standard_D2s_v5:koreacentral:1:P1Y:Upfront', '--subscription', r.subscriptionId, '--yes'),
      cli('exchange', 'run', '--session', q.sessionId, '--buy', 'VirtualMachines:Standard_D2s_v5:koreacentral:1:P1Y:Upfront', '--yes'),
    ]);
    assertFailure(short, 1, /^resdesk: exchange run: refused by policy, nothing was exchanged: InsufficientNewCommitment: The new lifetime commitment /);
    assertFailure(usage, 2, /^resdesk: exchange run: give either --session or the exchange/);
    assert.equal(await stateOf(r), 'Succeeded');

    const run = await cli('exchange', 'run', '--session', q.sessionId, '--yes');
    assertOk(run);
    assert.match(run.stdout, /^Exchanged: transaction [0-9a-f-]{36}\.$/m);
    assert.match(run.stdout, new RegExp(`^  ${escape(refOf(r))} +${r.quantity}  ${escape(krw(q.returns[0].refund.grossRefund))}`, 'm'));
    assert.match(run.stdout, new RegExp(`^Net payable: +${escape(krw(q.quote.netPayable))}$`, 'm'));
    assert.equal(await stateOf(r), 'Cancelled');
  });

  test('exchange: malformed --return and --buy are usage errors', async () => {
    const [noQty, badTerm, shortBuy, missing] = await Promise.all([
      cli('exchange', 'quote', '--return', 'a/b', '--buy', 'VirtualMachines:Standard_D2s_v5:koreacentral:1:P1Y:Upfront', '--subscription', 's'),
      cli('exchange', 'quote', '--return', 'a/b:1', '--buy', 'VirtualMachines:Standard_D2s_v5:koreacentral:1:P2Y:Upfront', '--subscription', 's'),
      cli('exchange', 'quote', '--return', 'a/b:1', '--buy', 'VirtualMachines:Standard_D2s_v5:1', '--subscription', 's'),
      cli('exchange', 'run', '--return', 'a/b:1', '--yes'),
    ]);
    assertFailure(noQty, 2, /^resdesk: exchange quote: --return "a\/b" must be <reservationOrderId>\/<reservationId>:<quantity>$/);
    assertFailure(badTerm, 2, /^resdesk: exchange quote: --buy ".*": the term must be one of P1Y, P3Y, P5Y, got "P2Y"$/);
    assertFailure(shortBuy, 2, /^resdesk: exchange quote: --buy "VirtualMachines:Standard_D2s_v5:1" must be <type>:<sku>:<location>:<quantity>:<term>:<plan>/);
    assertFailure(missing, 2, /^resdesk: exchange run: missing --buy, --subscription$/);
  });

  test('requests create for a return → approve as support@provider.example → Resolved, credited, on the statement', async () => {
    const r = picker.take('active non-refundable reservation for the desk', (x) => isActive(x) && NON_REFUNDABLE.includes(x.type) && x.plan === 'Upfront');
    const created = parseJson(await cli(
      'requests', 'create', '--reservation', refOf(r), '--title', 'Return one unit', '--description', 'The customer no longer needs it',
      '--severity', 'moderate', ...CONTACT_ARGS, '--additional-email', 'ops@hanbit.example', '--additional-email', 'cfo@hanbit.example',
      '--phone', '+82 2 1234 5678', '--return-quantity', '1', '--return-reason', 'Project ended', '--json',
    ));
    assert.match(created.id, GUID);
    assert.equal(created.status, 'Open');
    assert.equal(created.customerId, r.customerId);
    assert.equal(created.reservationId, r.reservationId);
    assert.deepEqual([created.issueType, created.problemType, created.category], ['Billing', 'ReservationManagement', 'ExchangeAndRefund'], 'the defaults');
    assert.deepEqual(created.requestedAction, { type: 'return', reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1, reason: 'Project ended' });
    assert.deepEqual(created.contact, {
      firstName: '민호', lastName: '이', primaryEmail: ADMIN_AGENT, additionalEmails: ['ops@hanbit.example', 'cfo@hanbit.example'],
      preferredContactMethod: 'email', phoneNumber: '+82 2 1234 5678', preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
    });
    assert.deepEqual(created.quoteAtCreation.policyErrors.map((e: any) => e.code), ['SelfServiceRefundNotSupported'], 'self-service would refuse it');

    const [mine, queue, open] = await Promise.all([
      cli('requests', 'list', '--reservation', refOf(r), '--json'),
      desk('requests', 'list', '--status', 'open', '--json', '--size', '200'),
      cli('requests', 'list', '--reservation', r.reservationId),
    ]);
    assert.deepEqual(parseJson(mine).items.map((i: any) => i.id), [created.id]);
    assert.ok(parseJson(queue).items.some((i: any) => i.id === created.id), 'the desk sees it among the open requests');
    assertOk(open);
    assert.match(open.stdout, /^ID +NUMBER +STATUS +SEVERITY +DUE +CUSTOMER +TITLE$/m);
    assert.match(open.stdout, new RegExp(`^${created.id}  ${created.number}  Open +moderate  2026-11-27 11:00 UTC  ${r.customerId}  Return one unit$`, 'm'));
    assert.match(open.stdout, /^1 support request\.$/m);

    const approved = await desk('requests', 'approve', created.id);
    assertOk(approved);
    const tx = new RegExp(`^Approved support request ${created.number}; transaction ([0-9a-f-]{36})\\.$`, 'm').exec(approved.stdout)?.[1];
    assert.ok(tx, approved.stdout);
    const api = await server.call('GET', `/v1/supportRequests/${created.id}`, { token });
    assert.equal(api.body.status, 'Resolved');
    assert.equal(api.body.transactionId, tx);
    assert.equal(await stateOf(r), 'Cancelled');

    const [credits, invoices, invoicesText, shown] = await Promise.all([
      cli('credits', '--json', '--size', '500'), cli('invoices', '--period', period(), '--json'), cli('invoices', '--period', period()),
      cli('requests', 'show', created.id),
    ]);
    const credit = parseJson(credits).items.find((e: any) => e.transactionId === tx);
    assert.ok(credit, 'the credit of the approved return');
    assert.equal(credit.kind, 'refund');
    assert.ok(credit.amount.amountMinor > 0);
    const lines = parseJson(invoices).items.flatMap((s: any) => s.lines);
    const line = lines.find((l: any) => l.transactionId === tx);
    assert.equal(line?.kind, 'refund');
    assert.equal(line.amount.amountMinor, -credit.amount.amountMinor);
    assertOk(invoicesText);
    assert.match(invoicesText.stdout, new RegExp(`^  2026-11-27  refund +KRW -${credit.amount.amountMinor.toLocaleString('en-US')}  ${r.customerId}  ${escape(refOf(r))}  ${tx}  `, 'm'));
    assertOk(shown);
    assert.match(shown.stdout, /^Status: +Resolved$/m);
    assert.match(shown.stdout, new RegExp(`^Transaction: +${tx}$`, 'm'));
    assert.match(shown.stdout, new RegExp(`^Requested action: +return 1 unit of ${escape(refOf(r))} \\(reason: Project ended\\)$`, 'm'));
  });

  test('requests message, reject and close: the thread and the lifecycle', async () => {
    const customerId = picker.all[0]!.customerId;
    const raise = (title: string) => cli('requests', 'create', '--customer', customerId, '--title', title, '--description', 'Line one\nLine two',
      '--severity', 'minimal', '--issue-type', 'technical', '--category', 'Other', ...CONTACT_ARGS, '--json');
    const [a, b] = (await Promise.all([raise('Scope question'), raise('Billing question')])).map((r) => parseJson(r));
    assert.equal(a.issueType, 'Technical');
    assert.equal(a.category, 'Other');

    const partnerSays = parseJson(await cli('requests', 'message', a.id, 'Which subscriptions does it cover?', '--json'));
    assert.equal(partnerSays.status, 'Open');
    assert.deepEqual(partnerSays.messages.map((m: any) => m.body), ['Which subscriptions does it cover?']);
    // The desk answers a minute later (the test clock stands still otherwise).
    server.clock.set(new Date(server.clock.now().getTime() + 60_000));
    const deskSays = await desk('requests', 'message', a.id, 'Please send the subscription list.', '--await-partner');
    assertOk(deskSays);
    assert.match(deskSays.stdout, new RegExp(`^Message added to support request ${a.number}; it is WaitingForPartner\\.$`, 'm'));

    const [shown, json, notYours] = await Promise.all([
      cli('requests', 'show', a.id), cli('requests', 'show', a.id, '--json'), cli('requests', 'message', a.id, 'hello', '--await-partner'),
    ]);
    assertOk(shown);
    assert.match(shown.stdout, /^Status: +WaitingForPartner$/m);
    assert.match(shown.stdout, /^Description:\n  Line one\n  Line two$/m);
    assert.match(shown.stdout, /^Messages \(2\):\n  2026-11-27 03:00 UTC  .+ \(partner\)\n    Which subscriptions does it cover\?\n  2026-11-27 03:01 UTC  .+ \(provider\)\n    Please send the subscription list\.$/m);
    assert.deepEqual(parseJson(json).messages.map((m: any) => m.authorKind), ['partner', 'provider']);
    assertFailure(notYours, 1, /^resdesk: AuthorizationFailed: Only the provider support desk can wait for the partner$/);

    const [closed, rejected, partnerApproves] = await Promise.all([
      cli('requests', 'close', a.id),
      desk('requests', 'reject', b.id, '--reason', 'Not a reservation matter', '--json'),
      cli('requests', 'approve', b.id),
    ]);
    assertOk(closed);
    assert.equal(closed.stdout, `Closed support request ${a.number}.\n`);
    assert.equal(parseJson(rejected).status, 'Rejected');
    assert.equal(parseJson(rejected).statusReason, 'Not a reservation matter');
    assertFailure(partnerApproves, 1, /^resdesk: AuthorizationFailed: Only provider support engineers approve support requests\.$/);

    const [late, noReason, listed] = await Promise.all([
      cli('requests', 'message', a.id, 'One more thing'),
      desk('requests', 'reject', a.id),
      cli('requests', 'list', '--customer', customerId, '--status', 'Closed', '--json'),
    ]);
    assertFailure(late, 1, /^resdesk: SupportRequestClosed: The support request is Closed; it cannot change any more$/);
    assertFailure(noReason, 2, /^resdesk: requests reject: --reason is required$/);
    assert.deepEqual(parseJson(listed).items.map((i: any) => i.id), [a.id]);
  });

  test('requests approve refused by the policy now: exit 1, one line with the reason, the request stays open', async () => {
    const r = upfrontVm('active upfront VM returned before approval', 1);
    const created = parseJson(await cli('requests', 'create', '--reservation', refOf(r), '--title', 'Return all', '--description', 'Return it',
      '--severity', 'critical', '--phone', '+82 2 1234 5678', ...CONTACT_ARGS, '--return-quantity', String(r.quantity), '--json'));
    // The partner returns it itself meanwhile.
    parseJson(await cli('refund', 'run', refOf(r), '--quantity', String(r.quantity), '--yes', '--json'));
    const refused = await desk('requests', 'approve', created.id);
    assertFailure(refused, 1, new RegExp(`^resdesk: requests approve: not approved, nothing was executed; support request ${created.number} stays InProgress: ReservationNotActive: `));
    const api = await server.call('GET', `/v1/supportRequests/${created.id}`, { token });
    assert.equal(api.body.status, 'InProgress');
    assert.equal(api.body.transactionId, null);
  });

  test('requests create: missing or inconsistent options are usage errors; a bad field is the server\'s error', async () => {
    const customerId = picker.all[0]!.customerId;
    const base = ['requests', 'create', '--title', 't', '--description', 'd'];
    const [missing, nobody, critical, both, reasonAlone, returnWithoutReservation, badCountry, badSeverity] = await Promise.all([
      cli('requests', 'create', '--customer', customerId, '--title', 't'),
      cli(...base, '--severity', 'minimal', ...CONTACT_ARGS),
      cli(...base, '--customer', customerId, '--severity', 'critical', ...CONTACT_ARGS),
      cli(...base, '--reservation', 'a/b', '--severity', 'minimal', ...CONTACT_ARGS, '--return-quantity', '1', '--exchange-return', 'a/b:1'),
      cli(...base, '--customer', customerId, '--severity', 'minimal', ...CONTACT_ARGS, '--return-reason', 'x'),
      cli(...base, '--customer', customerId, '--severity', 'minimal', ...CONTACT_ARGS, '--return-quantity', '1'),
      cli(...base, '--customer', customerId, '--severity', 'minimal', ...CONTACT_ARGS.slice(0, -1), 'KR'),
      cli(...base, '--customer', customerId, '--severity', 'urgent', ...CONTACT_ARGS),
    ]);
    assertFailure(missing, 2, /^resdesk: requests create: missing --description, --severity, --first-name, --last-name, --email, --contact-method, --time-zone, --language, --country$/);
    assertFailure(nobody, 2, /^resdesk: requests create: name the customer \(--customer\) or the reservation \(--reservation\)$/);
    assertFailure(critical, 2, /--phone is required with --contact-method phone or --severity critical$/);
    assertFailure(both, 2, /ask for a return \(--return-quantity\) or an exchange \(--exchange-…\), not both$/);
    assertFailure(reasonAlone, 2, /--return-reason goes with --return-quantity$/);
    assertFailure(returnWithoutReservation, 2, /--return-quantity needs the --reservation to return$/);
    assertFailure(badCountry, 1, /^resdesk: InvalidRequestContent: .*alpha-3 .*\(target: contact\.country\)$/);
    assertFailure(badSeverity, 2, /^resdesk: requests create: --severity must be one of minimal, moderate, critical, got "urgent"$/);
  });

  test('requests create for an exchange carries the exchange and its quote', async () => {
    const r = upfrontVm('active upfront VM for an exchange request');
    const buy = await exchangeBuy(r);
    const created = parseJson(await cli('requests', 'create', '--reservation', refOf(r), '--title', 'Exchange', '--description', 'Bigger VMs',
      '--severity', 'moderate', ...CONTACT_ARGS, '--exchange-return', `${refOf(r)}:${r.quantity}`, '--exchange-buy', buy,
      '--exchange-subscription', r.subscriptionId, '--json'));
    assert.equal(created.requestedAction.type, 'exchange');
    assert.deepEqual(created.requestedAction.request.returns, [{ reservationId: refOf(r), quantity: r.quantity }]);
    assert.equal(created.requestedAction.request.purchases[0].skuName, 'Standard_D16s_v5');
    assert.deepEqual(created.quoteAtCreation.quote.policyErrors, []);
    const shown = await cli('requests', 'show', created.id);
    assertOk(shown);
    assert.match(shown.stdout, new RegExp(`^Quote at creation: +net payable ${escape(krw(created.quoteAtCreation.quote.netPayable))}$`, 'm'));
  });

  test('invoices: --json is the API\'s statements; the text shows each statement\'s total; a bad period is a usage error', async () => {
    const [json, text, empty, bad] = await Promise.all([
      cli('invoices', '--period', '2025-01', '--json'), cli('invoices', '--period', '2025-01'), cli('invoices', '--period', '1999-01'),
      cli('invoices', '--period', '2025-1'),
    ]);
    const api = await server.call('GET', '/v1/invoices?period=2025-01', { token });
    const out = parseJson(json);
    assert.ok(api.body.items.length > 0);
    assert.deepEqual(out.items, api.body.items);
    assertOk(text);
    for (const s of api.body.items) {
      assert.match(text.stdout, new RegExp(`^Statement 2025-01 ${s.currency}: total ${escape(krw(s.total))}, ${s.lines.length} lines?$`, 'm'));
    }
    const first = api.body.items[0].lines[0];
    assert.match(text.stdout, new RegExp(`^  ${first.createdAt.slice(0, 10)}  ${first.kind} +${escape(krw(first.amount))}  ${first.customerId}  `, 'm'));
    assertOk(empty);
    assert.equal(empty.stdout, 'No statement for 1999-01.\n');
    assertFailure(bad, 2, /^resdesk: invoices: --period must be a month as YYYY-MM, got "2025-1"$/);
  });

  test('allowance and credits: server errors and the desk\'s lack of a ledger are one line', async () => {
    const [unknown, deskCredits, badSize] = await Promise.all([
      cli('allowance', '00000000-0000-4000-8000-000000000000'),
      desk('credits'),
      cli('credits', '--size', '0'),
    ]);
    assertFailure(unknown, 1, /^resdesk: \w*NotFound: /);
    assertFailure(deskCredits, 1, /^resdesk: AuthorizationFailed: /);
    assertFailure(badSize, 2, /^resdesk: credits: --size must be a whole number from 1 to 500, got "0"$/);
  });

  // Last: it moves the server's clock past a due time.
  test('requests list --overdue: a critical request is listed once its hour has passed', async () => {
    const customerId = picker.all[0]!.customerId;
    const created = parseJson(await cli('requests', 'create', '--customer', customerId, '--title', 'Urgent', '--description', 'Call me',
      '--severity', 'critical', '--phone', '+82 2 1234 5678', ...CONTACT_ARGS, '--json'));
    const listed = async () => parseJson(await desk('requests', 'list', '--overdue', '--severity', 'critical', '--json', '--size', '200')).items;
    assert.ok(!(await listed()).some((i: any) => i.id === created.id), 'not overdue yet');
    server.clock.set(new Date(Date.parse(created.dueAt) + 60_000));
    const overdue = await listed();
    assert.ok(overdue.some((i: any) => i.id === created.id), 'overdue now');
    assert.ok(overdue.every((i: any) => i.overdue === true && i.severity === 'critical'));
    const text = await cli('requests', 'list', '--overdue', '--customer', customerId);
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^${created.id}  ${created.number}  Open +critical  ${escape(created.dueAt.slice(0, 10))} ${created.dueAt.slice(11, 16)} UTC \\(overdue\\)  ${customerId}  Urgent$`, 'm'));
  });
});
