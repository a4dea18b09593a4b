import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';

export const CONTACT = {
  firstName: '민호', lastName: '이', primaryEmail: 'admin.agent@contoso-kr.example', additionalEmails: [],
  preferredContactMethod: 'email', preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};

describeEachEngine('support request for a return, approved by the provider desk', (engine) => {
  let server: TestServer;
  before(async () => { server = await startTestServer(engine); });
  after(async () => server?.close());

  test('create → approve → credited and on the statement', async () => {
    const token = await server.token(ADMIN_AGENT);
    const list = await server.call('GET', `/providers/Microsoft.Capacity/reservations?api-version=2022-11-01&take=50&$filter=${encodeURIComponent("properties/displayProvisioningState eq 'Succeeded' and properties/billingPlan eq 'Upfront' and properties/reservedResourceType eq 'VirtualMachines'")}`, { token });
    const r = list.body.value[0];
    const [orderId, reservationId] = r.name.split('/');
    const created = await server.call('POST', '/v1/supportRequests', {
      token,
      body: {
        basics: { issueType: 'Billing', title: 'Return 1 unit', description: 'Customer no longer needs it' },
        problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'moderate' },
        contact: CONTACT, reservationOrderId: orderId, reservationId,
        requestedAction: { type: 'return', quantity: 1, reason: 'Not needed' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'Open');
    assert.equal(created.body.reservationId, reservationId);
    assert.ok(created.body.quoteAtCreation.quote.netRefund.amount > 0);
    const support = await server.token('support@provider.example');
    const queue = await server.call('GET', '/v1/supportRequests?status=Open', { token: support });
    assert.ok(queue.body.items.some((i: any) => i.id === created.body.id));
    const approved = await server.call('POST', `/v1/supportRequests/${created.body.id}/approve`, { token: support });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'Resolved', JSON.stringify(approved.body));
    const credits = await server.call('GET', '/v1/credits', { token });
    assert.equal(credits.status, 200, JSON.stringify(credits.body));
    assert.ok(credits.body.items.some((e: any) => e.transactionId === approved.body.transactionId && e.amount.amountMinor > 0));
    const invoices = await server.call('GET', '/v1/invoices', { token });
    const lines = invoices.body.items.flatMap((s: any) => s.lines);
    assert.ok(lines.some((l: any) => l.transactionId === approved.body.transactionId && l.kind === 'refund' && l.amount.amountMinor < 0));
  });
});
