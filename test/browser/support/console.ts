import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { collectDictionaries, languageNeutralValues } from '../../web/dictionaries.ts';

/**
 * The browser-test harness of the web console (issue 6): a real `resdesk serve` on a temporary
 * SQLite database with the demo data, the console built by Vite, and Debian's Chromium driven by
 * playwright-core (no browser is downloaded). Screenshots go to test-artifacts/screenshots/<lang>/.
 */

export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['ko', 'en'];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'demo-password';
const DIST = path.join(ROOT, 'web', 'dist');
const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export const browserUnavailable: string | null = fs.existsSync(CHROMIUM_PATH)
  ? null
  : `Chromium not installed: apt-get install -y chromium (looked for ${CHROMIUM_PATH})`;

/**
 * A suite that needs the browser: skipped with the reason when Chromium is missing, and a failure
 * instead when REQUIRE_ALL_SUITES=1 (CI promises every suite runs), as describeEachEngine does.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  if (browserUnavailable && process.env.REQUIRE_ALL_SUITES === '1') {
    test(name, () => assert.fail(browserUnavailable));
    return;
  }
  describe(name, { skip: browserUnavailable ?? false, timeout: 15 * 60_000 }, fn);
}

// ── the console build ──

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function buildIsStale(): boolean {
  const index = path.join(DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'web', 'src')),
    newestMtime(path.join(ROOT, 'web', 'index.html')),
    newestMtime(path.join(ROOT, 'web', 'vite.config.ts')),
  );
  return sources > built;
}

/**
 * Builds web/dist when it is missing or older than web/src. Several test files (and helpers) may
 * start at once: a lock directory lets one build while the others wait, and the build goes to a
 * side directory swapped in at the end, so a running server never serves half a build.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  const lock = path.join(ROOT, 'web', '.build-lock');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another process builds; a lock older than 5 minutes is left over from a crash.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch { /* gone meanwhile */ }
      if (Date.now() > deadline) throw new Error('waited 5 minutes for another console build (web/.build-lock)');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    if (!buildIsStale()) return;
    const side = path.join(ROOT, 'web', `dist.build-${process.pid}`);
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', side, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT, encoding: 'utf8', timeout: 5 * 60_000,
    });
    if (res.status !== 0) {
      fs.rmSync(side, { recursive: true, force: true });
      throw new Error(`the console build failed (npm run build:web):\n${res.stdout}\n${res.stderr}`);
    }
    const old = `${DIST}.old-${process.pid}`;
    if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
    fs.renameSync(side, DIST);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ── the server ──

export interface Console {
  url: string;
  stop(): Promise<void>;
}

/**
 * An up-to-date console build and a real `resdesk serve` on a fresh SQLite database: not
 * production and embedded, so it loads the demo world and runs in demo mode. Loading the demo data
 * takes a while on a busy machine, hence the generous start timeout.
 */
