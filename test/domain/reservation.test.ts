import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  PROVISIONING_STATES,
  displayStateOf,
  expiryFor,
  isActive,
  paymentSchedule,
  renewStateOf,
  scopeKindOf,
  termDays,
  type ProvisioningState,
} from '../../src/domain/reservation.ts';
import { money, type Money } from '../../src/domain/money.ts';
import { daysBetween } from '../../src/domain/dates.ts';
import { TERMS } from '../../src/domain/catalog.ts';

const at = (iso: string): Date => new Date(iso);
const DAY = 86_400_000;

describe('expiryFor and termDays', () => {
  test('one year from 2024-07-10 ends 2025-07-10 at the same instant', () => {
    assert.equal(expiryFor(at('2024-07-10T13:05:00Z'), 'P1Y').toISOString(), '2025-07-10T13:05:00.000Z');
  });

  test('three and five years', () => {
    assert.equal(expiryFor(at('2024-07-10T13:05:00Z'), 'P3Y').toISOString(), '2027-07-10T13:05:00.000Z');
    assert.equal(expiryFor(at('2024-07-10T13:05:00Z'), 'P5Y').toISOString(), '2029-07-10T13:05:00.000Z');
  });

  test('bought on a leap day: the term ends on Feb 28', () => {
    assert.equal(expiryFor(at('2024-02-29T00:00:00Z'), 'P1Y').toISOString(), '2025-02-28T00:00:00.000Z');
    assert.equal(expiryFor(at('2024-02-29T00:00:00Z'), 'P3Y').toISOString(), '2027-02-28T00:00:00.000Z');
  });

  test('termDays counts UTC dates: 365, 366 over a leap day, 1095/1096 for three years', () => {
    const p = at('2024-07-10T13:05:00Z');
    assert.equal(termDays(p, expiryFor(p, 'P1Y')), 365);
    const q = at('2023-07-10T13:05:00Z');
    assert.equal(termDays(q, expiryFor(q, 'P1Y')), 366);
    assert.equal(termDays(p, expiryFor(p, 'P3Y')), 1095);
    assert.equal(termDays(q, expiryFor(q, 'P3Y')), 1096);
    assert.equal(termDays(p, expiryFor(p, 'P5Y')), 1826);
  });

  test('the rules §4 example: returned 2025-07-09 → 1 remaining day of 365', () => {
    const purchase = at('2024-07-10T00:00:00Z');
    const expiry = expiryFor(purchase, 'P1Y');
    assert.equal(daysBetween(at('2025-07-09T21:00:00Z'), expiry), 1);
    assert.equal(termDays(purchase, expiry), 365);
  });
});

describe('displayStateOf', () => {
  const expiryAt = '2025-07-10T12:00:00.000Z';
  const expiry = at(expiryAt);
  const succeeded = { provisioningState: 'Succeeded' as const, expiryAt };

  test('Succeeded well before expiry', () => {
    assert.equal(displayStateOf(succeeded, at('2024-07-10T12:00:00Z')), 'Succeeded');
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() - 30 * DAY - 1)), 'Succeeded');
  });

  test('Expiring within 30 days of the expiry (inclusive)', () => {
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() - 30 * DAY)), 'Expiring');
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() - 10 * DAY)), 'Expiring');
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() - 1)), 'Expiring');
  });

  test('Expired from the expiry instant on, even while the stored state is still Succeeded', () => {
    assert.equal(displayStateOf(succeeded, expiry), 'Expired');
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() + 1)), 'Expired');
    assert.equal(displayStateOf(succeeded, at('2030-01-01T00:00:00Z')), 'Expired');
  });

  test('the window is a parameter', () => {
    const now = new Date(expiry.getTime() - 10 * DAY);
    assert.equal(displayStateOf(succeeded, now, 7), 'Succeeded');
    assert.equal(displayStateOf(succeeded, now, 10), 'Expiring');
    assert.equal(displayStateOf(succeeded, new Date(expiry.getTime() - 1), 0), 'Succeeded');
  });

  test('stored states map to the display states', () => {
    const now = at('2024-08-01T00:00:00Z'); // well before expiry
    const expected: Record<ProvisioningState, string> = {
      Creating: 'Pending',
      PendingResourceHold: 'Pending',
      ConfirmedResourceHold: 'Pending',
      PendingBilling: 'Pending',
      ConfirmedBilling: 'Pending',
      Created: 'Pending',
      Succeeded: 'Succeeded',
      Cancelled: 'Cancelled',
      Expired: 'Expired',
      BillingFailed: 'Failed',
      Failed: 'Failed',
      Split: 'Cancelled',
      Merged: 'Cancelled',
    };
    assert.deepEqual(Object.keys(expected).sort(), [...PROVISIONING_STATES].sort());
    for (const s of PROVISIONING_STATES) {
      assert.equal(displayStateOf({ provisioningState: s, expiryAt }, now), expected[s], s);
    }
  });

  test('a cancelled reservation stays Cancelled after its expiry date', () => {
    assert.equal(displayStateOf({ provisioningState: 'Cancelled', expiryAt }, at('2030-01-01T00:00:00Z')), 'Cancelled');
  });

  test('isActive: only a Succeeded reservation before its expiry', () => {
    assert.equal(isActive(succeeded, new Date(expiry.getTime() - 1)), true);
    assert.equal(isActive(succeeded, expiry), false);
    assert.equal(isActive({ provisioningState: 'Cancelled', expiryAt }, at('2024-08-01T00:00:00Z')), false);
    assert.equal(isActive({ provisioningState: 'Creating', expiryAt }, at('2024-08-01T00:00:00Z')), false);
  });
});

