import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { CONTOSO_ID, dates, pickReservation, setDays, type PickedReservation } from './usage-fixtures.ts';

/**
 * The Azure door's reservation `utilization` (rules §6) from imported-shape daily rows: aggregates
 * over the last 1, 7 and 30 complete days (yesterday backwards; today is not over), weighted by
 * reserved hours, and the trend of the last 7 days against the 7 before.
 */
describeEachEngine('Reservation utilization property from imported usage', (engine) => {
  let server: TestServer;
  let token: string;
  let rising: PickedReservation;
  let falling: PickedReservation;
  const utilizationOf = async (r: PickedReservation) => {
    const res = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${r.orderId}/reservations/${r.id}?api-version=2022-11-01`, { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.properties.utilization;
  };

  before(async () => {
    server = await startTestServer(engine);
    token = await server.token(ADMIN_AGENT);
    rising = await pickReservation(server.ctx, CONTOSO_ID, 0);
    falling = await pickReservation(server.ctx, CONTOSO_ID, 1);
    // Quantity 2 bought on 10 November at 13:00: 2 × 11 = 22 reserved hours that day, 48 a day after.
    await setDays(server.ctx, rising.id, [
      { date: '2026-11-10', reserved: 22, used: 11 },
      ...dates('2026-11-11', 9).map((date) => ({ date, reserved: 48, used: 24 })),
      ...dates('2026-11-20', 6).map((date) => ({ date, reserved: 48, used: 36 })),
      { date: '2026-11-26', reserved: 48, used: 48 },
      // Today (27 November) is not complete: it never counts.
      { date: '2026-11-27', reserved: 6, used: 0 },
    ]);
    await setDays(server.ctx, falling.id, [
      // Before the 30-day window (which starts on 28 October): ignored.
      { date: '2026-10-27', reserved: 24, used: 0 },
      ...dates('2026-10-28', 23).map((date) => ({ date, reserved: 24, used: 24 })),
      ...dates('2026-11-20', 7).map((date) => ({ date, reserved: 24, used: 12 })),
    ]);
  });
  after(async () => server?.close());

  test('rising usage: hand-computed 1, 7 and 30-day aggregates and trend UP', async () => {
    // 1 day: 48 ÷ 48. 7 days: (6 × 36 + 48) ÷ (7 × 48) = 264 ÷ 336 = 78.571…%.
    // 30 days (28 Oct – 26 Nov): used 11 + 9 × 24 + 264 = 491 of 22 + 9 × 48 + 336 = 790 reserved = 62.151…%.
    // Trend: 78.57% against 50% over 13–19 November.
    assert.deepEqual(await utilizationOf(rising), {
      trend: 'UP',
      aggregates: [
        { grain: 1, grainUnit: 'days', value: 100, valueUnit: 'percentage' },
        { grain: 7, grainUnit: 'days', value: 78.57, valueUnit: 'percentage' },
        { grain: 30, grainUnit: 'days', value: 62.15, valueUnit: 'percentage' },
      ],
    });
  });

  test('falling usage: trend DOWN, the day before the window left out', async () => {
    // 30 days: (23 × 24 + 7 × 12) ÷ (30 × 24) = 636 ÷ 720 = 88.333…%; the 27 October zero is outside.
    assert.deepEqual(await utilizationOf(falling), {
      trend: 'DOWN',
      aggregates: [
        { grain: 1, grainUnit: 'days', value: 50, valueUnit: 'percentage' },
        { grain: 7, grainUnit: 'days', value: 50, valueUnit: 'percentage' },
        { grain: 30, grainUnit: 'days', value: 88.33, valueUnit: 'percentage' },
      ],
    });
  });

  test('the Consumption daily summaries and the utilization property read the same rows', async () => {
    const f = encodeURIComponent('properties/usageDate ge 2026-11-20 and properties/usageDate le 2026-11-26');
    const res = await server.call('GET', `/providers/Microsoft.Capacity/reservationorders/${rising.orderId}/reservations/${rising.id}/providers/Microsoft.Consumption/reservationSummaries?api-version=2024-08-01&grain=daily&$filter=${f}`, { token });
    const rows = res.body.value.map((v: any) => v.properties);
    const reserved = rows.reduce((s: number, p: any) => s + p.reservedHours, 0);
    const used = rows.reduce((s: number, p: any) => s + p.usedHours, 0);
    const week = (await utilizationOf(rising)).aggregates.find((a: any) => a.grain === 7).value;
    assert.equal(Math.round((used / reserved) * 10_000) / 100, week);
  });
});
