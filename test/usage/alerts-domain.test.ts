import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MONEY_POLICY } from '../../src/domain/policy-settings.ts';
import { evaluateUsageAlerts, type UsageDay } from '../../src/domain/usage-alerts.ts';

/** Days from `from`, one row each, `used` of 24 reserved hours (quantity 1). */
function days(from: string, used: number[]): UsageDay[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return used.map((u, i) => ({ usageDate: new Date(start + i * 86_400_000).toISOString().slice(0, 10), reservedHours: 24, usedHours: u }));
}

const policy = DEFAULT_MONEY_POLICY;

test('the documented defaults: under 80 % over 7 days, no usage for 3 days', () => {
  assert.equal(policy.lowUtilizationThresholdPct, 80);
  assert.equal(policy.lowUtilizationLookBackDays, 7);
  assert.equal(policy.noUsageDays, 3);
});

test('low utilization over the 7 days ending with the latest day of data; today never counts', () => {
  // 7 days at 18 of 24 hours = 75 % < 80 %; a full "today" row must not lift it.
  const rows = [...days('2026-12-01', [18, 18, 18, 18, 18, 18, 18]), { usageDate: '2026-12-08', reservedHours: 24, usedHours: 24 }];
  const v = evaluateUsageAlerts(rows, '2026-11-20', '2026-12-08', policy);
  assert.equal(v.lowUtilization.state, 'raised');
  assert.deepEqual(v.lowUtilization.state === 'raised' && v.lowUtilization.details, { utilizationPct: 75, thresholdPct: 80, from: '2026-12-01', to: '2026-12-07', reservedHours: 168, usedHours: 126 });
  assert.equal(v.noUsage.state, 'clear');
});

test('exactly at the threshold is not low; one day lifts the week above it and clears', () => {
  // 6 × 18 + 1 × 26.88 = 134.88 of 168 = 80.29 % (used hours are capped at reserved: 26.88 counts 24 → 132 = 78.57 %).
  const capped = evaluateUsageAlerts(days('2026-12-01', [18, 18, 18, 18, 18, 18, 26.88]), '2026-11-20', '2026-12-08', policy);
  assert.equal(capped.lowUtilization.state, 'raised', 'used hours above the reserved hours do not count');
  const at80 = evaluateUsageAlerts(days('2026-12-01', [19.2, 19.2, 19.2, 19.2, 19.2, 19.2, 19.2]), '2026-11-20', '2026-12-08', policy);
  assert.equal(at80.lowUtilization.state, 'clear');
});

test('unknown, not clear and not raised: a missing day, stale data, a reservation younger than the window', () => {
  const gap = days('2026-12-01', [0, 0, 0, 0, 0, 0, 0]).filter((d) => d.usageDate !== '2026-12-03');
  assert.equal(evaluateUsageAlerts(gap, '2026-11-20', '2026-12-08', policy).lowUtilization.state, 'unknown');
  assert.equal(evaluateUsageAlerts(gap, '2026-11-20', '2026-12-08', policy).noUsage.state, 'raised', 'the last 3 days are there and empty');
  const stale = days('2026-11-01', [0, 0, 0, 0, 0, 0, 0]);
  const v = evaluateUsageAlerts(stale, '2026-10-01', '2026-12-08', policy);
  assert.deepEqual([v.lowUtilization.state, v.noUsage.state], ['unknown', 'unknown']);
  const young = evaluateUsageAlerts(days('2026-12-05', [0, 0, 0]), '2026-12-05', '2026-12-08', policy);
  assert.equal(young.lowUtilization.state, 'unknown', 'three days are not a 7-day look-back');
  assert.equal(young.noUsage.state, 'raised');
  assert.deepEqual(evaluateUsageAlerts([], '2026-12-01', '2026-12-08', policy), { lowUtilization: { state: 'unknown' }, noUsage: { state: 'unknown' } });
});

test('no usage: any used hour in the last days clears it, even with a day missing', () => {
  const rows = days('2026-12-05', [0, 0.5]);
  assert.equal(evaluateUsageAlerts(rows, '2026-11-01', '2026-12-08', policy).noUsage.state, 'clear');
  assert.equal(evaluateUsageAlerts(days('2026-12-05', [0, 0, 0]), '2026-11-01', '2026-12-08', { ...policy, noUsageDays: 4 }).noUsage.state, 'unknown');
});
