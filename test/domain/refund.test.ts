import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RESERVED_RESOURCE_TYPES, termMonths, type ReservedResourceType, type Term } from '../../src/domain/catalog.ts';
import { addMonths } from '../../src/domain/dates.ts';
import { money, type CurrencyCode, type Money } from '../../src/domain/money.ts';
import { DEFAULT_MONEY_POLICY } from '../../src/domain/policy-settings.ts';
import { quoteRefund, type RefundInput, type RefundQuote } from '../../src/domain/refund.ts';
import { expiryFor, type ProvisioningState } from '../../src/domain/reservation.ts';
import {
  DAY_MS,
  anyPurchaseAt,
  anyTerm,
  anyTestCurrency,
  applyMonthlyReturn,
  at,
  instantWithin,
  makeReservation,
  paidWhenDue,
  policyWith,
  refundInput,
  roundHalfEven,
  scheduleWithPaid,
  termFraction,
  unitPriceIn,
  utcDayDiff,
} from './factories.ts';

const codes = (q: RefundQuote): string[] => q.policyErrors.map((e) => e.code);
const big = BigInt;

/** Every money field of a quote: exact integers of minor units in the quote's currency. */
function assertExactMoney(q: RefundQuote, currency: CurrencyCode): void {
  const fields: Array<[string, Money]> = [
    ['basisUnitPrice', q.basisUnitPrice], ['grossRefund', q.grossRefund], ['fee', q.fee], ['netRefund', q.netRefund],
    ['cancelledCommitment', q.cancelledCommitment], ['remainingCommitment', q.remainingCommitment], ['paidForReturnedUnits', q.paidForReturnedUnits],
  ];
  for (const c of q.monthly?.cancelled ?? []) fields.push([`cancelled#${c.sequence}`, c.cancelledAmount], [`remaining#${c.sequence}`, c.remainingAmount]);
  for (const [name, m] of fields) {
    assert.ok(Number.isSafeInteger(m.minor), `${name} = ${m.minor} is not an integer of minor units`);
    assert.equal(m.currency, currency, `${name} currency`);
  }
  assert.ok(Number.isInteger(q.remainingDays) && Number.isInteger(q.termDays));
}

// ---------------------------------------------------------------------------------------------
// Upfront: arbitrary reservations in KRW and USD, returned at an arbitrary instant of their term.
// ---------------------------------------------------------------------------------------------

interface UpfrontCase {
  currency: 'KRW' | 'USD';
  paid: number;
  current: number | null;
  held: number;
  returned: number;
  term: Term;
  purchaseAt: Date;
  ppm: number;
  feeBps: number;
}

const upfrontCase: fc.Arbitrary<UpfrontCase> = anyTestCurrency.chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    paid: unitPriceIn(currency),
    current: fc.option(unitPriceIn(currency), { nil: null }),
    held: fc.integer({ min: 1, max: 10_000 }),
    returnedPpm: fc.integer({ min: 0, max: 1_000_000 }),
    term: anyTerm,
    purchaseAt: anyPurchaseAt,
    ppm: termFraction,
    feeBps: fc.oneof(fc.constant(0), fc.constant(1200), fc.integer({ min: 0, max: 10_000 })),
  }).map(({ returnedPpm, ...c }) => ({ ...c, returned: 1 + Math.floor(((c.held - 1) * returnedPpm) / 1_000_000) })),
);

function upfrontInput(c: UpfrontCase, overrides: Partial<RefundInput> = {}): RefundInput {
  const reservation = makeReservation({ purchaseAt: c.purchaseAt.toISOString(), term: c.term, quantity: c.held });
  const expiry = new Date(reservation.expiryAt);
  return refundInput(reservation, {
    quantity: c.returned,
    now: instantWithin(c.purchaseAt, expiry, c.ppm),
    paidUnitPrice: money(c.currency, c.paid),
    currentUnitPrice: c.current === null ? null : money(c.currency, c.current),
    policy: policyWith({ earlyTerminationFeeBps: c.feeBps }),
    ...overrides,
  });
}

