import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactSize, observeDemand, proposeSizes, regionBaseUnits } from '../../src/domain/exchange-advisor.ts';
import { recommendPurchase } from '../../src/domain/purchase-advisor.ts';

const dates = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
const DSV5 = [
  { skuName: 'Standard_D2s_v5', flexRatio: 1 }, { skuName: 'Standard_D4s_v5', flexRatio: 2 },
  { skuName: 'Standard_D8s_v5', flexRatio: 4 }, { skuName: 'Standard_D16s_v5', flexRatio: 8 },
];

test('sizing takes the p90 of the daily peaks: three spike days of thirty do not keep the reservation big', () => {
  const r = { skuName: 'Standard_D8s_v5', quantity: 2, flexRatio: 4 }; // 8 normalized units
  // 27 days peaking at 25 % (2 units), 3 days at 100 % (8 units); 30 % used on average.
  const days = dates('2026-11-01', 30).map((d, i) => ({ usageDate: d, reservedHours: 48, usedHours: i < 3 ? 24 : 12, maxPct: i < 3 ? 100 : 25 }));
  const o = observeDemand(r, days)!;
  assert.equal(o.sizingUnits, 2, 'rank ⌈0.9 × 30⌉ = 27 of the sorted peaks');
  assert.equal(o.currentUnits, 8);
  assert.equal(o.utilizationPct, 27.5);
  assert.equal(o.averageUnits, 2.2);
  // Over 7 days the p90 is the largest peak: one spike day in a week does count.
  const week = observeDemand(r, days.slice(0, 7))!;
  assert.equal(week.sizingUnits, 8);
  assert.deepEqual(proposeSizes(r, week, DSV5), [], 'nothing smaller fits a week that peaked at full use');
});

test('proposals: the smallest quantity per size, smaller than today, best fit first; one D4s_v5 before two D2s_v5', () => {
  const r = { skuName: 'Standard_D8s_v5', quantity: 2, flexRatio: 4 };
  const o = { days: 7, from: '2026-11-01', to: '2026-11-07', sizingUnits: 3, averageUnits: 2.4, currentUnits: 8, utilizationPct: 30 };
  assert.deepEqual(proposeSizes(r, o, DSV5), [
    { skuName: 'Standard_D2s_v5', quantity: 3, units: 3, projectedUtilizationPct: 80 },
    // Same units and utilization: the one larger instance first.
    { skuName: 'Standard_D8s_v5', quantity: 1, units: 4, projectedUtilizationPct: 60 },
    { skuName: 'Standard_D4s_v5', quantity: 2, units: 4, projectedUtilizationPct: 60 },
  ]);
  const even = proposeSizes(r, { ...o, sizingUnits: 2, averageUnits: 2 }, DSV5);
  assert.deepEqual(even.slice(0, 2).map((p) => [p.skuName, p.quantity]), [['Standard_D4s_v5', 1], ['Standard_D2s_v5', 2]]);
  assert.deepEqual(proposeSizes(r, { ...o, sizingUnits: 0 }, DSV5), [], 'no usage: nothing to exchange into');
  // A SKU without a flexibility group: only fewer units of itself.
  const plain = { skuName: 'Premium_P1', quantity: 5, flexRatio: 1 };
  assert.deepEqual(proposeSizes(plain, { ...o, sizingUnits: 2.5, averageUnits: 2, currentUnits: 5 }, [{ skuName: 'Premium_P1', flexRatio: 1 }]),
    [{ skuName: 'Premium_P1', quantity: 3, units: 3, projectedUtilizationPct: 66.67 }]);
});

test('purchase: base load is the fewest instances in any hour; a missing day is zero', () => {
  const window = dates('2027-01-01', 7);
  const day = (d: string) => ({ usageDate: d, usageHours: 48, minHourlyInstances: 2, costMinor: 48 * 100 });
  const prices = [{ term: 'P1Y' as const, unitPriceMinor: 500_000 }];
  assert.equal(recommendPurchase(window, window.slice(1).map(day), prices), null);
  const full = recommendPurchase(window, window.map(day), prices)!;
  assert.equal(full.quantity, 2);
  assert.equal(full.hourlyRateMinor, 100);
  // 2 × 500,000 = 1,000,000 against 2 × 730 × 100 = 146,000 a month: ⌈6.85⌉ = month 7; 2 × 8,760 × 100 = 1,752,000 on demand.
  assert.deepEqual(full.terms.map((t) => [t.term, t.reservationCostMinor, t.onDemandCostMinor, t.netSavingsMinor, t.breakEvenMonth]), [['P1Y', 1_000_000, 1_752_000, 752_000, 7]]);
  // Exactly at a month boundary: 2 × 730 × 100 × 6 = 876,000 → month 6, not 7.
  assert.equal(recommendPurchase(window, window.map(day), [{ term: 'P1Y', unitPriceMinor: 438_000 }])!.terms[0]!.breakEvenMonth, 6);
  // A term that does not pay off within itself is left out; none at all → null.
  assert.equal(recommendPurchase(window, window.map(day), [{ term: 'P1Y', unitPriceMinor: 900_000 }]), null);
});

test('purchase, shared: subscriptions add up, hours and cost and base load', () => {
  const window = dates('2027-01-01', 3);
  const rows = window.flatMap((d) => [
    { usageDate: d, usageHours: 24, minHourlyInstances: 1, costMinor: 2_400 },
    { usageDate: d, usageHours: 30, minHourlyInstances: 1, costMinor: 3_000 },
  ]);
  const shared = recommendPurchase(window, rows, [{ term: 'P1Y', unitPriceMinor: 400_000 }])!;
  assert.equal(shared.quantity, 2);
  assert.equal(shared.totalHours, 162);
  assert.equal(shared.costMinor, 16_200);
  // Look-back as Azure reports it: 800,000 × 72 ÷ 8,760 = 6,575.34 → 6,575; 162 − 144 = 18 h above the base load at 100 = 1,800.
  assert.equal(shared.terms[0]!.lookBackCostWithReservationMinor, 6_575 + 1_800);
  assert.equal(shared.terms[0]!.lookBackNetSavingsMinor, 16_200 - 8_375);
});

test('region: the steady on-demand load in normalized units, as the fewest instances of one size', () => {
  const window = dates('2027-01-01', 3);
  // Day by day: 2 × D2s (1) + 1 × D4s (2) = 4; then 3; then 5 → the base is 3.
  const rows = [
    { usageDate: window[0]!, flexRatio: 1, minHourlyInstances: 2 }, { usageDate: window[0]!, flexRatio: 2, minHourlyInstances: 1 },
    { usageDate: window[1]!, flexRatio: 1, minHourlyInstances: 3 },
    { usageDate: window[2]!, flexRatio: 1, minHourlyInstances: 1 }, { usageDate: window[2]!, flexRatio: 2, minHourlyInstances: 2 },
  ];
  assert.equal(regionBaseUnits(window, rows), 3);
  assert.equal(regionBaseUnits(window, rows.filter((r) => r.usageDate !== window[1])), 0, 'a day without usage is zero');
  assert.deepEqual(exactSize(3, DSV5), { skuName: 'Standard_D2s_v5', quantity: 3 });
  assert.deepEqual(exactSize(12, DSV5), { skuName: 'Standard_D8s_v5', quantity: 3 }, 'D16s_v5 (8) does not divide 12; D8s_v5 (4) does');
  assert.equal(exactSize(0, DSV5), null);
});
