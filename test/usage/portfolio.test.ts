import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unusedCommitment } from '../../src/domain/unused-commitment.ts';
import { refreshUsageWindows } from '../../src/services/usage-reports/usage-windows.ts';
import { refreshWindowsOf } from '../../src/store/usage-window-queries.ts';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, FABRIKAM_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { CONTOSO_ID, FABRIKAM_ID, dates, pickReservation, setDays, type PickedReservation } from './usage-fixtures.ts';

// The test clock is 2026-11-27T03:00Z: the 30-day window is 2026-10-28 … 2026-11-26, the 7-day one 2026-11-20 … 2026-11-26.
const WINDOW_30 = dates('2026-10-28', 30);

test('unused commitment: unused hours × unit price ÷ hours in the term, rounded half-even once', () => {
  // KRW 1,000,000 for one unit for one year: 114.155… won an hour, never rounded on its own.
  // 180 unused hours: 180 × 1,000,000 ÷ 8,760 = 20,547.945… → 20,548 (rounding the hourly price first would give 180 × 114 = 20,520).
  assert.deepEqual(unusedCommitment(180, 1_000_000, 'P1Y', 'KRW'), { currency: 'KRW', minor: 20_548 });
  // USD 876.00 a year is exactly 10 cents an hour: 0.25 h → 2.5 cents → 2 (half to even), 0.75 h → 7.5 → 8, 0.35 h → 3.5 → 4.
  assert.deepEqual(unusedCommitment(0.25, 87_600, 'P1Y', 'USD'), { currency: 'USD', minor: 2 });
  assert.deepEqual(unusedCommitment(0.75, 87_600, 'P1Y', 'USD'), { currency: 'USD', minor: 8 });
  assert.deepEqual(unusedCommitment(0.35, 87_600, 'P1Y', 'USD'), { currency: 'USD', minor: 4 });
  // Three years: 26,280 hours. USD 2,628.00 → 10 cents an hour again; 100 h → USD 10.00.
  assert.deepEqual(unusedCommitment(100, 262_800, 'P3Y', 'USD'), { currency: 'USD', minor: 1_000 });
  assert.deepEqual(unusedCommitment(0, 262_800, 'P3Y', 'USD'), { currency: 'USD', minor: 0 });
});