describe('renewStateOf', () => {
  test('On and Off for an active reservation', () => {
    assert.equal(renewStateOf({ renew: true, renewDestination: null, provisioningState: 'Succeeded' }), 'On');
    assert.equal(renewStateOf({ renew: false, renewDestination: null, provisioningState: 'Succeeded' }), 'Off');
  });

  test('Renewed once a renewal exists, whatever the state', () => {
    assert.equal(renewStateOf({ renew: true, renewDestination: '/providers/x', provisioningState: 'Expired' }), 'Renewed');
    assert.equal(renewStateOf({ renew: false, renewDestination: '/providers/x', provisioningState: 'Succeeded' }), 'Renewed');
  });

  test('NotRenewed for an expired reservation without a renewal', () => {
    assert.equal(renewStateOf({ renew: true, renewDestination: null, provisioningState: 'Expired' }), 'NotRenewed');
    assert.equal(renewStateOf({ renew: false, renewDestination: null, provisioningState: 'Expired' }), 'NotRenewed');
  });

  test('NotApplicable for cancelled, split, merged, failed and pending reservations', () => {
    for (const s of ['Cancelled', 'Split', 'Merged', 'Failed', 'Creating', 'PendingBilling'] as const) {
      assert.equal(renewStateOf({ renew: true, renewDestination: null, provisioningState: s }), 'NotApplicable', s);
    }
  });
});

describe('scopeKindOf', () => {
  const sub = '/subscriptions/00000000-0000-0000-0000-000000000001';
  test('Shared and ManagementGroup are themselves', () => {
    assert.equal(scopeKindOf({ appliedScopeType: 'Shared', appliedScopes: [] }), 'Shared');
    assert.equal(
      scopeKindOf({ appliedScopeType: 'ManagementGroup', appliedScopes: ['/providers/Microsoft.Management/managementGroups/mg1'] }),
      'ManagementGroup',
    );
  });

  test('Single names a subscription or a resource group', () => {
    assert.equal(scopeKindOf({ appliedScopeType: 'Single', appliedScopes: [sub] }), 'Single');
    assert.equal(scopeKindOf({ appliedScopeType: 'Single', appliedScopes: [`${sub}/resourceGroups/rg-web`] }), 'ResourceGroup');
    assert.equal(scopeKindOf({ appliedScopeType: 'Single', appliedScopes: [`${sub}/RESOURCEGROUPS/rg-web`] }), 'ResourceGroup');
  });

  test('Single with no scope is None', () => {
    assert.equal(scopeKindOf({ appliedScopeType: 'Single', appliedScopes: [] }), 'None');
  });
});

