import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addMonths } from '../../src/domain/dates.ts';
import { money, type CurrencyCode } from '../../src/domain/money.ts';
import { DEFAULT_MONEY_POLICY, convertFromUsd } from '../../src/domain/policy-settings.ts';
import { allowanceOf, capLimit, checkCap, releaseDate, type CapEntry } from '../../src/domain/refund-cap.ts';
import { quoteRefund } from '../../src/domain/refund.ts';
import { DAY_MS, anyTestCurrency, at, makeReservation, policyWith, refundInput, roundHalfEven, scheduleWithPaid } from './factories.ts';

const P = DEFAULT_MONEY_POLICY;

/** A cap entry consumed at `consumedAt`, released after the policy's window. */
const entry = (currency: CurrencyCode, minor: number, consumedAt: Date, policy = P): CapEntry => ({
  amount: money(currency, minor),
  consumedAt: consumedAt.toISOString(),
  releasesAt: releaseDate(policy, consumedAt).toISOString(),
});

const LIMIT = { KRW: 67_500_000, USD: 5_000_000 } as const;

describe('capLimit: USD 50,000 in the partner’s currency', () => {
  test('the default policy: USD 50,000.00; KRW 67,500,000 at 1,350 won a dollar', () => {
    assert.equal(P.refundCapUsdCents, 5_000_000);
    assert.equal(P.usdRates.KRW, '1350');
    assert.deepEqual(capLimit(P, 'USD'), money('USD', 5_000_000));
    assert.deepEqual(capLimit(P, 'KRW'), money('KRW', 67_500_000));
    assert.deepEqual(capLimit(P, 'EUR'), money('EUR', 4_600_000)); // 50,000 × 0.92 = 46,000.00
    assert.deepEqual(capLimit(P, 'JPY'), money('JPY', 7_500_000));
  });

  test('the limit follows the policy’s amount and rate', () => {
    assert.deepEqual(capLimit(policyWith({ refundCapUsdCents: 10_000_000 }), 'KRW'), money('KRW', 135_000_000));
    assert.deepEqual(capLimit(policyWith({ usdRates: { ...P.usdRates, KRW: '1400.5' } }), 'KRW'), money('KRW', 70_025_000));
  });

  test('conversion rounds half-even to the currency’s minor unit', () => {
    // USD 0.01 = KRW 13.5 → 14; USD 0.03 = 40.5 → 40; USD 0.05 = 67.5 → 68
    assert.deepEqual(convertFromUsd(P, 1, 'KRW'), money('KRW', 14));
    assert.deepEqual(convertFromUsd(P, 3, 'KRW'), money('KRW', 40));
    assert.deepEqual(convertFromUsd(P, 5, 'KRW'), money('KRW', 68));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), (cents) => {
        assert.equal(convertFromUsd(P, cents, 'KRW').minor, Number(roundHalfEven(BigInt(cents) * 1350n, 100n)));
        assert.equal(convertFromUsd(P, cents, 'USD').minor, cents);
      }),
    );
  });

  test('a currency without a rate is an error, not a zero limit', () => {
    assert.throws(() => capLimit(policyWith({ usdRates: { USD: '1' } }), 'KRW'), { name: 'RangeError', message: /no USD rate for KRW/ });
  });
});

