import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession } from './support/api-as.ts';
import {
  LANGS, capture, describeWithBrowser, expectAccessible, expectNoEnglish, openAs, startConsole, text,
  type Console,
} from './support/console.ts';

/**
 * Support requests and the provider desk in a real browser (issue 6), in Korean and English:
 *  - New support request / 새 지원 요청 from a reservation's menu: the three steps, a value the
 *    server refuses shown on its field (the error target), then Create;
 *  - Support requests: filters by status, severity and customer, a request's thread (add a
 *    message) and Close;
 *  - the support desk: the queue by status and severity, a request rejected with a reason (required).
 * Reservations and requests are picked or made through the API in each run, never hard-coded.
 */

const ADMIN = 'admin.agent@contoso-kr.example';
const DESK = 'support@provider.example';

const contact = {
  firstName: 'Ji-eun', lastName: 'Kim', primaryEmail: 'jieun.kim@contoso-kr.example', preferredContactMethod: 'email',
  preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};

describeWithBrowser('support requests and the support desk in the browser', () => {
  let consoleServer: Console;
  const { api } = apiSession(() => consoleServer.url);

  before(async () => { consoleServer = await startConsole(); });
  after(async () => { await consoleServer?.stop(); });

  /** A customer of Contoso with an active reservation (for the IDs a request carries). */
  async function pickReservation(skip = 0): Promise<{ customerId: string; companyName: string; orderId: string; reservationId: string }> {
    const customers = await api(ADMIN, 'GET', '/v1/customers?size=100');
    let seen = 0;
    for (const c of customers.items as Array<{ id: string; companyProfile: { companyName: string } }>) {
      const list = await api(ADMIN, 'GET', `/v1/customers/${c.id}/reservations?size=50`);
      for (const r of list.items as Array<{ id: string; properties: { provisioningState: string } }>) {
        if (r.properties.provisioningState !== 'Succeeded') continue;
        if (seen++ < skip) continue;
        const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(r.id)!;
        return { customerId: c.id, companyName: c.companyProfile.companyName, orderId: m[1]!.toLowerCase(), reservationId: m[2]!.toLowerCase() };
      }
    }
    throw new Error('no active reservation in the demo data');
  }

  async function newRequest(title: string, severity: string, extra: Record<string, unknown>): Promise<{ id: string; number: string }> {
    const body = {
      basics: { issueType: 'Billing', title, description: 'Made by the browser test.' },
      problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity },
      contact: severity === 'critical' ? { ...contact, phoneNumber: '+82 2 1234 5678' } : contact,
      ...extra,
    };
    return api(ADMIN, 'POST', '/v1/supportRequests', body);
  }

  for (const lang of LANGS) {
    test(`[${lang}] New support request from a reservation: three steps, a server refusal shown on its field, Create`, async () => {
      const r = await pickReservation(lang === 'ko' ? 0 : 1);
      const s = await openAs(consoleServer.url, ADMIN, lang);
      try {
        const { page } = s;
        await page.goto(`${consoleServer.url}/reservations/${r.orderId}/${r.reservationId}/support`);
        await page.getByRole('heading', { name: text(lang, 'support.new.title') }).waitFor();
        // The reservation's IDs are filled in.
        assert.equal(await page.getByLabel(text(lang, 'support.field.reservationId')).inputValue(), r.reservationId);
        assert.equal(await page.getByLabel(text(lang, 'support.field.reservationOrderId')).inputValue(), r.orderId);
        // Next without a title or description: refused on the fields.
        await page.getByRole('button', { name: text(lang, 'support.new.next') }).click();
        assert.equal(await page.getByText(text(lang, 'support.validation.required')).count(), 2);
        await page.getByLabel(text(lang, 'support.field.title')).fill(lang === 'ko' ? '예약 범위 문의' : 'Question about the scope');
        await page.getByLabel(text(lang, 'support.field.description')).fill(lang === 'ko' ? '범위를 바꾸는 방법을 알려 주세요.' : 'How do we change the scope?');
        await page.getByRole('button', { name: text(lang, 'support.new.next') }).click();
        await page.getByLabel(text(lang, 'support.field.category')).selectOption('ChangeScope');
        await page.getByRole('radio', { name: text(lang, 'support.severity.minimal') }).check();
        await page.getByRole('button', { name: text(lang, 'support.new.next') }).click();
        await page.getByLabel(text(lang, 'support.field.firstName')).fill('Ji-eun');
        await page.getByLabel(text(lang, 'support.field.lastName')).fill('Kim');
        await page.getByLabel(text(lang, 'support.field.primaryEmail')).fill('jieun.kim@contoso-kr.example');
        // ZZZ has the form of a country code but is none: only the server knows; its error lands on the field.
        await page.getByLabel(text(lang, 'support.field.country')).fill('ZZZ');
        await page.getByRole('button', { name: text(lang, 'support.new.create') }).click();
        await page.getByText(text(lang, 'support.validation.server.country')).waitFor({ timeout: 15_000 });
        assert.equal(await page.getByLabel(text(lang, 'support.field.country')).getAttribute('aria-invalid'), 'true');
        await capture(page, 'support-new-server-error', lang);
        await expectAccessible(page, `new support request, server error (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'new support request, server error (ko)');

        await page.getByLabel(text(lang, 'support.field.country')).fill('KOR');
        await page.getByRole('button', { name: text(lang, 'support.new.create') }).click();
        const link = page.locator('[data-testid="created-request-link"]');
        await link.waitFor({ timeout: 15_000 });
        const id = (await link.getAttribute('href'))!.split('/').pop()!;
        const created = await api(ADMIN, 'GET', `/v1/supportRequests/${id}`);
        assert.equal(created.category, 'ChangeScope');
        assert.equal(created.severity, 'minimal');
        assert.equal(created.contact.country, 'KOR');
        assert.equal(created.reservationId, r.reservationId);
        assert.equal(created.requestedAction, null, 'a request from the menu carries no return or exchange');
      } finally {
        await s.close();
      }
    });

    test(`[${lang}] Support requests: filters, a request's thread (add a message), Close`, async () => {
      const r = await pickReservation();
      const critical = await newRequest(`Critical ${lang} ${Date.now()}`, 'critical', { reservationOrderId: r.orderId, reservationId: r.reservationId });
      const minimal = await newRequest(`Minimal ${lang} ${Date.now()}`, 'minimal', { customerId: r.customerId });
      const s = await openAs(consoleServer.url, ADMIN, lang);
      try {
        const { page } = s;
        await page.goto(`${consoleServer.url}/support-requests`);
        await page.getByRole('heading', { name: text(lang, 'support.list.title'), level: 1 }).waitFor();
        await page.locator(`tr[data-request-id="${critical.id}"]`).waitFor();
        await page.locator(`tr[data-request-id="${minimal.id}"]`).waitFor();
        await capture(page, 'support-list', lang);
        await expectAccessible(page, `support list (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'support list (ko)');

        // Filters: severity, then customer and status; they are kept in the URL.
        await page.getByLabel(text(lang, 'support.field.severity')).selectOption('critical');
        await page.locator(`tr[data-request-id="${minimal.id}"]`).waitFor({ state: 'detached' });
        assert.ok(await page.locator(`tr[data-request-id="${critical.id}"]`).isVisible());
        assert.match(page.url(), /severity=critical/);
        await page.getByLabel(text(lang, 'support.field.severity')).selectOption('');
        await page.getByLabel(text(lang, 'support.field.customer')).selectOption(r.customerId);
        await page.getByLabel(text(lang, 'support.field.status')).selectOption('Open');
        await page.locator(`tr[data-request-id="${critical.id}"]`).waitFor();
        assert.match(page.url(), new RegExp(`customerId=${r.customerId}`));
        await page.getByLabel(text(lang, 'support.field.status')).selectOption('Closed');
        await page.locator(`tr[data-request-id="${critical.id}"]`).waitFor({ state: 'detached' });
        await capture(page, 'support-list-filtered', lang);

        // The request: thread, add a message, close.
        await page.goto(`${consoleServer.url}/support-requests/${critical.id}`);
        await page.getByRole('heading', { name: new RegExp(critical.number), level: 1 }).waitFor();
        const message = lang === 'ko' ? '추가 정보를 첨부합니다.' : 'Adding more details.';
        await page.getByLabel(text(lang, 'support.thread.add')).fill(message);
        await page.getByRole('button', { name: text(lang, 'support.thread.send') }).click();
        await page.locator('[data-testid="thread"]').getByText(message).waitFor();
        await capture(page, 'support-request-thread', lang);
        await expectAccessible(page, `support request thread (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'support request thread (ko)');

        await page.locator('[data-testid="close-request"]').click();
        await page.getByRole('dialog').getByText(text(lang, 'support.detail.closeBody', { number: critical.number })).waitFor();
        await page.getByRole('dialog').getByRole('button', { name: text(lang, 'support.detail.close') }).click();
        await page.locator('[data-status="Closed"]').first().waitFor();
        assert.equal(await page.locator('[data-testid="close-request"]').getAttribute('aria-disabled'), 'true', 'a closed request cannot be closed again');
        assert.equal((await api(ADMIN, 'GET', `/v1/supportRequests/${critical.id}`)).status, 'Closed');
        await capture(page, 'support-request-closed', lang);
        // Checked after a reload: a Fluent dialog, once opened, leaves Tabster's focus sentinels on the body.
        await page.reload();
        await page.locator('[data-status="Closed"]').first().waitFor();
        await expectAccessible(page, `support request closed (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'support request closed (ko)');
      } finally {
        await s.close();
      }
    });

    test(`[${lang}] Support desk: the queue by status and severity; reject with a reason (required)`, async () => {
      const r = await pickReservation(2);
      const request = await newRequest(`Desk ${lang} ${Date.now()}`, 'moderate', {
        reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: { type: 'return', quantity: 1 },
      });
      const s = await openAs(consoleServer.url, DESK, lang);
      try {
        const { page } = s;
        await page.goto(`${consoleServer.url}/desk`);
        await page.getByRole('heading', { name: text(lang, 'desk.title'), level: 1 }).waitFor();
        const row = page.locator(`tr[data-request-id="${request.id}"]`);
        await row.waitFor();
        await page.getByLabel(text(lang, 'support.field.severity')).selectOption('critical');
        await row.waitFor({ state: 'detached' });
        await page.getByLabel(text(lang, 'support.field.severity')).selectOption('moderate');
        await row.waitFor();
        await capture(page, 'desk-queue-filtered', lang);

        await row.getByRole('link', { name: request.number }).click();
        await page.waitForURL(new RegExp(`/desk/${request.id}$`));
        await page.locator('[data-testid="desk-net-refund"]').waitFor();
        await page.locator('[data-testid="desk-reject"]').click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('[data-testid="desk-confirm"]').click();
        await dialog.getByText(text(lang, 'desk.rejectReasonRequired')).waitFor();
        await capture(page, 'desk-reject-reason-required', lang);
        const reason = lang === 'ko' ? '고객이 요청을 철회했습니다.' : 'The customer withdrew the request.';
        await dialog.getByLabel(text(lang, 'desk.rejectReason')).fill(reason);
        await dialog.locator('[data-testid="desk-confirm"]').click();
        await page.locator('[data-status="Rejected"]').first().waitFor({ timeout: 15_000 });
        await page.locator('[data-testid="desk-status-reason"]').getByText(reason).waitFor();
        const after = await api(ADMIN, 'GET', `/v1/supportRequests/${request.id}`);
        assert.equal(after.status, 'Rejected');
        assert.equal(after.statusReason, reason);
        assert.equal(after.transactionId, null, 'a rejection carries nothing out');
        await capture(page, 'desk-rejected', lang);
        await page.reload();
        await page.locator('[data-status="Rejected"]').first().waitFor();
        assert.equal(await page.locator('[data-testid="desk-approve"]').getAttribute('aria-disabled'), 'true', 'a finished request cannot be approved');
        await expectAccessible(page, `desk rejected (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'desk rejected (ko)');
      } finally {
        await s.close();
      }
    });
  }
});