describe('paymentSchedule', () => {
  const purchase = at('2024-07-10T13:05:00Z');

  test('Upfront: one Succeeded payment of the total on the purchase date', () => {
    const total = money('USD', 123_456);
    assert.deepEqual(paymentSchedule(total, 'Upfront', 'P1Y', purchase), [
      { sequence: 1, dueDate: '2024-07-10', amount: total, status: 'Succeeded', paymentDate: '2024-07-10' },
    ]);
    assert.equal(paymentSchedule(total, 'Upfront', 'P3Y', purchase).length, 1);
  });

  test('Monthly P1Y in USD: 12 instalments, exact sum, first charged, rest scheduled monthly', () => {
    const total = money('USD', 100_000); // USD 1,000.00
    const s = paymentSchedule(total, 'Monthly', 'P1Y', purchase);
    assert.equal(s.length, 12);
    assert.deepEqual(s.map((p) => p.sequence), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.equal(s.reduce((acc, p) => acc + p.amount.minor, 0), 100_000);
    assert.ok(s.every((p) => p.amount.currency === 'USD'));
    assert.deepEqual(s.map((p) => p.amount.minor), [8334, 8334, 8334, 8334, 8333, 8333, 8333, 8333, 8333, 8333, 8333, 8333]);
    assert.deepEqual(s.map((p) => p.dueDate), [
      '2024-07-10', '2024-08-10', '2024-09-10', '2024-10-10', '2024-11-10', '2024-12-10',
      '2025-01-10', '2025-02-10', '2025-03-10', '2025-04-10', '2025-05-10', '2025-06-10',
    ]);
    assert.equal(s[0]!.status, 'Succeeded');
    assert.equal(s[0]!.paymentDate, '2024-07-10');
    for (const p of s.slice(1)) {
      assert.equal(p.status, 'Scheduled');
      assert.equal(p.paymentDate, null);
    }
  });

  test('Monthly P1Y in KRW: whole won, exact sum', () => {
    const total = money('KRW', 1_000_000);
    const s = paymentSchedule(total, 'Monthly', 'P1Y', purchase);
    assert.equal(s.length, 12);
    assert.deepEqual(s.map((p) => p.amount.minor), [83334, 83334, 83334, 83334, 83333, 83333, 83333, 83333, 83333, 83333, 83333, 83333]);
    assert.ok(s.every((p) => p.amount.currency === 'KRW' && Number.isInteger(p.amount.minor)));
    assert.equal(s.reduce((acc, p) => acc + p.amount.minor, 0), 1_000_000);
  });

  test('Monthly P3Y and P5Y have 36 and 60 instalments', () => {
    const s3 = paymentSchedule(money('USD', 360_001), 'Monthly', 'P3Y', purchase);
    assert.equal(s3.length, 36);
    assert.equal(s3.at(-1)!.dueDate, '2027-06-10');
    assert.equal(s3.reduce((acc, p) => acc + p.amount.minor, 0), 360_001);
    assert.equal(paymentSchedule(money('USD', 600_000), 'Monthly', 'P5Y', purchase).length, 60);
  });

  test('bought on the 31st: instalments fall on month ends without drifting', () => {
    const s = paymentSchedule(money('USD', 1200), 'Monthly', 'P1Y', at('2024-01-31T10:00:00Z'));
    assert.deepEqual(s.slice(0, 4).map((p) => p.dueDate), ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
  });

  test('dates are UTC dates of the purchase instant', () => {
    // 08:00 in Seoul on 2024-07-10 is 2024-07-09 in UTC
    const s = paymentSchedule(money('KRW', 12), 'Monthly', 'P1Y', at('2024-07-10T08:00:00+09:00'));
    assert.equal(s[0]!.dueDate, '2024-07-09');
    assert.equal(s[0]!.paymentDate, '2024-07-09');
    assert.equal(s[1]!.dueDate, '2024-08-09');
  });

  test('property: any total, any term, both plans: instalments sum exactly, differ by at most 1, dates ascend', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('USD', 'KRW', 'EUR', 'JPY' as const),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.constantFrom(...TERMS),
        fc.constantFrom('Upfront' as const, 'Monthly' as const),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
        (currency, minor, term, plan, ms) => {
          const total: Money = money(currency, minor);
          const s = paymentSchedule(total, plan, term, new Date(ms));
          const months = { P1Y: 12, P3Y: 36, P5Y: 60 }[term];
          assert.equal(s.length, plan === 'Upfront' ? 1 : months);
          assert.equal(s.reduce((acc, p) => acc + p.amount.minor, 0), minor);
          const amounts = s.map((p) => p.amount.minor);
          assert.ok(Math.max(...amounts) - Math.min(...amounts) <= 1);
          for (let i = 1; i < s.length; i++) assert.ok(s[i]!.dueDate > s[i - 1]!.dueDate);
          assert.equal(s.filter((p) => p.status === 'Succeeded').length, 1);
        },
      ),
    );
  });
});
