import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import {
  allCredits, allowanceOf, buy, countRows, GLOBAL_ADMIN, isActive, patchPolicy, Picker, quoteRefund, refundBody, SUPPORT,
  supportRequestBody, tokenOf, usdCentsForKrw, type Res,
} from './money-helpers.ts';

/** Support requests (rules §7): field checks, lifecycle, who approves, due times, and approvals that execute. */

const HOUR = 3_600_000;

describeEachEngine('support requests: validation, lifecycle, approval and due times', (engine) => {
  let server: TestServer;
  let picker: Picker;
  let fabrikam: Picker;
  before(async () => {
    server = await startTestServer(engine);
    picker = await Picker.load(server, await tokenOf(server, ADMIN_AGENT));
    fabrikam = await Picker.load(server, await tokenOf(server, FABRIKAM_AGENT));
  });
  after(async () => server?.close());

  const create = async (body: unknown, email = ADMIN_AGENT) => server.call('POST', '/v1/supportRequests', { token: await tokenOf(server, email), body });
  const created = async (body: unknown, email = ADMIN_AGENT) => {
    const res = await create(body, email);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const act = async (email: string, id: string, verb: 'approve' | 'reject' | 'close' | 'messages', body?: unknown, headers?: Record<string, string>) =>
    server.call('POST', `/v1/supportRequests/${id}/${verb}`, { token: await tokenOf(server, email), body, headers });
  const get = async (email: string, id: string) => server.call('GET', `/v1/supportRequests/${id}`, { token: await tokenOf(server, email) });
  const reservationState = async (r: Res) => {
    const res = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.reservationId}?api-version=2022-11-01`, { token: await tokenOf(server, ADMIN_AGENT) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.properties.provisioningState as string;
  };
  const vm = (what = 'active upfront VM', extra: (r: Res) => boolean = () => true) =>
    picker.take(what, (x) => isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront' && extra(x));

  test('field validation: each bad field is a 400 whose target names it', async () => {
    const customerId = picker.all[0]!.customerId;
    const cases: Array<[string, unknown, string]> = [
      ['missing title', (() => { const b = supportRequestBody({ extra: { customerId } }); delete (b.basics as any).title; return b; })(), 'basics.title'],
      ['blank title', supportRequestBody({ basics: { title: '   ' }, extra: { customerId } }), 'basics.title'],
      ['bad e-mail', supportRequestBody({ contact: { primaryEmail: 'not-an-address' }, extra: { customerId } }), 'contact.primaryEmail'],
      ['bad additional e-mail', supportRequestBody({ contact: { additionalEmails: ['ok@example.com', 'nope'] }, extra: { customerId } }), 'contact.additionalEmails.1'],
      ['phone method without a number', supportRequestBody({ contact: { preferredContactMethod: 'phone' }, extra: { customerId } }), 'contact.phoneNumber'],
      ['critical without a number', supportRequestBody({ problem: { severity: 'critical' }, extra: { customerId } }), 'contact.phoneNumber'],
      ['alpha-2 country', supportRequestBody({ contact: { country: 'KR' }, extra: { customerId } }), 'contact.country'],
      ['unknown alpha-3 country', supportRequestBody({ contact: { country: 'XYZ' }, extra: { customerId } }), 'contact.country'],
      ['bad time zone', supportRequestBody({ contact: { preferredTimeZone: 'Mars/Olympus_Mons' }, extra: { customerId } }), 'contact.preferredTimeZone'],
      ['bad language', supportRequestBody({ contact: { preferredSupportLanguage: 'korean' }, extra: { customerId } }), 'contact.preferredSupportLanguage'],
      ['bad severity', supportRequestBody({ problem: { severity: 'urgent' }, extra: { customerId } }), 'problem.severity'],
    ];
    for (const [what, body, target] of cases) {
      const res = await create(body);
      assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.target, target, `${what}: ${JSON.stringify(res.body.error)}`);
      assert.ok(res.body.error.details.some((d: any) => d.target === target), what);
    }
    const withPhone = await create(supportRequestBody({ problem: { severity: 'critical' }, contact: { preferredContactMethod: 'phone', phoneNumber: '+82 2 1234 5678' }, extra: { customerId } }));
    assert.equal(withPhone.status, 201, `a critical request with a phone number is accepted: ${JSON.stringify(withPhone.body)}`);
    const noCustomer = await create(supportRequestBody());
    assert.equal(noCustomer.status, 400, JSON.stringify(noCustomer.body));
    assert.equal(noCustomer.body.error.target, 'customerId');
  });

  test('lifecycle: Open → InProgress → WaitingForPartner → InProgress → Closed, then every change is 409', async () => {
    const customerId = picker.all[1]!.customerId;
    const sr = await created(supportRequestBody({ basics: { title: 'Question about a refund' }, extra: { customerId } }));
    assert.equal(sr.status, 'Open');
    assert.equal(sr.customerId, customerId);
    // Messages stamped in the same instant have no defined order; let a second pass between them.
    const tick = () => server.clock.set(new Date(server.clock.now().getTime() + 1000));
    let res = await act(SUPPORT, sr.id, 'messages', { body: 'Looking into it' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'InProgress');
    tick();
    res = await act(SUPPORT, sr.id, 'messages', { body: 'Which reservation?', awaitPartner: true });
    assert.equal(res.body.status, 'WaitingForPartner');
    res = await act(ADMIN_AGENT, sr.id, 'messages', { body: 'Never mind', awaitPartner: true });
    assert.equal(res.status, 403, 'only the desk waits for the partner');
    tick();
    res = await act(ADMIN_AGENT, sr.id, 'messages', { body: 'This one' });
    assert.equal(res.body.status, 'InProgress');
    assert.deepEqual(res.body.messages.map((m: any) => m.authorKind), ['provider', 'provider', 'partner']);
    res = await act(SUPPORT, sr.id, 'close');
    assert.equal(res.status, 403, 'the partner closes its own requests');
    res = await act(ADMIN_AGENT, sr.id, 'close');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'Closed');
    assert.ok(res.body.closedAt);
    for (const [email, verb, body] of [
      [ADMIN_AGENT, 'messages', { body: 'one more thing' }], [SUPPORT, 'messages', { body: 'reopen?' }],
      [ADMIN_AGENT, 'close', undefined], [SUPPORT, 'approve', undefined], [SUPPORT, 'reject', { reason: 'late' }],
    ] as const) {
      const r = await act(email, sr.id, verb, body);
      assert.equal(r.status, 409, `${verb} by ${email}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, 'SupportRequestClosed');
    }
    assert.equal((await get(ADMIN_AGENT, sr.id)).body.status, 'Closed');
  });

  test('approve and reject only by the provider desk; a rejection keeps the reservation and records the reason', async () => {
    const r = vm();
    const sr = await created(supportRequestBody({ extra: { reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: { type: 'return', quantity: 1, reason: 'Not needed' } } }));
    assert.equal(sr.reservationOrderId, r.orderId);
    assert.equal(sr.requestedAction.type, 'return');
    assert.deepEqual(sr.quoteAtCreation.policyErrors, []);
    for (const email of [ADMIN_AGENT, GLOBAL_ADMIN, FABRIKAM_AGENT]) {
      for (const verb of ['approve', 'reject'] as const) {
        const res = await act(email, sr.id, verb, verb === 'reject' ? { reason: 'no' } : undefined);
        assert.ok(res.status === 403 || (email === FABRIKAM_AGENT && res.status === 404), `${verb} by ${email}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    const missingReason = await act(SUPPORT, sr.id, 'reject', {});
    assert.equal(missingReason.status, 400);
    const res = await act(SUPPORT, sr.id, 'reject', { reason: 'The reservation is used at 95%; keep it.' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'Rejected');
    assert.equal(res.body.statusReason, 'The reservation is used at 95%; keep it.');
    assert.equal(res.body.transactionId, null);
    assert.ok(res.body.messages.some((m: any) => m.body.includes('The reservation is used at 95%')));
    assert.equal(await reservationState(r), 'Succeeded');
    const partnerView = await get(ADMIN_AGENT, sr.id);
    assert.equal(partnerView.body.status, 'Rejected');
  });

  test('approval after the cap was consumed meanwhile: nothing executes and the request stays InProgress with RefundLimitExceeded', async () => {
    const customerId = picker.untouchedCustomers().find((c) => picker.all.filter((x) => x.customerId === c && isActive(x) && x.type === 'VirtualMachines' && x.plan === 'Upfront').length >= 2);
    assert.ok(customerId, 'a customer with two returnable VMs');
    const requested = vm('VM of the request', (x) => x.customerId === customerId);
    const other = vm('VM returned meanwhile', (x) => x.customerId === customerId);
    const token = await tokenOf(server, ADMIN_AGENT);
    const sr = await created(supportRequestBody({ extra: { reservationOrderId: requested.orderId, reservationId: requested.reservationId, requestedAction: { type: 'return', quantity: requested.quantity } } }));
    assert.deepEqual(sr.quoteAtCreation.policyErrors, []);
    const cReq = sr.quoteAtCreation.quote.cancelledCommitment.amountMinor;
    const before = await allowanceOf(server, token, customerId);
    const q = await quoteRefund(server, token, other, other.quantity);
    const cOther = q.quote.cancelledCommitment.amountMinor;
    // Room for the other return, but not for both.
    await patchPolicy(server, { refundCapUsdCents: usdCentsForKrw(before.consumed.amountMinor + cOther + Math.floor(cReq / 2)) });
    try {
      const ret = await server.call('POST', '/v1/refunds', { token, body: refundBody(q) });
      assert.equal(ret.status, 201, `the other return fits: ${JSON.stringify(ret.body)}`);
      const credits = await countRows(server, 'credit_entries');
      const transactions = await countRows(server, 'money_transactions');
      const res = await act(SUPPORT, sr.id, 'approve');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.status, 'InProgress');
      assert.ok(res.body.statusReason?.startsWith('RefundLimitExceeded'), res.body.statusReason);
      assert.equal(res.body.transactionId, null);
      assert.equal(res.body.closedAt, null);
      assert.equal(await reservationState(requested), 'Succeeded', 'nothing was executed');
      assert.equal(await countRows(server, 'credit_entries'), credits);
      assert.equal(await countRows(server, 'money_transactions'), transactions);
      assert.equal((await allowanceOf(server, token, customerId)).consumed.amountMinor, before.consumed.amountMinor + cOther);
    } finally {
      await patchPolicy(server, { refundCapUsdCents: 5_000_000 });
    }
    const again = await act(SUPPORT, sr.id, 'approve');
    assert.equal(again.body.status, 'Resolved', `with room again the desk can approve: ${JSON.stringify(again.body)}`);
    assert.ok(again.body.transactionId);
    assert.equal(await reservationState(requested), 'Cancelled');
  });

  test('approval of an exchange request executes the exchange', async () => {
    const r = vm('active upfront VM with 2+ units', (x) => x.quantity >= 2);
    const token = await tokenOf(server, ADMIN_AGENT);
    const exchange = (quantity: number) => ({
      type: 'exchange',
      returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: r.quantity }],
      purchases: [{ offerId: 'VirtualMachines:Standard_D16s_v5:koreacentral', quantity, termDuration: 'P3Y', subscriptionId: r.subscriptionId }],
    });
    const probe = await server.call('POST', '/v1/exchanges/quote', { token, body: { returns: exchange(1).returns, purchases: exchange(1).purchases } });
    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    const quantity = Math.floor(probe.body.quote.remainingCommitment.amountMinor / probe.body.quote.purchasesTotal.amountMinor) + 1;
    const sr = await created(supportRequestBody({ basics: { title: 'Exchange' }, extra: { reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: exchange(quantity) } }));
    assert.deepEqual(sr.quoteAtCreation.quote.policyErrors, []);
    assert.equal(await reservationState(r), 'Succeeded', 'raising the request changes nothing');
    const res = await act(SUPPORT, sr.id, 'approve');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'Resolved', JSON.stringify(res.body));
    assert.ok(res.body.transactionId);
    assert.equal(await reservationState(r), 'Cancelled');
    const entries = (await allCredits(server, token)).items.filter((e) => e.transactionId === res.body.transactionId);
    assert.deepEqual(entries.map((e) => e.kind).sort(), ['exchangePurchase', 'exchangeRefund']);
    const op = await server.call('GET', `/providers/Microsoft.Capacity/operationResults/${res.body.transactionId}?api-version=2022-11-01`, { token });
    assert.equal(op.status, 200, JSON.stringify(op.body));
    assert.equal(op.body.properties.reservationsToPurchase[0].properties.properties.quantity, quantity);
  });

  test('a Databricks return (not self-service) is approved by the desk', async () => {
    const customerId = picker.untouchedCustomers()[0];
    assert.ok(customerId);
    const anchor = picker.take('a reservation of the customer', (x) => x.customerId === customerId);
    const token = await tokenOf(server, ADMIN_AGENT);
    const [bought] = await buy(server, token, customerId, anchor.subscriptionId, [{ offerId: 'Databricks:Databricks_Premium_25000_DBCU:koreacentral' }]);
    const r = { orderId: bought!.orderId, reservationId: bought!.reservationId };
    const ids = { reservationOrderId: r.orderId, reservationId: r.reservationId };
    const self = await quoteRefund(server, token, r, 1);
    assert.deepEqual(self.policyErrors.map((e: any) => e.code), ['SelfServiceRefundNotSupported']);
    const refused = await server.call('POST', '/v1/refunds', { token, body: refundBody(self) });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'SelfServiceRefundNotSupported');
    const before = await allowanceOf(server, token, customerId);
    const sr = await created(supportRequestBody({ extra: { ...ids, requestedAction: { type: 'return', quantity: 1, reason: 'Pre-purchase not used' } } }));
    const res = await act(SUPPORT, sr.id, 'approve');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'Resolved', JSON.stringify(res.body));
    assert.equal(await reservationState({ ...anchor, ...r }), 'Cancelled');
    const credit = (await allCredits(server, token)).items.find((e) => e.transactionId === res.body.transactionId);
    assert.equal(credit?.kind, 'refund');
    assert.equal(credit?.amount.amountMinor, self.quote.netRefund.amountMinor);
    const after = await allowanceOf(server, token, customerId);
    assert.equal(after.consumed.amountMinor - before.consumed.amountMinor, self.quote.cancelledCommitment.amountMinor, 'a desk-approved return counts toward the cap');
  });

  test('the support engineer sees every partner\'s queue but no customers; partners see only their own', async () => {
    const c = picker.take('a Contoso reservation', (x) => isActive(x));
    const f = fabrikam.take('a Fabrikam reservation', (x) => isActive(x));
    const contosoSr = await created(supportRequestBody({ basics: { title: 'Contoso question' }, extra: { customerId: c.customerId } }));
    const fabrikamSr = await created(supportRequestBody({
      basics: { title: 'Fabrikam question' }, contact: { primaryEmail: FABRIKAM_AGENT, preferredTimeZone: 'America/New_York', preferredSupportLanguage: 'en-US', country: 'USA' },
      extra: { customerId: f.customerId },
    }), FABRIKAM_AGENT);
    const list = async (email: string) => {
      const res = await server.call('GET', '/v1/supportRequests?size=200', { token: await tokenOf(server, email) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items.map((i: any) => i.id) as string[];
    };
    const desk = await list(SUPPORT);
    assert.ok(desk.includes(contosoSr.id) && desk.includes(fabrikamSr.id), 'the desk sees both partners');
    const contoso = await list(ADMIN_AGENT);
    assert.ok(contoso.includes(contosoSr.id) && !contoso.includes(fabrikamSr.id));
    const fab = await list(FABRIKAM_AGENT);
    assert.ok(fab.includes(fabrikamSr.id) && !fab.includes(contosoSr.id));
    assert.equal((await get(FABRIKAM_AGENT, contosoSr.id)).status, 404);
    assert.equal((await get(ADMIN_AGENT, fabrikamSr.id)).status, 404);
    assert.equal((await get(SUPPORT, fabrikamSr.id)).status, 200);

    const support = await tokenOf(server, SUPPORT);
    const customers = await server.call('GET', '/v1/customers', { token: support });
    assert.equal(customers.status, 200, JSON.stringify(customers.body));
    assert.equal(customers.body.totalCount, 0, 'the desk lists no customers');
    for (const id of [c.customerId, f.customerId]) {
      const one = await server.call('GET', `/v1/customers/${id}`, { token: support });
      assert.equal(one.status, 404, JSON.stringify(one.body));
      assert.equal((await server.call('GET', `/v1/customers/${id}/reservations`, { token: support })).status, 404);
    }
    const create = await server.call('POST', '/v1/supportRequests', { token: support, body: supportRequestBody({ extra: { customerId: c.customerId } }) });
    assert.equal(create.status, 403, 'the desk does not raise requests');
  });

  // Last: moves the clock a day forward.
  test('due time from severity (critical 1 h, moderate 8 h, minimal 24 h), overdue flag and ?overdue=true', async () => {
    const customerId = picker.all[2]!.customerId;
    const t0 = server.clock.now().getTime();
    const make = (severity: string) => created(supportRequestBody({
      basics: { title: `${severity} request` }, problem: { severity },
      contact: severity === 'critical' ? { phoneNumber: '+82 10 1234 5678' } : {}, extra: { customerId },
    }));
    const critical = await make('critical');
    const moderate = await make('moderate');
    const minimal = await make('minimal');
    const closedEarly = await make('critical');
    assert.equal(Date.parse(critical.dueAt) - t0, 1 * HOUR);
    assert.equal(Date.parse(moderate.dueAt) - t0, 8 * HOUR);
    assert.equal(Date.parse(minimal.dueAt) - t0, 24 * HOUR);
    for (const sr of [critical, moderate, minimal]) assert.equal(sr.overdue, false);
    assert.equal((await act(ADMIN_AGENT, closedEarly.id, 'close')).body.status, 'Closed');

    const overdueIds = async (email = SUPPORT) => {
      const res = await server.call('GET', '/v1/supportRequests?overdue=true&size=200', { token: await tokenOf(server, email) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.every((i: any) => i.overdue === true), 'every listed request is overdue');
      return new Set<string>(res.body.items.map((i: any) => i.id));
    };
    const at = async (offset: number, expected: Record<string, boolean>) => {
      server.clock.set(new Date(t0 + offset));
      const listed = await overdueIds();
      const partnerListed = await overdueIds(ADMIN_AGENT);
      for (const [name, sr] of Object.entries({ critical, moderate, minimal, closedEarly })) {
        const want = expected[name] ?? false;
        assert.equal(listed.has(sr.id), want, `${name} listed as overdue at +${offset / 60_000} min`);
        assert.equal(partnerListed.has(sr.id), want, `${name} in the partner's overdue list at +${offset / 60_000} min`);
        assert.equal((await get(SUPPORT, sr.id)).body.overdue, want, `${name}.overdue at +${offset / 60_000} min`);
      }
    };
    await at(59 * 60_000, {});
    await at(1 * HOUR, { critical: true });
    await at(8 * HOUR - 60_000, { critical: true });
    await at(8 * HOUR + 60_000, { critical: true, moderate: true });
    await at(24 * HOUR + 60_000, { critical: true, moderate: true, minimal: true });
    // A final status is never overdue.
    assert.equal((await act(ADMIN_AGENT, moderate.id, 'close')).body.overdue, false);
    await at(24 * HOUR + 60_000, { critical: true, minimal: true });
  });
});
