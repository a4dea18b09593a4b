import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiSession, idsOf } from './support/api-as.ts';
import {
  LANGS, capture, describeWithBrowser, expectAccessible, expectNoEnglish, openAs, startConsole, text,
  type Console, type Lang,
} from './support/console.ts';

/**
 * Return and Exchange in a real browser (issue 6 tests 1, 2 and 6), in Korean and English, against
 * the real server with the demo data. Reservations are picked through the API in each run (every
 * run changes data: what one language returned is gone for the other), never hard-coded.
 *  1. admin agent: a reservation's 반환/Return → live quote → the support request created with
 *     청구 / 예약 관리 / 교환 및 환불 and the reservation's IDs → support@provider.example approves it
 *     on the desk → the credit is on the partner's ledger and shown in Billing.
 *  2. admin agent: exchange two reservations for one new one of the same type (net payable and the
 *     commitment rule shown, exchanged now); a cross-type choice is explained and blocked.
 *  6. helpdesk agent: Return and Exchange disabled with the reason, on the command bar and on the pages.
 */

const ADMIN = 'admin.agent@contoso-kr.example';
const HELPDESK = 'helpdesk.agent@contoso-kr.example';
const DESK = 'support@provider.example';
const LOCALE: Record<Lang, string> = { ko: 'ko-KR', en: 'en-US' };

interface Money { currencyCode: string; amount: number; amountMinor: number }
interface Row {
  id: string;
  name: string;
  location: string;
  sku: { name: string };
  properties: { displayName: string; quantity: number; reservedResourceType: string; provisioningState: string; billingPlan: string; term: string };
  allowedActions: Record<string, { allowed: boolean; reason?: string }>;
}

/** The console shows money with Intl in the UI language (KRW no decimals, USD two). */
function formatted(lang: Lang, m: Money): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: m.currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: m.currencyCode, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(m.amount);
}

