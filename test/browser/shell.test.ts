import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  LANGS, capture, describeWithBrowser, expectAccessible, expectNoEnglish, openAnonymous, openAs, startConsole, switchLanguage, text,
  type Console, type Lang,
} from './support/console.ts';

/**
 * The console's shell in a real browser (issue 6), in Korean and English: the sign-in page with the
 * demo accounts and a refused password, the signed-in shell (header, navigation by role,
 * landmarks), and the language switch that keeps the place and changes every string (test 7 for
 * the shell), remembered per user.
 */
const NAV_GA = ['shell.nav.home', 'shell.nav.customers', 'shell.nav.supportRequests', 'shell.nav.billing', 'shell.nav.users', 'shell.nav.settings', 'shell.nav.auditLog'];
const other = (lang: Lang): Lang => (lang === 'ko' ? 'en' : 'ko');

describeWithBrowser('console shell in the browser', () => {
  let consoleServer: Console;
  before(async () => { consoleServer = await startConsole(); });
  after(async () => { await consoleServer?.stop(); });

  for (const lang of LANGS) {
    test(`[${lang}] sign-in page: the demo accounts to pick from; a wrong password shows the server's error`, async () => {
      const s = await openAnonymous(consoleServer.url, lang);
      try {
        const { page } = s;
        await page.goto(`${consoleServer.url}/customers`);
        // Not signed in: the console sends the browser to the sign-in page, keeping where it was going.
        await page.waitForURL(/\/signin\?returnTo=%2Fcustomers/);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await page.getByRole('heading', { name: text(lang, 'signin.title'), level: 1 }).waitFor();
        const demo = page.locator('[data-testid="demo-accounts"]');
        await demo.getByRole('heading', { name: text(lang, 'signin.demo.title') }).waitFor();
        assert.ok(await demo.getByText('admin.agent@contoso-kr.example').isVisible());
        assert.ok(await demo.getByText('support@provider.example').isVisible());
        await capture(page, 'signin', lang);
        await expectAccessible(page, `sign-in (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'sign-in (ko)');

        // Picking a demo account fills the form.
        await demo.getByRole('button', { name: text(lang, 'signin.demo.use', { email: 'sales.agent@contoso-kr.example' }) }).click();
        assert.equal(await page.locator('input[name="email"]').inputValue(), 'sales.agent@contoso-kr.example');
        assert.equal(await page.locator('input[name="password"]').inputValue(), 'demo-password');

        // A wrong password: the server's message is shown and the user stays on the sign-in page.
        await page.locator('input[name="password"]').fill('not-the-password');
        await page.locator('form button[type="submit"]').click();
        const error = page.locator('[data-testid="signin-error"]');
        await error.waitFor();
        assert.match(await error.innerText(), new RegExp(text(lang, 'signin.failed')));
        // The server's code, in the UI language (in English the server's own message is shown).
        assert.ok((await error.innerText()).includes(text(lang, 'error.InvalidCredentials')), await error.innerText());
        assert.match(page.url(), /\/signin/);
        await capture(page, 'signin-error', lang);
        await expectAccessible(page, `sign-in error (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'sign-in error (ko)');
      } finally {
        await s.close();
      }
    });

    test(`[${lang}] the signed-in shell: header, navigation by role, landmarks, sign out`, async () => {
      const s = await openAs(consoleServer.url, 'global.admin@contoso-kr.example', lang);
      try {
        const { page } = s;
        assert.equal(new URL(page.url()).pathname, '/');
        await page.getByRole('banner').getByText(text(lang, 'shell.productName')).waitFor();
        const nav = page.getByRole('navigation', { name: text(lang, 'shell.nav.label') });
        const labels = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
        assert.deepEqual(labels, NAV_GA.map((k) => text(lang, k)), 'a global admin sees every partner section, in order, and not the support desk');
        assert.equal(await page.getByRole('main').count(), 1);
        assert.equal(await page.getByRole('banner').getByTestId('organization').innerText(), 'Contoso Cloud Korea', 'the organization is shown');
        // The skip link is the first stop of the keyboard and moves focus to the main region.
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: text(lang, 'shell.skipToContent') });
        assert.ok(await skip.evaluate((el) => el === document.activeElement));
        await capture(page, 'shell-home', lang);
        await expectAccessible(page, `shell (${lang})`);
        if (lang === 'ko') await expectNoEnglish(page, 'shell (ko)');

        // The account menu: roles in the UI language, then sign out back to the sign-in page.
        await page.locator('[data-testid="user-menu"]').click();
        await page.getByRole('menuitem', { name: text(lang, 'shell.role.GlobalAdmin'), exact: true }).waitFor();
        await capture(page, 'shell-user-menu', lang);
        await page.getByRole('menuitem', { name: text(lang, 'shell.user.signOut') }).click();
        await page.waitForURL(/\/signin/);
        await page.goto(`${consoleServer.url}/`);
        await page.waitForURL(/\/signin/);
      } finally {
        await s.close();
      }
    });

    test(`[${lang}] the support desk engineer sees the desk, not the partner sections`, async () => {
      const s = await openAs(consoleServer.url, 'support@provider.example', lang);
      try {
        const nav = s.page.getByRole('navigation', { name: text(lang, 'shell.nav.label') });
        const labels = (await nav.getByRole('link').allInnerTexts()).map((t) => t.trim());
        assert.deepEqual(labels, [text(lang, 'shell.nav.home'), text(lang, 'shell.nav.desk')]);
      } finally {
        await s.close();
      }
    });

    test(`[${lang}] switching the language keeps the place, changes every string, and is remembered for the user`, async () => {
      const account = lang === 'ko' ? 'admin.agent@contoso-kr.example' : 'user.admin@contoso-kr.example';
      const s = await openAs(consoleServer.url, account, lang);
      const to = other(lang);
      try {
        const { page } = s;
        const place = `${consoleServer.url}/no-such-page?filter=abc#here`;
        await page.goto(place);
        await page.getByRole('heading', { name: text(lang, 'shell.notFound.title'), level: 1 }).waitFor();
        const before = await page.locator('#root').innerText();
        await switchLanguage(page, to);
        assert.equal(page.url(), place, 'the URL stays');
        await page.getByRole('heading', { name: text(to, 'shell.notFound.title'), level: 1 }).waitFor();
        const after = await page.locator('#root').innerText();
        assert.notEqual(after, before);
        // Every shell string on the page is now in the other language.
        for (const key of ['shell.nav.home', 'shell.nav.customers', 'shell.notFound.body', 'shell.notFound.home']) {
          assert.ok(after.includes(text(to, key)), `${key} in ${to}`);
          assert.ok(!after.includes(text(lang, key)), `${key} no longer in ${lang}`);
        }
        assert.equal(await page.title(), text(to, 'shell.productName'));
        await capture(page, `language-switched-to-${to}`, lang);
        if (to === 'ko') await expectNoEnglish(page, 'after switching to Korean');
        await expectAccessible(page, `not-found page (${to})`);

        // Remembered per user: a new browser whose own language is the first one opens in the chosen one.
        const again = await openAnonymous(consoleServer.url, lang);
        try {
          await again.page.goto(`${consoleServer.url}/signin`);
          await again.page.locator('input[name="email"]').fill(account);
          await again.page.locator('input[name="password"]').fill('demo-password');
          await again.page.locator('form button[type="submit"]').click();
          await again.page.locator('[data-testid="user-menu"]').waitFor();
          await again.page.waitForFunction((l) => document.documentElement.lang === l, to);
          await again.page.getByRole('navigation', { name: text(to, 'shell.nav.label') }).waitFor();
        } finally {
          await again.close();
        }
      } finally {
        await s.close();
      }
    });
  }
});