describe('checkCap: exactly at the limit is accepted, one minor unit over is refused', () => {
  const now = at('2025-07-10T00:00:00Z');
  for (const currency of ['KRW', 'USD'] as const) {
    test(`${currency}: one return of the whole limit, then of the limit + 1`, () => {
      const empty = allowanceOf(P, currency, [], now);
      assert.deepEqual(empty.remaining, money(currency, LIMIT[currency]));
      assert.deepEqual(checkCap(empty, money(currency, LIMIT[currency])), { ok: true, exceededBy: money(currency, 0) });
      assert.deepEqual(checkCap(empty, money(currency, LIMIT[currency] + 1)), { ok: false, exceededBy: money(currency, 1) });
    });

    test(`${currency}: earlier returns in the window leave exactly the rest`, () => {
      const allowance = allowanceOf(P, currency, [entry(currency, 1_234_567, at('2025-01-01T00:00:00Z')), entry(currency, 1, at('2025-06-01T00:00:00Z'))], now);
      const rest = LIMIT[currency] - 1_234_568;
      assert.deepEqual(allowance.consumed, money(currency, 1_234_568));
      assert.deepEqual(allowance.remaining, money(currency, rest));
      assert.equal(checkCap(allowance, money(currency, rest)).ok, true);
      assert.deepEqual(checkCap(allowance, money(currency, rest + 1)), { ok: false, exceededBy: money(currency, 1) });
    });
  }

  test('property, KRW and USD: ok ⇔ consumed + consumption ≤ limit; exceededBy = max(0, consumed + consumption − limit)', () => {
    fc.assert(
      fc.property(
        anyTestCurrency,
        fc.array(fc.integer({ min: 0, max: 40_000_000 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: -3, max: 3 }),
        (currency, amounts, consumption, nudge) => {
          const entries = amounts.map((a, i) => entry(currency, a, new Date(now.getTime() - (i + 1) * DAY_MS)));
          const allowance = allowanceOf(P, currency, entries, now);
          const consumed = amounts.reduce((s, a) => s + a, 0);
          assert.deepEqual(allowance.consumed, money(currency, consumed));
          assert.deepEqual(allowance.remaining, money(currency, Math.max(0, LIMIT[currency] - consumed)));
          for (const c of [consumption, Math.max(0, LIMIT[currency] - consumed + nudge)]) {
            const result = checkCap(allowance, money(currency, c));
            assert.equal(result.ok, consumed + c <= LIMIT[currency]);
            assert.deepEqual(result.exceededBy, money(currency, Math.max(0, consumed + c - LIMIT[currency])));
          }
        },
      ),
    );
  });
});

describe('the rolling 365-day window', () => {
  test('releaseDate is 365 days after the consumption, to the millisecond (also across a leap day)', () => {
    assert.equal(releaseDate(P, at('2025-07-10T09:15:00Z')).toISOString(), '2026-07-10T09:15:00.000Z');
    assert.equal(releaseDate(P, at('2024-01-15T00:00:00Z')).toISOString(), '2025-01-14T00:00:00.000Z');
    assert.equal(releaseDate(policyWith({ refundWindowDays: 30 }), at('2025-07-10T00:00:00Z')).toISOString(), '2025-08-09T00:00:00.000Z');
  });

  test('the rules’ example: USD 2,400 refunded leaves USD 47,600, and is available again 365 days later', () => {
    const purchase = at('2024-07-10T09:00:00Z');
    const r = makeReservation({ term: 'P3Y', billingPlan: 'Monthly', purchaseAt: purchase.toISOString() });
    const refundedAt = addMonths(purchase, 12);
    const unit = money('USD', 360_000);
    const q = quoteRefund(refundInput(r, { now: refundedAt, paidUnitPrice: unit, payments: scheduleWithPaid(unit, 'P3Y', purchase, 12), liveOrderQuantity: 1 }));
    assert.deepEqual(q.cancelledCommitment, money('USD', 240_000));
    const entries = [entry('USD', q.cancelledCommitment.minor, refundedAt)];
    const releasesAt = new Date(entries[0]!.releasesAt);
    assert.equal(releasesAt.getTime() - refundedAt.getTime(), 365 * DAY_MS);

    const after = allowanceOf(P, 'USD', entries, refundedAt);
    assert.deepEqual([after.consumed.minor, after.remaining.minor, after.limit.minor], [240_000, 4_760_000, 5_000_000]);
    assert.deepEqual(allowanceOf(P, 'USD', entries, new Date(releasesAt.getTime() - 1)).remaining, money('USD', 4_760_000));
    const released = allowanceOf(P, 'USD', entries, releasesAt);
    assert.deepEqual([released.consumed.minor, released.remaining.minor, released.entries.length], [0, 5_000_000, 0]);

    // a customer who already returned USD 47,600.00 this window can return this one exactly; a cent more cannot
    const earlier = at('2025-01-01T00:00:00Z');
    const full = allowanceOf(P, 'USD', [entry('USD', 4_760_000, earlier)], refundedAt);
    assert.deepEqual(checkCap(full, q.cancelledCommitment), { ok: true, exceededBy: money('USD', 0) });
    const oneCentMore = allowanceOf(P, 'USD', [entry('USD', 4_760_001, earlier)], refundedAt);
    assert.deepEqual(checkCap(oneCentMore, q.cancelledCommitment), { ok: false, exceededBy: money('USD', 1) });
  });

  test('allowanceOf leaves released entries out; the live ones are listed', () => {
    const now = at('2025-07-10T00:00:00Z');
    const entries = [
      entry('KRW', 10_000_000, at('2024-07-10T00:00:00Z')), // released exactly now
      entry('KRW', 20_000_000, at('2024-07-10T00:00:00.001Z')), // released a millisecond from now
      entry('KRW', 30_000_000, at('2025-07-09T00:00:00Z')),
    ];
    const a = allowanceOf(P, 'KRW', entries, now);
    assert.deepEqual(a.entries, entries.slice(1));
    assert.deepEqual(a.consumed, money('KRW', 50_000_000));
    assert.deepEqual(a.remaining, money('KRW', 17_500_000));
    // the return that fits now is refused by 1 won a millisecond earlier, when the first entry still counted
    assert.equal(checkCap(a, money('KRW', 17_500_000)).ok, true);
    const before = allowanceOf(P, 'KRW', entries, new Date(now.getTime() - 1));
    assert.deepEqual(checkCap(before, money('KRW', 7_500_001)), { ok: false, exceededBy: money('KRW', 1) });
  });

  test('over the limit, the remaining allowance is zero, not negative', () => {
    const now = at('2025-07-10T00:00:00Z');
    const a = allowanceOf(P, 'USD', [entry('USD', 3_000_000, now), entry('USD', 3_000_000, now)], now);
    assert.deepEqual(a.remaining, money('USD', 0));
    assert.deepEqual(checkCap(a, money('USD', 1)), { ok: false, exceededBy: money('USD', 1_000_001) });
  });

  test('property, KRW and USD: an entry counts from its consumption until, not including, its release instant', () => {
    fc.assert(
      fc.property(
        anyTestCurrency,
        fc.array(fc.record({ minor: fc.integer({ min: 1, max: 10_000_000 }), day: fc.integer({ min: 0, max: 900 }), ms: fc.integer({ min: 0, max: DAY_MS - 1 }) }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 1300 * DAY_MS }),
        (currency, raw, nowOffset) => {
          const origin = Date.UTC(2024, 0, 1);
          const entries = raw.map((e) => entry(currency, e.minor, new Date(origin + e.day * DAY_MS + e.ms)));
          const now = new Date(origin + nowOffset);
          const a = allowanceOf(P, currency, entries, now);
          const live = raw.filter((e) => origin + e.day * DAY_MS + e.ms + 365 * DAY_MS > now.getTime());
          const consumed = live.reduce((s, e) => s + e.minor, 0);
          assert.equal(a.entries.length, live.length);
          assert.deepEqual(a.consumed, money(currency, consumed));
          assert.deepEqual(a.remaining, money(currency, Math.max(0, LIMIT[currency] - consumed)));
          assert.deepEqual(a.limit, money(currency, LIMIT[currency]));
        },
      ),
    );
  });
});