describeEachEngine('Portfolio: utilization and unused commitment in money', (engine) => {
  let server: TestServer;
  let contoso: string;
  let fabrikam: string;
  let krw: PickedReservation;
  let krwIdle: PickedReservation;
  let usd: PickedReservation;

  /** Fixes a reservation's price: `unitPriceMinor` for one unit over `term`. */
  const price = async (r: PickedReservation, unitPriceMinor: number, term: 'P1Y' | 'P3Y') => {
    await server.ctx.store.db.updateTable('reservation_orders').set({ unit_price_minor: unitPriceMinor, term }).where('id', '=', r.orderId).execute();
    await server.ctx.store.db.updateTable('reservations').set({ term }).where('id', '=', r.id).execute();
  };
  const get = async (token: string, query: string) => {
    const res = await server.call('GET', `/v1/portfolio/utilization?${query}`, { token });
    assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  /** Every row of a listing, following the pages. */
  const all = async (token: string, query: string) => {
    const out: any[] = [];
    let offset = 0;
    for (;;) {
      const body = await get(token, `${query}&size=500&offset=${offset}`);
      out.push(...body.items);
      offset += 500;
      if (!body.links.next) return out;
    }
  };

  before(async () => {
    server = await startTestServer(engine);
    contoso = await server.token(ADMIN_AGENT);
    fabrikam = await server.token(FABRIKAM_AGENT);
    krw = await pickReservation(server.ctx, CONTOSO_ID, 0);
    krwIdle = await pickReservation(server.ctx, CONTOSO_ID, 1);
    usd = await pickReservation(server.ctx, FABRIKAM_ID, 0);
    // KRW: 1,000,000 a unit for a year; 30 days of 24 reserved, 18 used → 180 unused hours → KRW 20,548.
    await price(krw, 1_000_000, 'P1Y');
    await setDays(server.ctx, krw.id, WINDOW_30.map((date) => ({ date, reserved: 24, used: 18 })));
    // Another KRW reservation that used nothing for a week: 7 × 24 = 168 h × 1,000,000 ÷ 8,760 = 19,178.08… → 19,178.
    await price(krwIdle, 1_000_000, 'P1Y');
    await setDays(server.ctx, krwIdle.id, dates('2026-11-20', 7).map((date) => ({ date, reserved: 24, used: 0 })));
    // USD: 2,628.00 for three years (10 cents an hour); 0.25 h unused on one day of the last week → 2.5 cents → 2 (half-even);
    // and 100 h unused earlier in the month → USD 10.00 more over 30 days: 100.25 h → 1,002.5 cents → 1,002.
    await price(usd, 262_800, 'P3Y');
    await setDays(server.ctx, usd.id, [
      { date: '2026-11-01', reserved: 124, used: 24 },
      { date: '2026-11-25', reserved: 24, used: 23.75 },
    ]);
  });
  after(async () => server?.close());

  test('per reservation: the hand-computed unused money in KRW, with hours and utilization', async () => {
    const rows = await all(contoso, `level=reservation&customerId=${krw.customerId}`);
    const row = rows.find((x) => x.reservationId === krw.id);
    assert.ok(row, 'the reservation is listed');
    assert.equal(row.reservedHours, 720);
    assert.equal(row.usedHours, 540);
    assert.equal(row.unusedHours, 180);
    assert.equal(row.utilizationPercentage, 75);
    assert.deepEqual(row.unusedCommitment, { currencyCode: 'KRW', amount: 20_548, amountMinor: 20_548 });
    assert.deepEqual(row.unitPrice, { currencyCode: 'KRW', amount: 1_000_000, amountMinor: 1_000_000 });
    assert.equal(row.hoursInTerm, 8760);
    assert.equal(row.term, 'P1Y');
    // The 7-day window sees only the last week: 42 unused hours → 42 × 1,000,000 ÷ 8,760 = 4,794.52… → 4,795.
    const week = await all(contoso, `level=reservation&days=7&customerId=${krw.customerId}`);
    assert.equal(week.find((x) => x.reservationId === krw.id).unusedCommitment.amountMinor, 4_795);
  });

  test('per reservation: the hand-computed unused money in USD, rounded half-even once', async () => {
    const week = await all(fabrikam, 'level=reservation&days=7&currency=USD');
    const w = week.find((x) => x.reservationId === usd.id);
    assert.equal(w.unusedHours, 0.25);
    assert.deepEqual(w.unusedCommitment, { currencyCode: 'USD', amount: 0.02, amountMinor: 2 });
    const month = await all(fabrikam, 'level=reservation&days=30');
    const m = month.find((x) => x.reservationId === usd.id);
    assert.equal(m.unusedHours, 100.25);
    assert.deepEqual(m.unusedCommitment, { currencyCode: 'USD', amount: 10.02, amountMinor: 1_002 });
    assert.equal(m.hoursInTerm, 26_280);
  });

  test('worst first within each currency; a customer is the sum of its reservations; never two currencies in one row', async () => {
    const rows = await all(contoso, 'level=reservation');
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1];
      const b = rows[i];
      if (a.currencyCode === b.currencyCode) assert.ok(a.unusedCommitment.amountMinor >= b.unusedCommitment.amountMinor, `row ${i} is not worse than row ${i - 1}`);
      else assert.ok(a.currencyCode < b.currencyCode, 'currencies are grouped');
    }
    // The database's integer arithmetic agrees with the domain's reference on every row of the demo portfolio.
    for (const x of rows) {
      const expected = unusedCommitment(x.unusedHours, x.unitPrice.amountMinor, x.term, x.currencyCode);
      assert.equal(x.unusedCommitment.amountMinor, expected.minor, `reservation ${x.reservationId}`);
    }
    assert.ok(rows.some((x) => x.unusedCommitment.amountMinor > 0));
    const customers = await all(contoso, 'level=customer');
    for (let i = 1; i < customers.length; i++) {
      if (customers[i - 1].currencyCode === customers[i].currencyCode) assert.ok(customers[i - 1].unusedCommitment.amountMinor >= customers[i].unusedCommitment.amountMinor);
    }
    const mine = customers.filter((c) => c.customerId === krw.customerId);
    assert.equal(mine.length, 1);
    const ofCustomer = rows.filter((x) => x.customerId === krw.customerId);
    assert.equal(mine[0].unusedCommitment.amountMinor, ofCustomer.reduce((s, x) => s + x.unusedCommitment.amountMinor, 0));
    assert.equal(mine[0].reservationCount, ofCustomer.length);
    assert.equal(mine[0].partnerId, CONTOSO_ID);
    // Partner level: Contoso's agent sees one row, Contoso in KRW, the sum of every customer row.
    const partners = await get(contoso, 'level=partner');
    assert.equal(partners.totalCount, 1);
    const [p] = partners.items;
    assert.equal(p.partnerId, CONTOSO_ID);
    assert.equal(p.currencyCode, 'KRW');
    assert.equal(p.unusedCommitment.amountMinor, customers.reduce((s, c) => s + c.unusedCommitment.amountMinor, 0));
    assert.equal(p.customerCount, customers.length);
  });

  test('the worst reservation of a fresh portfolio comes first: top and paging', async () => {
    // Only krw and krwIdle have data in the 7-day window among Contoso's reservations once the others are cleared.
    const others = await server.ctx.store.db.selectFrom('reservations').select('id').where('partner_id', '=', CONTOSO_ID).where('id', 'not in', [krw.id, krwIdle.id]).execute();
    await server.ctx.store.db.deleteFrom('utilization_daily').where('reservation_id', 'in', others.map((o) => o.id)).where('usage_date', '>=', '2026-11-20').execute();
    await refreshUsageWindows(server.ctx);
    const week = await get(contoso, 'level=reservation&days=7&size=1');
    assert.equal(week.totalCount, 2);
    // krwIdle: 168 h → 19,178 (19,178.08…); krw: 42 h → 4,795.
    assert.deepEqual(week.items.map((x: any) => [x.reservationId, x.unusedCommitment.amountMinor, x.utilizationPercentage]), [[krwIdle.id, 19_178, 0]]);
    assert.ok(week.links.next);
    const page2 = await server.call('GET', week.links.next.uri, { token: contoso });
    assert.deepEqual(page2.body.items.map((x: any) => [x.reservationId, x.unusedCommitment.amountMinor]), [[krw.id, 4_795]]);
    assert.equal(page2.body.links.next, undefined);
    const top1 = await get(contoso, 'level=reservation&days=7&top=1');
    assert.equal(top1.totalCount, 1);
    assert.equal(top1.items.length, 1);
    assert.deepEqual(top1.window, { days: 7, fromDate: '2026-11-20', toDate: '2026-11-26' });
  });

  test('answers come from the rollup: a writer of daily rows refreshes the windows of the reservations it touched', async () => {
    const q = `level=reservation&days=7&customerId=${krwIdle.customerId}`;
    const amountOf = async () => (await all(contoso, q)).find((x) => x.reservationId === krwIdle.id)?.unusedCommitment.amountMinor;
    const before = await amountOf();
    assert.equal(before, 19_178);
    // A write that refreshes nothing is not read: the portfolio reads the rollup, not the daily rows.
    await server.ctx.store.db.updateTable('utilization_daily').set({ used_hours: 24 }).where('reservation_id', '=', krwIdle.id).execute();
    assert.equal(await amountOf(), before);
    // Refreshing the touched reservation (what the importer does in its flush): fully used now, nothing unused.
    await refreshWindowsOf(server.ctx.store.db, [krwIdle.id]);
    assert.equal(await amountOf(), 0);
    await server.ctx.store.db.updateTable('utilization_daily').set({ used_hours: 0 }).where('reservation_id', '=', krwIdle.id).execute();
    await refreshWindowsOf(server.ctx.store.db, [krwIdle.id]);
    assert.equal(await amountOf(), before);
  });

  test('tenant scope: another partner\'s customer is not found and its reservations are never listed; bad input is a 400', async () => {
    const foreign = await server.call('GET', `/v1/portfolio/utilization?customerId=${krw.customerId}`, { token: fabrikam });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'CustomerNotFound');
    const fabrikamRows = await all(fabrikam, 'level=reservation');
    assert.ok(fabrikamRows.length > 0);
    assert.ok(fabrikamRows.every((x) => x.partnerId === FABRIKAM_ID && x.currencyCode === 'USD'));
    assert.ok(!fabrikamRows.some((x) => x.reservationId === krw.id));
    const partners = await get(fabrikam, 'level=partner');
    assert.deepEqual(partners.items.map((x: any) => x.partnerId), [FABRIKAM_ID]);
    for (const q of ['level=order', 'days=14', 'currency=XYZ', 'top=0', 'customerId=nope']) {
      const res = await server.call('GET', `/v1/portfolio/utilization?${q}`, { token: contoso });
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.code, 'InvalidParameter', q);
    }
    assert.equal((await server.call('GET', '/v1/portfolio/utilization')).status, 401);
  });
});