export async function startConsole(): Promise<Console> {
  await ensureConsoleBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-console-'));
  const child = spawn(process.execPath, ['bin/resdesk.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', HTTPS_PORT: '0', DATA_DIR: dataDir, JOB_INTERVAL_SECONDS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`)), START_TIMEOUT_MS);
      child.stdout!.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        const m = /HTTP\s+(http:\/\/\S+)/.exec(output.join(''));
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}:\n${output.join('')}`)); });
    });
  } catch (err) {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    async stop() {
      await closeBrowser();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const START_TIMEOUT_MS = 5 * 60_000;

// ── the browser ──

let browserPromise: Promise<Browser> | undefined;

function browser(): Promise<Browser> {
  browserPromise ??= chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return browserPromise;
}

async function closeBrowser(): Promise<void> {
  const b = browserPromise;
  browserPromise = undefined;
  if (b) await (await b).close().catch(() => undefined);
}

export interface Session {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser context in `lang` (browser locale), at the sign-in page; nobody signed in. */
export async function openAnonymous(consoleUrl: string, lang: Lang): Promise<Session> {
  const context = await (await browser()).newContext({
    viewport: { width: 1280, height: 800 },
    locale: lang === 'ko' ? 'ko-KR' : 'en-US',
    // axe-core is injected by evaluation; the console's CSP allows only its own scripts.
    bypassCSP: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return {
    page,
    context,
    async close() {
      await context.close().catch(() => undefined);
    },
  };
}

/** Signs `account` in through the sign-in page and lands on Home in `lang` (switching if the user's remembered language differs). */
export async function openAs(consoleUrl: string, account: string, lang: Lang): Promise<Session> {
  const s = await openAnonymous(consoleUrl, lang);
  const { page } = s;
  await page.goto(`${consoleUrl}/signin`);
  await page.locator('input[name="email"]').fill(account);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.locator('[data-testid="user-menu"]').waitFor({ state: 'visible', timeout: 30_000 });
  await ensureLanguage(page, lang);
  return s;
}

const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', ko: '한국어' };

/** Switches the console's language through the header switch (the URL stays). */
export async function switchLanguage(page: Page, lang: Lang): Promise<void> {
  await page.locator('[data-testid="language-switch"]').click();
  await page.getByRole('menuitemradio', { name: LANGUAGE_NAMES[lang] }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

export async function ensureLanguage(page: Page, lang: Lang): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await switchLanguage(page, lang);
}

// ── evidence and checks ──

/** A full-page screenshot at test-artifacts/screenshots/<lang>/<name>.png (after fonts and spinners settle). */
export async function capture(page: Page, name: string, lang: Lang): Promise<string> {
  const dir = path.join(SCREENSHOTS, lang);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.evaluate(() => document.fonts?.ready);
  await page.locator('[role="status"] .fui-Spinner').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  // The shell scrolls inside its main region; unfold it so the screenshot shows the whole page.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.id = 'rd-capture';
    style.textContent = 'html, body, #root, [data-shell-root] { height: auto !important; } [data-shell-root] { min-height: 100vh; } [data-shell-root] main, [data-shell-root] nav { overflow: visible !important; }';
    document.head.appendChild(style);
  });
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.evaluate(() => document.getElementById('rd-capture')?.remove());
  }
  return file;
}

const AXE_SOURCE = () => fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core on the page; fails on any serious or critical violation, listing each with its elements. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.evaluate(AXE_SOURCE());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Fluent's focus manager (Tabster) puts focusable, aria-hidden sentinels (<i data-tabster-dummy>)
    // around menus, dialogs and toolbars to keep focus in them; axe flags them as aria-hidden-focus,
    // a known false positive (microsoft/tabster#288) that Accessibility Insights suppresses too.
    // They are left out; everything else on the page is checked.
    const result = await axe.run({ include: [['html']], exclude: [['[data-tabster-dummy]']] }, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const listing = serious.map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').join(' ') ?? ''}`).join('\n')}`).join('\n');
  assert.equal(serious.length, 0, `axe-core found serious or critical violations on ${label}:\n${listing}`);
}

const dictionaries = collectDictionaries();
const neutral = languageNeutralValues();
/** English UI strings that would betray an untranslated Korean page (at least two letters, not language-neutral). */
const englishStrings = new Set(
  Object.values(dictionaries.en).filter((v) => /[A-Za-z]{2}/.test(v) && !neutral.has(v) && !Object.values(dictionaries.ko).includes(v)),
);

/**
 * For Korean pages: no element's own text (or aria-label, placeholder, title) equals an English
 * string of the console's dictionaries, and no ⟦missing.key⟧ is shown. Data (names, IDs) is not
 * checked: it is the same in every language.
 */
export async function expectNoEnglish(page: Page, label = page.url()): Promise<void> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode as Element | null; n; n = walker.nextNode() as Element | null) {
      if (n instanceof HTMLElement && (n.hidden || n.closest('[aria-hidden="true"]'))) continue;
      const own = Array.from(n.childNodes).filter((c) => c.nodeType === Node.TEXT_NODE).map((c) => c.textContent ?? '').join('').trim();
      if (own) out.push(own);
      const full = (n as HTMLElement).innerText?.trim();
      if (full && full.length < 200) out.push(full);
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = n.getAttribute(attr);
        if (v) out.push(v.trim());
      }
    }
    return out;
  });
  const english = [...new Set(texts.filter((t) => englishStrings.has(t)))];
  const missing = [...new Set(texts.filter((t) => /⟦[^⟧]+⟧/.test(t)))];
  assert.deepEqual(missing, [], `missing message keys on ${label}: ${missing.join(', ')}`);
  assert.deepEqual(english, [], `English strings on a Korean page (${label}): ${english.map((e) => JSON.stringify(e)).join(', ')}`);
}

/** The Korean or English text of a message key, for locating elements in either language. */
export function text(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  const template = dictionaries[lang][key];
  if (template === undefined) throw new Error(`no message ${key} in ${lang}`);
  return vars ? template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : template;
}