describe('quoteRefund, upfront: properties in KRW and USD', () => {
  test('the refund never exceeds what was paid for the returned quantity (gross ≥ net ≥ 0)', () => {
    fc.assert(
      fc.property(upfrontCase, (c) => {
        const q = quoteRefund(upfrontInput(c));
        assert.deepEqual(q.policyErrors, []);
        assert.equal(q.quantity, c.returned);
        assert.equal(q.paidForReturnedUnits.minor, c.paid * c.returned);
        assert.ok(q.grossRefund.minor <= c.paid * c.returned, `gross ${q.grossRefund.minor} > paid ${c.paid * c.returned}`);
        assert.ok(q.grossRefund.minor >= 0);
        assert.ok(q.netRefund.minor <= q.grossRefund.minor && q.netRefund.minor >= 0);
        assert.ok(q.remainingCommitment.minor <= c.paid * c.returned);
      }),
      { numRuns: 500 },
    );
  });

  test('the refund is round-half-even(min(paid, current) × quantity × remaining days ÷ term days), in whole UTC days', () => {
    fc.assert(
      fc.property(upfrontCase, (c) => {
        const input = upfrontInput(c);
        const q = quoteRefund(input);
        const purchase = new Date(input.reservation.purchaseAt);
        const expiry = new Date(input.reservation.expiryAt);
        const td = utcDayDiff(purchase, expiry);
        const rd = Math.min(td, Math.max(0, utcDayDiff(input.now, expiry)));
        assert.equal(q.termDays, td);
        assert.equal(q.remainingDays, rd);
        const basis = c.current === null ? c.paid : Math.min(c.paid, c.current);
        assert.equal(q.basisUnitPrice.minor, basis);
        assert.equal(q.grossRefund.minor, Number(roundHalfEven(big(basis) * big(c.returned) * big(rd), big(td))));
        // the remaining commitment is what was paid (not the lower price) for the unused days
        assert.equal(q.remainingCommitment.minor, Number(roundHalfEven(big(c.paid) * big(c.returned) * big(rd), big(td))));
        // upfront: nothing is scheduled, so the cap counts exactly the refund
        assert.equal(q.cancelledCommitment.minor, q.grossRefund.minor);
        assert.equal(q.monthly, null);
      }),
      { numRuns: 500 },
    );
  });

  test('results are exact integers of minor units in the purchase currency', () => {
    fc.assert(fc.property(upfrontCase, (c) => assertExactMoney(quoteRefund(upfrontInput(c)), c.currency)), { numRuns: 300 });
  });

  test('the lower of the paid and the current price is the basis; a missing or foreign-currency current price means the paid one', () => {
    fc.assert(
      fc.property(upfrontCase, (c) => {
        const q = quoteRefund(upfrontInput(c));
        const atPaid = quoteRefund(upfrontInput({ ...c, current: null }));
        const other: CurrencyCode = c.currency === 'KRW' ? 'USD' : 'KRW';
        const foreign = quoteRefund(upfrontInput(c, { currentUnitPrice: money(other, 1) }));
        assert.equal(atPaid.priceBasis, 'paid');
        assert.deepEqual(foreign.grossRefund, atPaid.grossRefund);
        assert.equal(foreign.priceBasis, 'paid');
        if (c.current !== null && c.current < c.paid) {
          assert.equal(q.priceBasis, 'current');
          assert.deepEqual(q.basisUnitPrice, money(c.currency, c.current));
        } else {
          assert.equal(q.priceBasis, 'paid');
          assert.deepEqual(q.basisUnitPrice, money(c.currency, c.paid));
        }
        // never more than either price would give
        assert.ok(q.grossRefund.minor <= atPaid.grossRefund.minor);
        if (c.current !== null) {
          const atCurrent = quoteRefund(upfrontInput({ ...c, paid: c.current, current: null }));
          assert.ok(q.grossRefund.minor <= atCurrent.grossRefund.minor);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('a higher current price does not raise the refund above the paid price', () => {
    const r = makeReservation({ quantity: 2 });
    const input = refundInput(r, { now: at('2025-01-10T00:00:00Z'), paidUnitPrice: money('USD', 100_000), currentUnitPrice: money('USD', 150_000) });
    const q = quoteRefund(input);
    assert.equal(q.priceBasis, 'paid');
    assert.equal(q.grossRefund.minor, quoteRefund({ ...input, currentUnitPrice: null }).grossRefund.minor);
    const cheaper = quoteRefund({ ...input, currentUnitPrice: money('USD', 80_000) });
    assert.equal(cheaper.priceBasis, 'current');
    // 2024-07-10 → 2025-01-10: 184 days used, 181 of 365 remain; 80,000 × 2 × 181 / 365 = 79,342.46…
    assert.equal(cheaper.remainingDays, 181);
    assert.equal(cheaper.grossRefund.minor, 79_342);
    // the remaining commitment stays at the paid price: 200,000 × 181 / 365 = 99,178.08…
    assert.equal(cheaper.remainingCommitment.minor, 99_178);
  });

  test('the refund never grows as time passes (monotone non-increasing in the return date)', () => {
    fc.assert(
      fc.property(upfrontCase, termFraction, (c, ppm2) => {
        const [a, b] = c.ppm <= ppm2 ? [c.ppm, ppm2] : [ppm2, c.ppm];
        const early = quoteRefund(upfrontInput({ ...c, ppm: a }));
        const late = quoteRefund(upfrontInput({ ...c, ppm: b }));
        assert.ok(late.remainingDays <= early.remainingDays);
        assert.ok(late.grossRefund.minor <= early.grossRefund.minor, `later ${late.grossRefund.minor} > earlier ${early.grossRefund.minor}`);
        assert.ok(late.netRefund.minor <= early.netRefund.minor);
        assert.ok(late.cancelledCommitment.minor <= early.cancelledCommitment.minor);
        assert.ok(late.remainingCommitment.minor <= early.remainingCommitment.minor);
      }),
      { numRuns: 500 },
    );
  });

  test('half-day by half-day over a whole one-year term the refund only goes down: a full refund on the purchase date, nothing on the expiry date', () => {
    const r = makeReservation({ purchaseAt: '2024-07-10T13:05:00.000Z', quantity: 3 });
    const quote = (t: number) => quoteRefund(refundInput(r, { now: new Date(t), paidUnitPrice: money('USD', 123_457) }));
    let previous = Number.POSITIVE_INFINITY;
    const expiry = new Date(r.expiryAt).getTime();
    for (let t = new Date(r.purchaseAt).getTime(); t < expiry; t += DAY_MS / 2) {
      const q = quote(t);
      assert.ok(q.grossRefund.minor <= previous, `${new Date(t).toISOString()}: ${q.grossRefund.minor} > ${previous}`);
      previous = q.grossRefund.minor;
    }
    assert.equal(quote(new Date(r.purchaseAt).getTime()).grossRefund.minor, 123_457 * 3);
    // the day before the expiry date: one day of 365
    assert.equal(quote(Date.parse('2025-07-09T23:00:00Z')).grossRefund.minor, Number(roundHalfEven(123_457n * 3n, 365n)));
    // the expiry date itself, hours before the instant: still active, no whole day left
    const lastMorning = quote(Date.parse('2025-07-10T08:00:00Z'));
    assert.deepEqual([lastMorning.policyErrors, lastMorning.remainingDays, lastMorning.grossRefund.minor], [[], 0, 0]);
    assert.equal(previous, 0);
  });

  test('the fee is earlyTerminationFeeBps of the refund rounded half-even, and net = gross − fee', () => {
    fc.assert(
      fc.property(upfrontCase, (c) => {
        const q = quoteRefund(upfrontInput(c));
        assert.equal(q.fee.minor, Number(roundHalfEven(big(q.grossRefund.minor) * big(c.feeBps), 10_000n)));
        assert.equal(q.netRefund.minor, q.grossRefund.minor - q.fee.minor);
        // the fee does not change what the cap counts or what is still owed
        const noFee = quoteRefund(upfrontInput({ ...c, feeBps: 0 }));
        assert.equal(noFee.fee.minor, 0);
        assert.deepEqual(noFee.netRefund, noFee.grossRefund);
        assert.deepEqual(q.grossRefund, noFee.grossRefund);
        assert.deepEqual(q.cancelledCommitment, noFee.cancelledCommitment);
      }),
      { numRuns: 400 },
    );
  });

  test('fee examples: 12% of KRW 10,000; ties go to the even minor unit', () => {
    const r = makeReservation({ purchaseAt: '2024-07-10T00:00:00.000Z' }); // 365-day term
    const fiveDaysLeft = at('2025-07-05T12:00:00Z');
    const quote = (unit: number, bps: number) =>
      quoteRefund(refundInput(r, { now: fiveDaysLeft, paidUnitPrice: money('KRW', unit), policy: policyWith({ earlyTerminationFeeBps: bps }) }));
    // KRW 730,000 × 5 / 365 = 10,000; 12% = 1,200
    const twelve = quote(730_000, 1200);
    assert.equal(twelve.grossRefund.minor, 10_000);
    assert.equal(twelve.fee.minor, 1_200);
    assert.equal(twelve.netRefund.minor, 8_800);
    // KRW 365 × 5 / 365 = 5; 10% of 5 = 0.5 → 0 (even)
    assert.deepEqual([quote(365, 1000).grossRefund.minor, quote(365, 1000).fee.minor, quote(365, 1000).netRefund.minor], [5, 0, 5]);
    // KRW 1,095 × 5 / 365 = 15; 10% of 15 = 1.5 → 2 (even)
    assert.deepEqual([quote(1095, 1000).grossRefund.minor, quote(1095, 1000).fee.minor, quote(1095, 1000).netRefund.minor], [15, 2, 13]);
    // the default policy charges nothing
    assert.equal(quote(730_000, DEFAULT_MONEY_POLICY.earlyTerminationFeeBps).fee.minor, 0);
  });
});

// ---------------------------------------------------------------------------------------------
// Partial returns on the same day.
//
// Returning k1, k2, …, kn units one after the other (each from the remainder the previous return
// left, which keeps the dates) gives refunds round(x_i) with x_i = b·k_i·rd/td. Each half-even
// rounding moves a value by at most 1/2 of a minor unit, so
//   (1) Σ round(x_i) ≤ Σ x_i + n/2                      (against the exact, unrounded refund)
//   (2) Σ round(x_i) ≤ round(Σ x_i) + ⌊(n+1)/2⌋         (against returning K = Σ k_i units at once,
//                                                        whose own rounding can lose another 1/2)
//   (3) Σ round(x_i) ≤ b·K                               (never more than was paid: round(x_i) ≤ b·k_i)
// and round(Σ x_i) is at most the refund of every held unit. (2) is tight for n ≥ 2: 1.5 + 1.5 + 1.5
// rounds to 2 + 2 + 2 = 6 while 4.5 rounds to 4. So a partial-return sequence may exceed one full
// return by rounding only, never by more than ⌊(n+1)/2⌋ minor units and never beyond what was paid.
// ---------------------------------------------------------------------------------------------

const partialCase = anyTestCurrency.chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    paid: unitPriceIn(currency),
    current: fc.option(unitPriceIn(currency), { nil: null }),
    parts: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
    extraHeld: fc.integer({ min: 0, max: 20 }),
    term: anyTerm,
    purchaseAt: anyPurchaseAt,
    ppm: termFraction,
  }),
);

describe('quoteRefund: partial returns on the same day never add up to more than one full return', () => {
  test('upfront, KRW and USD: the three bounds hold', () => {
    fc.assert(
      fc.property(partialCase, (c) => {
        const K = c.parts.reduce((s, k) => s + k, 0);
        const held = K + c.extraHeld;
        const base: UpfrontCase = { currency: c.currency, paid: c.paid, current: c.current, held, returned: held, term: c.term, purchaseAt: c.purchaseAt, ppm: c.ppm, feeBps: 0 };
        const first = upfrontInput(base);
        let reservation = first.reservation;
        let total = 0;
        for (const k of c.parts) {
          const q = quoteRefund({ ...first, reservation, quantity: k, liveOrderQuantity: reservation.quantity });
          assert.deepEqual(q.policyErrors, []);
          total += q.grossRefund.minor;
          reservation = makeReservation({ ...reservation, quantity: reservation.quantity - k });
        }
        const atOnce = quoteRefund({ ...first, quantity: K });
        const everything = quoteRefund(first);
        const n = c.parts.length;
        const b = atOnce.basisUnitPrice.minor;
        const { remainingDays: rd, termDays: td } = atOnce;
        // (1): total ≤ b·K·rd/td + n/2  ⇔  2·td·total ≤ 2·b·K·rd + n·td
        assert.ok(2n * big(td) * big(total) <= 2n * big(b) * big(K) * big(rd) + big(n) * big(td), `(1) total ${total}`);
        // (2)
        assert.ok(total <= atOnce.grossRefund.minor + Math.floor((n + 1) / 2), `(2) total ${total} vs at once ${atOnce.grossRefund.minor}`);
        assert.ok(total <= everything.grossRefund.minor + Math.floor((n + 1) / 2));
        // (3)
        assert.ok(total <= c.paid * K, `(3) total ${total} vs paid ${c.paid * K}`);
      }),
      { numRuns: 400 },
    );
  });

  test('the rounding slack is real: two one-unit returns of KRW 0.6 each give 1 + 1, the pair at once round(1.2) = 1', () => {
    // KRW 3 a unit, 73 of 365 days left: one unit 3 × 73 / 365 = 0.6 → 1; two units 1.2 → 1
    const r = makeReservation({ quantity: 2 });
    const now = at('2025-04-28T00:00:00Z');
    const one = quoteRefund(refundInput(r, { now, quantity: 1, paidUnitPrice: money('KRW', 3) }));
    assert.equal(one.remainingDays, 73);
    assert.equal(one.grossRefund.minor, 1);
    const rest = makeReservation({ ...r, quantity: 1 });
    const second = quoteRefund(refundInput(rest, { now, quantity: 1, paidUnitPrice: money('KRW', 3) }));
    const both = quoteRefund(refundInput(r, { now, quantity: 2, paidUnitPrice: money('KRW', 3) }));
    assert.equal(both.grossRefund.minor, 1);
    assert.equal(one.grossRefund.minor + second.grossRefund.minor, 2); // = 1 + ⌊(2+1)/2⌋, and ≤ paid 6
  });

  test('monthly, KRW and USD: the current month is refunded per returned unit, so a sequence of returns in one billing month cannot be refunded the month more than once', () => {
    fc.assert(
      fc.property(
        anyTestCurrency.chain((currency) => fc.record({
          currency: fc.constant(currency),
          paid: unitPriceIn(currency),
          parts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 6 }),
          term: fc.constantFrom<Term>('P1Y', 'P3Y'),
          purchaseAt: anyPurchaseAt,
          ppm: termFraction,
        })),
        (c) => {
          const live = c.parts.reduce((s, k) => s + k, 0);
          const months = termMonths(c.term);
          const start = makeReservation({ purchaseAt: c.purchaseAt.toISOString(), term: c.term, billingPlan: 'Monthly', quantity: live });
          const now = instantWithin(c.purchaseAt, new Date(start.expiryAt), c.ppm);
          const schedule = paidWhenDue(scheduleWithPaid(money(c.currency, c.paid * live), c.term, c.purchaseAt, 1), now);
          const base = refundInput(start, { now, paidUnitPrice: money(c.currency, c.paid), payments: schedule, liveOrderQuantity: live });
          const all = quoteRefund(base);

          let payments = schedule;
          let reservation = start;
          let refunds = 0;
          let cancelled = 0;
          for (const k of c.parts) {
            const q = quoteRefund({ ...base, reservation, quantity: k, payments, liveOrderQuantity: reservation.quantity });
            assert.deepEqual(q.policyErrors, []);
            refunds += q.grossRefund.minor;
            cancelled += q.cancelledCommitment.minor - q.grossRefund.minor;
            payments = applyMonthlyReturn(payments, q);
            reservation = makeReservation({ ...reservation, quantity: reservation.quantity - k });
          }
          const n = c.parts.length;
          assert.ok(refunds <= all.grossRefund.minor + Math.floor((n + 1) / 2), `current month refunded ${refunds} in ${n} returns, ${all.grossRefund.minor} at once`);
          // the future instalments telescope: returning every live unit cancels exactly all of them
          const future = all.monthly!.cancelled.reduce((s, x) => s + x.cancelledAmount.minor, 0);
          assert.equal(cancelled, future);
          assert.equal(payments.filter((p) => p.status === 'Scheduled').length, 0, 'nothing left to charge');
          assert.ok(refunds <= Math.ceil((c.paid * live) / months) + n, 'no more than about one month of the order');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('monthly example: 2 units, return 1 then the other on the same day: the month is refunded once', () => {
    // P1Y KRW 1,200,000 a unit → KRW 200,000 a month for the order of 2; returned 15 days into a 31-day month
    const purchase = at('2024-07-10T00:00:00Z');
    const r = makeReservation({ billingPlan: 'Monthly', quantity: 2, purchaseAt: purchase.toISOString() });
    const now = at('2024-10-26T00:00:00Z'); // period 2024-10-10 → 2024-11-10: 31 days, 15 left
    const payments = scheduleWithPaid(money('KRW', 2_400_000), 'P1Y', purchase, 4);
    const input = refundInput(r, { now, quantity: 1, payments, liveOrderQuantity: 2 });
    const first = quoteRefund(input);
    assert.deepEqual(first.monthly!.currentPeriod, { from: '2024-10-10', to: '2024-11-10', remainingDays: 15, periodDays: 31 });
    // 100,000 × 15 / 31 = 48,387.09…
    assert.equal(first.grossRefund.minor, 48_387);
    const second = quoteRefund({ ...input, reservation: makeReservation({ ...r, quantity: 1 }), payments: applyMonthlyReturn(payments, first), liveOrderQuantity: 1 });
    assert.equal(second.grossRefund.minor, 48_387);
    const both = quoteRefund({ ...input, quantity: 2 });
    assert.equal(both.grossRefund.minor, 96_774); // 200,000 × 15 / 31 = 96,774.19…
    assert.ok(first.grossRefund.minor + second.grossRefund.minor <= both.grossRefund.minor + 1);
  });
});

// ---------------------------------------------------------------------------------------------
// Worked examples from the rules.
// ---------------------------------------------------------------------------------------------

describe('quoteRefund: the rules’ worked examples', () => {
  test('bought 2024-07-10 for one year, returned 2025-07-09: 1 remaining day of 365', () => {
    const r = makeReservation({ purchaseAt: '2024-07-10T09:30:00.000Z' });
    for (const now of ['2025-07-09T00:00:00Z', '2025-07-09T21:00:00Z', '2025-07-09T23:59:59.999Z']) {
      const krw = quoteRefund(refundInput(r, { now: at(now), paidUnitPrice: money('KRW', 1_200_000) }));
      assert.equal(krw.remainingDays, 1, now);
      assert.equal(krw.termDays, 365);
      assert.equal(krw.grossRefund.minor, 3_288); // 1,200,000 / 365 = 3,287.67…
      const usd = quoteRefund(refundInput(r, { now: at(now), paidUnitPrice: money('USD', 100_000) }));
      assert.equal(usd.grossRefund.minor, 274); // USD 1,000.00 / 365 = 2.7397… → 2.74
      assert.deepEqual(usd.policyErrors, []);
    }
  });

  test('half-even: a 366-day term half used refunds an odd price’s half to the even minor unit', () => {
    const r = makeReservation({ purchaseAt: '2023-07-10T00:00:00.000Z' }); // to 2024-07-10: 366 days
    const now = at('2024-01-09T00:00:00Z'); // 183 days left
    const q = (unit: number) => quoteRefund(refundInput(r, { now, paidUnitPrice: money('USD', unit) }));
    assert.equal(q(100_005).termDays, 366);
    assert.equal(q(100_005).remainingDays, 183);
    assert.equal(q(100_005).grossRefund.minor, 50_002); // 50,002.5 → 50,002
    assert.equal(q(100_007).grossRefund.minor, 50_004); // 50,003.5 → 50,004
  });

  test('the three-year USD 100/month reservation refunded after 12 months cancels USD 2,400 toward the cap', () => {
    const purchase = at('2024-07-10T09:00:00Z');
    const r = makeReservation({ term: 'P3Y', billingPlan: 'Monthly', purchaseAt: purchase.toISOString() });
    const monthBoundary = addMonths(purchase, 12); // the 13th instalment's due date
    const unit = money('USD', 360_000); // USD 3,600 for the term = 36 × USD 100
    const twelvePaid = scheduleWithPaid(unit, 'P3Y', purchase, 12);
    assert.equal(twelvePaid.filter((p) => p.status === 'Succeeded').length, 12);
    assert.ok(twelvePaid.every((p) => p.amount.minor === 10_000));

    // on the boundary, before the 13th instalment has been charged
    const q = quoteRefund(refundInput(r, { now: monthBoundary, paidUnitPrice: unit, payments: twelvePaid, liveOrderQuantity: 1 }));
    assert.deepEqual(q.policyErrors, []);
    assert.equal(q.monthly!.currentPeriod!.remainingDays, 0, 'the paid 12th month is used up');
    assert.equal(q.grossRefund.minor, 0);
    assert.deepEqual(q.monthly!.cancelled.map((c) => c.sequence), Array.from({ length: 24 }, (_, i) => 13 + i));
    assert.deepEqual(q.cancelledCommitment, money('USD', 240_000));
    assert.deepEqual(q.remainingCommitment, money('USD', 240_000));

    // the same moment once the 13th instalment has been charged: one month refunded + 23 cancelled = USD 2,400 too
    const thirteenPaid = scheduleWithPaid(unit, 'P3Y', purchase, 13);
    const q13 = quoteRefund(refundInput(r, { now: monthBoundary, paidUnitPrice: unit, payments: thirteenPaid, liveOrderQuantity: 1 }));
    assert.equal(q13.grossRefund.minor, 10_000);
    assert.equal(q13.monthly!.cancelled.length, 23);
    assert.deepEqual(q13.cancelledCommitment, money('USD', 240_000));
  });
});

// ---------------------------------------------------------------------------------------------
// Monthly plan.
// ---------------------------------------------------------------------------------------------

describe('quoteRefund, monthly plan', () => {
  const purchase = at('2024-07-10T00:00:00Z');
  const unit = money('KRW', 1_200_000); // KRW 100,000 a month per unit
  const reservation = (quantity: number) => makeReservation({ billingPlan: 'Monthly', quantity, purchaseAt: purchase.toISOString() });
  const now = at('2024-10-26T00:00:00Z'); // 4 instalments paid; period 2024-10-10 → 2024-11-10, 15 of 31 days left

  test('all live units returned: the current month refunded for its remaining days, every future instalment cancelled whole', () => {
    const payments = scheduleWithPaid(money('KRW', 1_200_000 * 3), 'P1Y', purchase, 4);
    const q = quoteRefund(refundInput(reservation(3), { now, paidUnitPrice: unit, payments, liveOrderQuantity: 3 }));
    assert.deepEqual(q.policyErrors, []);
    assert.equal(q.grossRefund.minor, Number(roundHalfEven(300_000n * 15n, 31n))); // 145,161.29… → 145,161
    assert.equal(q.monthly!.cancelled.length, 8);
    for (const c of q.monthly!.cancelled) {
      assert.ok(c.dueDate > '2024-10-26');
      assert.equal(c.cancelledAmount.minor, 300_000);
      assert.equal(c.remainingAmount.minor, 0);
    }
    assert.deepEqual(q.cancelledCommitment, money('KRW', 145_161 + 8 * 300_000));
    assert.deepEqual(q.remainingCommitment, money('KRW', 145_161 + 8 * 300_000));
    assert.deepEqual(q.paidForReturnedUnits, money('KRW', 4 * 300_000));
  });

  test('some live units returned: future instalments cancelled pro rata (half-even), the rest stays scheduled', () => {
    // order of 4 units, KRW 10 a month for the order (tiny, to show the rounding): returning 1 cancels 2.5 → 2
    const payments = scheduleWithPaid(money('KRW', 120), 'P1Y', purchase, 4);
    const q = quoteRefund(refundInput(reservation(4), { now, quantity: 1, paidUnitPrice: money('KRW', 30), payments, liveOrderQuantity: 4 }));
    for (const c of q.monthly!.cancelled) assert.deepEqual([c.cancelledAmount.minor, c.remainingAmount.minor], [2, 8]);
    // returning 3 of 4 cancels 7.5 → 8
    const q3 = quoteRefund(refundInput(reservation(4), { now, quantity: 3, paidUnitPrice: money('KRW', 30), payments, liveOrderQuantity: 4 }));
    for (const c of q3.monthly!.cancelled) assert.deepEqual([c.cancelledAmount.minor, c.remainingAmount.minor], [8, 2]);
    // a reservation of 2 in an order whose 5 units are live (after a split) cancels 2/5 of each instalment
    const big5 = scheduleWithPaid(money('KRW', 1_200_000 * 5), 'P1Y', purchase, 4);
    const q2 = quoteRefund(refundInput(reservation(2), { now, quantity: 2, paidUnitPrice: unit, payments: big5, liveOrderQuantity: 5 }));
    for (const c of q2.monthly!.cancelled) assert.deepEqual([c.cancelledAmount.minor, c.remainingAmount.minor], [200_000, 300_000]);
    assert.equal(q2.grossRefund.minor, Number(roundHalfEven(200_000n * 15n, 31n)));
    assert.equal(q2.cancelledCommitment.minor, q2.grossRefund.minor + 8 * 200_000);
  });

  test('property, KRW and USD: cancelledCommitment = refund + cancelled future; only Scheduled future instalments are cancelled, never more than each instalment', () => {
    fc.assert(
      fc.property(
        anyTestCurrency.chain((currency) => fc.record({
          currency: fc.constant(currency),
          paid: unitPriceIn(currency),
          live: fc.integer({ min: 1, max: 40 }),
          returnedPpm: fc.integer({ min: 0, max: 1_000_000 }),
          term: anyTerm,
          purchaseAt: anyPurchaseAt,
          ppm: termFraction,
          current: fc.option(unitPriceIn(currency), { nil: null }),
        })),
        (c) => {
          const k = 1 + Math.floor(((c.live - 1) * c.returnedPpm) / 1_000_000);
          const r = makeReservation({ purchaseAt: c.purchaseAt.toISOString(), term: c.term, billingPlan: 'Monthly', quantity: c.live });
          const now = instantWithin(c.purchaseAt, new Date(r.expiryAt), c.ppm);
          const today = now.toISOString().slice(0, 10);
          const payments = paidWhenDue(scheduleWithPaid(money(c.currency, c.paid * c.live), c.term, c.purchaseAt, 1), now);
          const q = quoteRefund(refundInput(r, {
            now, quantity: k, payments, liveOrderQuantity: c.live,
            paidUnitPrice: money(c.currency, c.paid), currentUnitPrice: c.current === null ? null : money(c.currency, c.current),
          }));
          assertExactMoney(q, c.currency);
          const future = payments.filter((p) => p.status === 'Scheduled' && p.dueDate >= today);
          assert.deepEqual(q.monthly!.cancelled.map((x) => x.sequence), future.map((p) => p.sequence));
          for (const [i, x] of q.monthly!.cancelled.entries()) {
            const amount = future[i]!.amount.minor;
            const expected = k === c.live ? amount : Number(roundHalfEven(big(amount) * big(k), big(c.live)));
            assert.equal(x.cancelledAmount.minor, expected);
            assert.equal(x.cancelledAmount.minor + x.remainingAmount.minor, amount);
          }
          const cancelledFuture = q.monthly!.cancelled.reduce((s, x) => s + x.cancelledAmount.minor, 0);
          assert.equal(q.cancelledCommitment.minor, q.grossRefund.minor + cancelledFuture);
          // never more than was paid for the returned units
          assert.ok(q.grossRefund.minor >= 0 && q.grossRefund.minor <= q.paidForReturnedUnits.minor, `${q.grossRefund.minor} > ${q.paidForReturnedUnits.minor}`);
          // what is cancelled is at most the returned units' price for the term, plus ½ minor unit for each
          // rounded term (the current month, and each instalment cancelled pro rata)
          const rounded = 1 + (k === c.live ? 0 : q.monthly!.cancelled.length);
          assert.ok(2 * q.cancelledCommitment.minor <= 2 * c.paid * k + rounded, `${q.cancelledCommitment.minor} > ${c.paid * k}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('property: with the payment record as it stands (no new charge), refund and cancelled commitment never grow as time passes', () => {
    fc.assert(
      fc.property(
        anyTestCurrency.chain((currency) => fc.record({
          currency: fc.constant(currency),
          paid: unitPriceIn(currency),
          term: fc.constantFrom<Term>('P1Y', 'P3Y'),
          purchaseAt: anyPurchaseAt,
          paidCount: fc.integer({ min: 1, max: 36 }),
          d1: fc.integer({ min: 0, max: 400 }),
          d2: fc.integer({ min: 0, max: 400 }),
        })),
        (c) => {
          const months = termMonths(c.term);
          const paidCount = Math.min(c.paidCount, months);
          const r = makeReservation({ purchaseAt: c.purchaseAt.toISOString(), term: c.term, billingPlan: 'Monthly' });
          const payments = scheduleWithPaid(money(c.currency, c.paid), c.term, c.purchaseAt, paidCount);
          const lastPaidDue = new Date(`${payments[paidCount - 1]!.dueDate}T00:00:00Z`).getTime();
          const expiry = new Date(r.expiryAt).getTime();
          const t = (d: number) => new Date(Math.min(expiry - 1, lastPaidDue + d * (DAY_MS / 4)));
          const [a, b] = c.d1 <= c.d2 ? [c.d1, c.d2] : [c.d2, c.d1];
          const q = (d: number) => quoteRefund(refundInput(r, { now: t(d), paidUnitPrice: money(c.currency, c.paid), payments, liveOrderQuantity: 1 }));
          const early = q(a);
          const late = q(b);
          assert.ok(late.grossRefund.minor <= early.grossRefund.minor, `refund ${early.grossRefund.minor} at ${t(a).toISOString()} grew to ${late.grossRefund.minor} at ${t(b).toISOString()}`);
          assert.ok(late.cancelledCommitment.minor <= early.cancelledCommitment.minor, `cancelled commitment grew: ${early.cancelledCommitment.minor} → ${late.cancelledCommitment.minor}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('property: instalments charged on their due dates, the cancelled commitment never grows (equal instalments exactly; allocation leftovers by at most 1 minor unit)', () => {
    fc.assert(
      fc.property(
        anyTestCurrency.chain((currency) => fc.record({
          currency: fc.constant(currency),
          paid: unitPriceIn(currency),
          equal: fc.boolean(),
          live: fc.integer({ min: 1, max: 5 }),
          term: fc.constantFrom<Term>('P1Y', 'P3Y'),
          purchaseAt: anyPurchaseAt,
          ppm1: termFraction,
          ppm2: termFraction,
        })),
        (c) => {
          const months = termMonths(c.term);
          const paid = c.equal ? c.paid * months : c.paid;
          const r = makeReservation({ purchaseAt: c.purchaseAt.toISOString(), term: c.term, billingPlan: 'Monthly', quantity: c.live });
          const expiry = new Date(r.expiryAt);
          const schedule = scheduleWithPaid(money(c.currency, paid * c.live), c.term, c.purchaseAt, 1);
          const q = (ppm: number) => {
            const now = instantWithin(c.purchaseAt, expiry, ppm);
            return quoteRefund(refundInput(r, { now, paidUnitPrice: money(c.currency, paid), payments: paidWhenDue(schedule, now), liveOrderQuantity: c.live }));
          };
          const [a, b] = c.ppm1 <= c.ppm2 ? [c.ppm1, c.ppm2] : [c.ppm2, c.ppm1];
          const slack = c.equal ? 0 : 1;
          assert.ok(q(b).cancelledCommitment.minor <= q(a).cancelledCommitment.minor + slack, `${q(a).cancelledCommitment.minor} → ${q(b).cancelledCommitment.minor}`);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('an instalment due on the return date but not yet charged is cancelled, not left to be charged', () => {
    const payments = scheduleWithPaid(money('KRW', 1_200_000), 'P1Y', purchase, 4); // 2024-11-10 still Scheduled
    const q = quoteRefund(refundInput(reservation(1), { now: at('2024-11-10T15:00:00Z'), paidUnitPrice: unit, payments, liveOrderQuantity: 1 }));
    assert.equal(q.monthly!.cancelled[0]!.dueDate, '2024-11-10');
    assert.equal(q.monthly!.cancelled.length, 8);
    assert.deepEqual(q.monthly!.currentPeriod, { from: '2024-10-10', to: '2024-11-10', remainingDays: 0, periodDays: 31 });
    assert.equal(q.grossRefund.minor, 0);
    assert.equal(q.cancelledCommitment.minor, 800_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Policy errors.
// ---------------------------------------------------------------------------------------------

describe('quoteRefund: policy errors', () => {
  // rules §4: Databricks, Synapse pre-purchase, SUSE and Red Hat plans are not refundable
  const NOT_REFUNDABLE: ReservedResourceType[] = ['Databricks', 'SynapseAnalytics', 'SuseLinux', 'RedHat'];

  test('non-refundable types are refused with SelfServiceRefundNotSupported; every other type is not', () => {
    for (const type of RESERVED_RESOURCE_TYPES) {
      const q = quoteRefund(refundInput(makeReservation({ resourceType: type })));
      if (NOT_REFUNDABLE.includes(type)) {
        assert.deepEqual(codes(q), ['SelfServiceRefundNotSupported'], type);
        assert.match(q.policyErrors[0]!.message, /contact support/);
      } else {
        assert.deepEqual(codes(q), [], type);
      }
    }
  });

  test('a reservation that is not active cannot be returned (ReservationNotActive)', () => {
    const r = makeReservation();
    const expiry = new Date(r.expiryAt);
    const cases: Array<[string, Partial<typeof r>, Date]> = [
      ['expired by time, state not yet moved', {}, expiry],
      ['expired by time, a day later', {}, new Date(expiry.getTime() + DAY_MS)],
      ['Expired state', { provisioningState: 'Expired' }, at('2025-01-01T00:00:00Z')],
      ['Cancelled (already returned)', { provisioningState: 'Cancelled' }, at('2025-01-01T00:00:00Z')],
    ];
    for (const [name, overrides, now] of cases) {
      const q = quoteRefund(refundInput(makeReservation(overrides), { now }));
      assert.deepEqual(codes(q), ['ReservationNotActive'], name);
    }
    const expired = quoteRefund(refundInput(r, { now: expiry }));
    assert.match(expired.policyErrors[0]!.message, /Expired/);
    assert.equal(expired.grossRefund.minor, 0);
    // one millisecond before the end it is still active
    assert.deepEqual(codes(quoteRefund(refundInput(r, { now: new Date(expiry.getTime() - 1) }))), []);
  });

  test('property: only Succeeded within its term is returnable', () => {
    fc.assert(
      fc.property(fc.constantFrom<ProvisioningState>('Succeeded', 'Cancelled', 'Expired', 'Split', 'Merged', 'Failed', 'Creating', 'PendingBilling'), fc.integer({ min: -400, max: 400 }), (state, dayOffset) => {
        const r = makeReservation({ provisioningState: state });
        const now = new Date(new Date(r.expiryAt).getTime() + dayOffset * DAY_MS);
        const active = state === 'Succeeded' && dayOffset < 0;
        assert.equal(codes(quoteRefund(refundInput(r, { now }))).includes('ReservationNotActive'), !active);
      }),
    );
  });

  test('a quantity of 0, more than held, fractional, negative or NaN is InvalidRefundQuantity', () => {
    const r = makeReservation({ quantity: 5 });
    for (const quantity of [0, 6, 1.5, -1, Number.NaN, 4.999]) {
      const q = quoteRefund(refundInput(r, { quantity }));
      assert.deepEqual(codes(q), ['InvalidRefundQuantity'], String(quantity));
      assert.match(q.policyErrors[0]!.message, /from 1 to 5/);
    }
    for (const quantity of [1, 2, 5]) assert.deepEqual(codes(quoteRefund(refundInput(r, { quantity }))), [], String(quantity));
    // fractional and zero quantities compute nothing
    assert.equal(quoteRefund(refundInput(r, { quantity: 1.5 })).grossRefund.minor, 0);
    assert.equal(quoteRefund(refundInput(r, { quantity: 0 })).quantity, 0);
  });

  test('property: the quantity is valid exactly when it is a whole number from 1 to the quantity held', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.oneof(fc.integer({ min: -5, max: 10_010 }), fc.double({ min: -5, max: 10_010, noNaN: true })), (held, quantity) => {
        const q = quoteRefund(refundInput(makeReservation({ quantity: held }), { quantity }));
        const valid = Number.isInteger(quantity) && quantity >= 1 && quantity <= held;
        assert.equal(codes(q).includes('InvalidRefundQuantity'), !valid, `${quantity} of ${held}`);
      }),
    );
  });

  test('errors accumulate: a Databricks reservation already expired, asked for too many units', () => {
    const r = makeReservation({ resourceType: 'Databricks', quantity: 2 });
    const q = quoteRefund(refundInput(r, { quantity: 3, now: new Date(r.expiryAt) }));
    assert.deepEqual(codes(q).sort(), ['InvalidRefundQuantity', 'ReservationNotActive', 'SelfServiceRefundNotSupported']);
  });

  test('a monthly reservation is refused the same way', () => {
    const purchase = at('2024-07-10T00:00:00Z');
    const r = makeReservation({ billingPlan: 'Monthly', term: 'P3Y', resourceType: 'RedHat', quantity: 2 });
    const q = quoteRefund(refundInput(r, { quantity: 0, payments: scheduleWithPaid(money('USD', 720_000), 'P3Y', purchase, 3), paidUnitPrice: money('USD', 360_000), liveOrderQuantity: 2 }));
    assert.deepEqual(codes(q).sort(), ['InvalidRefundQuantity', 'SelfServiceRefundNotSupported']);
  });

  test('expiryFor is what the factory uses (guards the fixtures)', () => {
    const r = makeReservation({ term: 'P3Y', purchaseAt: '2024-07-10T09:00:00.000Z' });
    assert.equal(r.expiryAt, expiryFor(at('2024-07-10T09:00:00Z'), 'P3Y').toISOString());
    assert.equal(makeReservation({ expiryAt: '2030-01-01T00:00:00.000Z' }).expiryAt, '2030-01-01T00:00:00.000Z');
  });
});