describeWithBrowser('Return and Exchange in the browser', () => {
  let consoleServer: Console;
  const { api } = apiSession(() => consoleServer.url);
  /** Reservations a test already used (returned or exchanged), so no other run picks them. */
  const used = new Set<string>();

  before(async () => { consoleServer = await startConsole(); });
  after(async () => { await consoleServer?.stop(); });

  /** Every active reservation of Contoso's customers, with the admin agent's allowed actions. */
  async function contosoReservations(): Promise<Array<{ customerId: string; row: Row }>> {
    const customers = await api(ADMIN, 'GET', '/v1/customers?size=100');
    const out: Array<{ customerId: string; row: Row }> = [];
    for (const c of customers.items as Array<{ id: string }>) {
      const list = await api(ADMIN, 'GET', `/v1/customers/${c.id}/reservations?size=500`);
      for (const row of list.items as Row[]) {
        if (row.properties.provisioningState === 'Succeeded' && !used.has(idsOf(row).reservationId)) out.push({ customerId: c.id, row });
      }
    }
    return out;
  }

  /** A fresh upfront VM reservation the admin agent may return, whose 1-unit return quotes without policy errors. */
  async function pickReturnable(): Promise<{ orderId: string; reservationId: string; quote: any }> {
    for (const { row } of await contosoReservations()) {
      if (row.properties.reservedResourceType !== 'VirtualMachines' || row.properties.billingPlan !== 'Upfront' || !row.allowedActions.return?.allowed) continue;
      const ids = idsOf(row);
      const quote = await api(ADMIN, 'POST', '/v1/refunds/quote', { reservationOrderId: ids.orderId, reservationId: ids.reservationId, quantity: 1 });
      if (quote.policyErrors.length === 0 && quote.quote.netRefund.amountMinor > 0) {
        used.add(ids.reservationId);
        return { ...ids, quote };
      }
    }
    throw new Error('no returnable reservation left in the demo data');
  }

  async function waitForText(page: Page, testId: string, expected: string): Promise<void> {
    const el = page.locator(`[data-testid="${testId}"]`);
    await el.waitFor();
    await page.waitForFunction(([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(want!) ?? false, [testId, expected] as const, { timeout: 15_000 })
      .catch(async () => assert.fail(`${testId}: expected ${expected}, got ${await el.innerText()}`));
  }

  async function selectedText(page: Page, label: string): Promise<string> {
    return page.getByLabel(label).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '');
  }

  for (const lang of LANGS) {
    test(`[${lang}] test 1: Return → quote → support request (청구 / 예약 관리 / 교환 및 환불) → the desk approves → the credit in Billing`, async () => {
      const target = await pickReturnable();
      const { orderId, reservationId } = target;
      const admin = await openAs(consoleServer.url, ADMIN, lang);
      let number = '';
      let requestId = '';
      try {
        const { page } = admin;
        // From the reservation's Overview, the command bar's 반환/Return opens the Return section.
        await page.goto(`${consoleServer.url}/reservations/${orderId}/${reservationId}/overview`);
        await page.locator('[data-command="return"]').click();
        await page.waitForURL(new RegExp(`/reservations/${orderId}/${reservationId}/return$`));
        await page.getByRole('heading', { name: text(lang, 'money.return.title'), level: 2 }).waitFor();

        // The live quote of one unit: what the API quotes, formatted in the UI language.
        await waitForText(page, 'quote-net', formatted(lang, target.quote.quote.netRefund));
        await waitForText(page, 'quote-gross', formatted(lang, target.quote.quote.grossRefund));
        await waitForText(page, 'allowance-before', formatted(lang, target.quote.allowanceBefore.remaining));
        await waitForText(page, 'allowance-after', formatted(lang, target.quote.allowanceAfter.remaining));
        assert.equal(await page.locator('[data-testid="policy-errors"]').count(), 0);
        await page.getByLabel(text(lang, 'money.return.reason')).fill(lang === 'ko' ? '워크로드 축소' : 'Workload scaled down');
        await capture(page, 'return-quote', lang);
        await expectAccessible(page, `return quote (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'return quote (ko)');

        // A quantity beyond the reservation is refused in plain words.
        // (The spin button keeps the quantity within 1..quantity, so the quote stays valid.)

        // Create the support request: the wizard is prefilled Billing / Reservation management / Exchange and refund.
        await page.getByRole('button', { name: text(lang, 'money.return.createRequest') }).click();
        await page.getByRole('heading', { name: text(lang, 'support.new.title') }).waitFor();
        assert.equal(await selectedText(page, text(lang, 'support.field.issueType')), text(lang, 'support.issueType.Billing'));
        assert.equal(await page.getByLabel(text(lang, 'support.field.reservationId')).inputValue(), reservationId);
        assert.equal(await page.getByLabel(text(lang, 'support.field.reservationOrderId')).inputValue(), orderId);
        assert.ok((await page.getByLabel(text(lang, 'support.field.title')).inputValue()).length > 0, 'the title is prefilled');
        await capture(page, 'support-new-basics', lang);
        await expectAccessible(page, `new support request, basics (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'new support request, basics (ko)');
        await page.getByRole('button', { name: text(lang, 'support.new.next') }).click();

        await page.getByRole('heading', { name: text(lang, 'support.step.problem'), level: 3 }).waitFor();
        assert.equal(await selectedText(page, text(lang, 'support.field.problemType')), text(lang, 'support.problemType.ReservationManagement'));
        assert.equal(await selectedText(page, text(lang, 'support.field.category')), text(lang, 'support.category.ExchangeAndRefund'));
        if (lang === 'ko') {
          assert.equal(text('ko', 'support.issueType.Billing'), '청구');
          assert.equal(text('ko', 'support.problemType.ReservationManagement'), '예약 관리');
          assert.equal(text('ko', 'support.category.ExchangeAndRefund'), '교환 및 환불');
        }
        await capture(page, 'support-new-problem', lang);
        await expectAccessible(page, `new support request, problem (${lang})`);
        await page.getByRole('button', { name: text(lang, 'support.new.next') }).click();

        // Contact information (rules §7): Create with the names missing is refused on the fields.
        await page.getByRole('heading', { name: text(lang, 'support.step.contact'), level: 3 }).waitFor();
        await page.getByLabel(text(lang, 'support.field.primaryEmail')).fill('minho.lee@contoso-kr.example');
        await page.getByRole('button', { name: text(lang, 'support.new.create') }).click();
        await page.getByText(text(lang, 'support.validation.required')).first().waitFor();
        assert.ok(await page.getByText(text(lang, 'support.validation.required')).count() >= 2, 'first and last name are required');
        await page.getByLabel(text(lang, 'support.field.firstName')).fill('Minho');
        await page.getByLabel(text(lang, 'support.field.lastName')).fill('Lee');
        // Phone as the contact method needs a number.
        await page.getByRole('radio', { name: text(lang, 'support.contactMethod.phone') }).check();
        await page.getByRole('button', { name: text(lang, 'support.new.create') }).click();
        await page.getByText(text(lang, 'support.validation.phoneRequired')).waitFor();
        await page.getByLabel(text(lang, 'support.field.phoneNumber')).fill('+82 2 1234 5678');
        await capture(page, 'support-new-contact', lang);
        await expectAccessible(page, `new support request, contact (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'new support request, contact (ko)');
        await page.getByRole('button', { name: text(lang, 'support.new.create') }).click();

        const link = page.locator('[data-testid="created-request-link"]');
        await link.waitFor({ timeout: 15_000 });
        requestId = (await link.getAttribute('href'))!.split('/').pop()!;
        const created = await api(ADMIN, 'GET', `/v1/supportRequests/${requestId}`);
        number = created.number;
        assert.equal(created.issueType, 'Billing');
        assert.equal(created.problemType, 'ReservationManagement');
        assert.equal(created.category, 'ExchangeAndRefund');
        assert.equal(created.reservationId, reservationId);
        assert.equal(created.reservationOrderId, orderId);
        assert.deepEqual({ type: created.requestedAction.type, quantity: created.requestedAction.quantity }, { type: 'return', quantity: 1 });
        assert.equal(created.contact.phoneNumber, '+82 2 1234 5678');
        await page.getByText(text(lang, 'support.new.created', { number })).waitFor();
        await capture(page, 'support-new-created', lang);

        // The request's page shows Billing / Reservation management / Exchange and refund and both IDs.
        await link.click();
        await page.waitForURL(new RegExp(`/support-requests/${requestId}$`));
        await waitForText(page, 'sr-issue-type', text(lang, 'support.issueType.Billing'));
        await waitForText(page, 'sr-problem-type', text(lang, 'support.problemType.ReservationManagement'));
        await waitForText(page, 'sr-category', text(lang, 'support.category.ExchangeAndRefund'));
        await waitForText(page, 'sr-reservation-id', reservationId);
        await waitForText(page, 'sr-order-id', orderId);
        await capture(page, 'support-request-open', lang);
        await expectAccessible(page, `support request (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'support request (ko)');
      } finally {
        await admin.close();
      }

      // support@provider.example approves it on the desk: the return is carried out.
      const desk = await openAs(consoleServer.url, DESK, lang);
      try {
        const { page } = desk;
        await page.goto(`${consoleServer.url}/desk`);
        await page.getByRole('heading', { name: text(lang, 'desk.title'), level: 1 }).waitFor();
        const row = page.locator(`tr[data-request-id="${requestId}"]`);
        await row.waitFor();
        await capture(page, 'desk-queue', lang);
        await expectAccessible(page, `desk queue (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'desk queue (ko)');
        await row.getByRole('link', { name: number }).click();
        await page.waitForURL(new RegExp(`/desk/${requestId}$`));
        await waitForText(page, 'desk-net-refund', formatted(lang, target.quote.quote.netRefund));
        await capture(page, 'desk-request', lang);
        await expectAccessible(page, `desk request (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'desk request (ko)');
        await page.locator('[data-testid="desk-approve"]').click();
        await page.getByRole('dialog').getByText(text(lang, 'desk.approveReturn', { quantity: 1, amount: formatted(lang, target.quote.quote.netRefund) })).waitFor();
        await page.locator('[data-testid="desk-confirm"]').click();
        await page.locator('[data-testid="desk-approved"]').waitFor({ timeout: 15_000 });
        await page.locator('[data-status="Resolved"]').first().waitFor();
        await capture(page, 'desk-approved', lang);
        // Checked after a reload: a Fluent dialog, once opened, leaves Tabster's focus sentinels on the body.
        await page.reload();
        await page.locator('[data-status="Resolved"]').first().waitFor();
        await expectAccessible(page, `desk approved (${lang})`);
      } finally {
        await desk.close();
      }

      // The credit is on the partner's ledger (API) and appears in Billing (the console).
      const resolved = await api(ADMIN, 'GET', `/v1/supportRequests/${requestId}`);
      assert.equal(resolved.status, 'Resolved');
      assert.ok(resolved.transactionId, 'the approval carried out the return');
      const credits = await api(ADMIN, 'GET', '/v1/credits?size=500');
      const entry = (credits.items as Array<{ transactionId: string; amount: Money; kind: string }>).find((e) => e.transactionId === resolved.transactionId);
      assert.ok(entry, 'a credit entry of the approved return');
      assert.equal(entry.amount.amountMinor, target.quote.quote.netRefund.amountMinor, 'credited exactly the quoted refund');

      const billing = await openAs(consoleServer.url, ADMIN, lang);
      try {
        const { page } = billing;
        await page.goto(`${consoleServer.url}/billing`);
        await page.getByText(formatted(lang, target.quote.quote.netRefund)).first().waitFor({ timeout: 20_000 });
        await capture(page, 'billing-after-return', lang);
      } finally {
        await billing.close();
      }
    });

    test(`[${lang}] test 2: exchange two reservations for one new one of the same type; a cross-type choice is explained and blocked`, async () => {
      // Two VM reservations of one customer the admin agent may exchange.
      const all = await contosoReservations();
      const byCustomer = new Map<string, Row[]>();
      for (const { customerId, row } of all) {
        if (row.properties.reservedResourceType !== 'VirtualMachines' || !row.allowedActions.exchange?.allowed) continue;
        byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), row]);
      }
      const [customerId, rows] = [...byCustomer.entries()].find(([, r]) => r.length >= 2) ?? assert.fail('no customer with two exchangeable VM reservations');
      const [first, second] = [rows[0]!, rows[1]!];
      const a = idsOf(first);
      const b = idsOf(second);
      used.add(a.reservationId);
      used.add(b.reservationId);
      const subs = await api(ADMIN, 'GET', `/v1/customers/${customerId}/subscriptions`);
      const subscriptionId = (subs.items as Array<{ id: string; status: string }>).find((x) => x.status === 'Active')!.id;
      // One new reservation whose commitment reaches what is returned: the smallest quantity that meets the rule.
      const offerId = `VirtualMachines:${first.sku.name}:${first.location}`;
      const returns = [
        { reservationOrderId: a.orderId, reservationId: a.reservationId, quantity: first.properties.quantity },
        { reservationOrderId: b.orderId, reservationId: b.reservationId, quantity: second.properties.quantity },
      ];
      let quantity = 1;
      let quote: any;
      for (;;) {
        quote = await api(ADMIN, 'POST', '/v1/exchanges/quote', { returns, purchases: [{ offerId, quantity, termDuration: 'P3Y', billingPlan: 'Upfront', subscriptionId, scope: 'shared' }] });
        if (quote.quote.commitmentShortfall.amountMinor === 0) break;
        quantity *= 2;
        assert.ok(quantity < 10_000, 'a quantity that meets the commitment rule');
      }
      assert.deepEqual(quote.quote.policyErrors, []);

      const s = await openAs(consoleServer.url, ADMIN, lang);
      try {
        const { page } = s;
        await page.goto(`${consoleServer.url}/reservations/${a.orderId}/${a.reservationId}/exchange`);
        await page.getByRole('heading', { name: text(lang, 'money.exchange.title'), level: 2 }).waitFor();
        // The page's reservation is selected; add the second one.
        const secondRow = page.locator(`tr[data-reservation-id="${b.reservationId}"]`);
        await secondRow.getByRole('checkbox').check();
        assert.ok(await page.locator(`tr[data-reservation-id="${a.reservationId}"]`).getByRole('checkbox').isChecked());

        // A cross-type choice: explained in plain words (return and buy anew) and blocked.
        await page.locator('[data-testid="exchange-type"]').selectOption('SqlDatabases');
        const cross = page.locator('[data-testid="cross-type"]');
        await cross.waitFor();
        assert.match(await cross.innerText(), new RegExp(text(lang, 'money.exchange.crossTypeTitle')));
        assert.ok((await cross.innerText()).includes('SqlDatabases'));
        assert.equal(await page.locator('[data-testid="exchange-add"]').getAttribute('aria-disabled'), 'true', 'a cross-type purchase cannot be added');
        await capture(page, 'exchange-cross-type', lang);
        await expectAccessible(page, `exchange cross-type (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'exchange cross-type (ko)');

        // The same type: the new reservation with the quantity that meets the rule.
        await page.locator('[data-testid="exchange-type"]').selectOption('VirtualMachines');
        await cross.waitFor({ state: 'detached' });
        await page.locator('[data-testid="exchange-product"]').selectOption(offerId);
        await page.getByLabel(text(lang, 'money.exchange.term')).selectOption('P3Y');
        await page.getByLabel(text(lang, 'money.exchange.billingPlan')).selectOption('Upfront');
        await page.getByLabel(text(lang, 'money.exchange.subscription')).selectOption(subscriptionId);
        const qty = page.getByRole('spinbutton', { name: text(lang, 'money.exchange.quantity'), exact: true });
        await qty.fill(String(quantity));
        await qty.press('Tab');
        await page.locator('[data-testid="exchange-add"]').click();

        await waitForText(page, 'refunds-total', formatted(lang, quote.quote.refundsTotal));
        await waitForText(page, 'purchases-total', formatted(lang, quote.quote.purchasesTotal));
        await waitForText(page, 'net-payable', formatted(lang, quote.quote.netPayable));
        await waitForText(page, 'commitment-rule', text(lang, 'money.exchange.ruleMet'));
        await capture(page, 'exchange-quote', lang);
        await expectAccessible(page, `exchange quote (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'exchange quote (ko)');

        // Exchange now, after the confirmation.
        await page.locator('[data-testid="exchange-now"]').click();
        await page.getByRole('dialog').getByText(formatted(lang, quote.quote.netPayable), { exact: false }).waitFor();
        await page.locator('[data-testid="exchange-confirm"]').click();
        await page.getByText(text(lang, 'money.exchange.done', { returned: 2, purchased: 1 })).waitFor({ timeout: 20_000 });
        await capture(page, 'exchange-done', lang);
      } finally {
        await s.close();
      }
      for (const r of [a, b]) {
        const after = await api(ADMIN, 'GET', `/v1/reservations/${r.orderId}/${r.reservationId}`);
        assert.equal(after.properties.provisioningState, 'Cancelled', 'the returned reservations are cancelled');
      }
    });

    test(`[${lang}] test 6: a helpdesk agent sees Return and Exchange disabled with the reason`, async () => {
      const pick = (await contosoReservations()).find(({ row: r }) => r.properties.reservedResourceType === 'VirtualMachines') ?? assert.fail('no VM reservation');
      const { orderId, reservationId } = idsOf(pick.row);
      const reason = text(lang, 'money.reason.subscriptionAccess');
      const s = await openAs(consoleServer.url, HELPDESK, lang);
      try {
        const { page } = s;
        // The reservation's command bar: both disabled (focusable) with the reason as their description.
        await page.goto(`${consoleServer.url}/reservations/${orderId}/${reservationId}/overview`);
        for (const command of ['return', 'exchange']) {
          const button = page.locator(`[data-command="${command}"]`);
          await button.waitFor();
          assert.equal(await button.getAttribute('aria-disabled'), 'true', `${command} is disabled`);
          const described = await button.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
          assert.ok(described.includes(reason), `${command}: the reason is given (${described})`);
        }
        await page.locator('[data-command="return"]').focus();
        await page.getByRole('tooltip').waitFor();
        await capture(page, 'helpdesk-command-bar', lang);

        // Reached by URL, the Return page quotes but offers neither action, saying why.
        await page.goto(`${consoleServer.url}/reservations/${orderId}/${reservationId}/return`);
        await page.locator('[data-testid="quote-net"]').waitFor();
        for (const id of ['return-now', 'return-create-request']) {
          assert.equal(await page.locator(`[data-testid="${id}"]`).getAttribute('aria-disabled'), 'true', `${id} is disabled`);
        }
        assert.ok((await page.locator('[data-testid="return-disabled-reason"]').innerText()).includes(reason));
        await page.locator('[data-testid="policy-errors"]').waitFor();
        await capture(page, 'helpdesk-return', lang);
        await expectAccessible(page, `helpdesk return (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'helpdesk return (ko)');

        await page.goto(`${consoleServer.url}/reservations/${orderId}/${reservationId}/exchange`);
        await page.locator('[data-testid="exchange-disabled-reason"]').waitFor();
        assert.ok((await page.locator('[data-testid="exchange-disabled-reason"]').innerText()).includes(reason));
        assert.equal(await page.locator('[data-testid="exchange-now"]').getAttribute('aria-disabled'), 'true');
        await capture(page, 'helpdesk-exchange', lang);
        await expectAccessible(page, `helpdesk exchange (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'helpdesk exchange (ko)');
      } finally {
        await s.close();
      }
    });
  }
});
