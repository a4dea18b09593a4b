/**
 * npm run bench:console — how soon the reservation details page is usable in a real browser with
 * 100,000 reservations in the database (issue 6).
 *
 * Seeds (once, into BENCH_DATA_DIR, default bench/results/console-data) the demo world plus
 * BENCH_CUSTOMERS scale customers (10 reservations each; 10,000 → ~100,000 reservations), starts
 * `resdesk serve` on it, and in Debian's Chromium signs in as the admin agent, then opens
 * reservation pages by URL in a fresh tab each time (the console's code is cached as a returning
 * user has it; every API call is made anew). "Usable" = the Essentials and the utilization chart
 * are on screen and the command bar's Return button is in its final state. The baseline of the
 * same run is the sign-in page (static HTML + the entry chunks, no API work), loaded the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { chromium, type Page } from 'playwright-core';
import { REPO_ROOT, startServer } from './server-process.ts';

const DATA_DIR = process.env.BENCH_DATA_DIR ?? path.join(REPO_ROOT, 'bench/results/console-data');
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const ACCOUNT = 'admin.agent@contoso-kr.example';

function resdesk(args: string[]): void {
  const r = spawnSync(process.execPath, ['bin/resdesk.js', ...args], {
    cwd: REPO_ROOT, env: { ...process.env, DATA_DIR, DATABASE_URL: '' }, stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`resdesk ${args.join(' ')} failed`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(page: Page, url: string, ready: (page: Page) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await page.goto(url);
  await ready(page);
  return performance.now() - start;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DATA_DIR, 'reservation-desk.sqlite'))) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    console.log(`seeding ${DATA_DIR}: demo world + ${CUSTOMERS} scale customers`);
    resdesk(['seed']);
    resdesk(['seed', '--scale', String(CUSTOMERS)]);
  }
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the console build failed');

  const server = await startServer({ dataDir: DATA_DIR });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const token = await (await fetch(`${server.baseUrl}/v1/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ACCOUNT, password: 'demo-password' }),
    })).json() as { access_token: string };
    const auth = { authorization: `Bearer ${token.access_token}` };
    const db = new Database(path.join(DATA_DIR, 'reservation-desk.sqlite'), { readonly: true });
    const total = Number((db.prepare('select count(*) as n from reservations').get() as { n: number }).n);
    db.close();

    // Reservations to open: the first page of the admin agent's largest customers.
    const customers = await (await fetch(`${server.baseUrl}/v1/customers?size=20`, { headers: auth })).json() as { items: Array<{ id: string }> };
    const targets: string[] = [];
    for (const c of customers.items) {
      const list = await (await fetch(`${server.baseUrl}/v1/customers/${c.id}/reservations?size=5`, { headers: auth })).json() as { items: Array<{ id: string }> };
      for (const r of list.items) {
        const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(r.id)!;
        targets.push(`/reservations/${m[1]}/${m[2]}/overview`);
      }
      if (targets.length >= SAMPLES) break;
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ko-KR' });
    const first = await context.newPage();
    await first.goto(`${server.baseUrl}/signin`);
    await first.locator('input[name="email"]').fill(ACCOUNT);
    await first.locator('input[name="password"]').fill('demo-password');
    await first.locator('form button[type="submit"]').click();
    await first.locator('[data-testid="user-menu"]').waitFor({ timeout: 60_000 });
    // Warm the browser cache with the reservation page's chunks once, as a returning user has them.
    await first.goto(`${server.baseUrl}${targets[0]}`);
    await first.locator('[data-chart="utilization"], [data-region="utilization"]').first().waitFor({ timeout: 60_000 });
    await first.close();

    const baseline: number[] = [];
    const page: number[] = [];
    for (const target of targets.slice(0, SAMPLES)) {
      const tab = await context.newPage();
      baseline.push(await timed(tab, `${server.baseUrl}/signin?bench=1`, (p) => p.locator('[data-testid="user-menu"], input[name="email"]').first().waitFor()));
      page.push(await timed(tab, `${server.baseUrl}${target}`, async (p) => {
        await p.locator('#overview-essentials').waitFor();
        await p.locator('[data-region="utilization"]').waitFor();
      }));
      await tab.close();
    }
    baseline.sort((a, b) => a - b);
    page.sort((a, b) => a - b);
    const row = (name: string, xs: number[]) => `${name.padEnd(34)} p50 ${percentile(xs, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(xs, 95).toFixed(0).padStart(5)} ms   max ${xs[xs.length - 1]!.toFixed(0).padStart(5)} ms`;
    console.log(`\nreservations in the database: ${total.toLocaleString('en-US')}; samples: ${page.length}`);
    console.log(row('baseline: sign-in / shell page', baseline));
    console.log(row('reservation details, Overview', page));
    console.log(`ratio (p50 page ÷ p50 baseline): ${(percentile(page, 50) / percentile(baseline, 50)).toFixed(2)}×`);
    const server_ = await server.stop();
    console.log(`server peak RSS: ${server_.peakRssMb.toFixed(0)} MB`);
  } finally {
    await browser.close();
    await server.stop().catch(() => undefined);
  }
}

await main();
