import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CURRENCIES,
  MINOR_UNITS,
  add,
  allocate,
  divideHalfEven,
  formatMoney,
  isCurrency,
  min,
  money,
  multiply,
  parseMajor,
  prorate,
  subtract,
  sum,
  toDecimalString,
  toMajorNumber,
  zero,
  type CurrencyCode,
  type Money,
} from '../../src/domain/money.ts';
import { DomainError } from '../../src/domain/errors.ts';

const usd = (minor: number): Money => money('USD', minor);
const krw = (minor: number): Money => money('KRW', minor);

const anyCurrency = fc.constantFrom(...CURRENCIES);
const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const anyMoney = fc.tuple(anyCurrency, safeInt).map(([c, m]) => money(c, m));

const invalidAmount = (target = 'amount') => ({ name: 'DomainError', status: 400, code: 'InvalidAmount', target });

describe('money()', () => {
  test('keeps currency and integer minor units', () => {
    assert.deepEqual(money('USD', 12345), { currency: 'USD', minor: 12345 });
    assert.deepEqual(zero('KRW'), { currency: 'KRW', minor: 0 });
  });

  test('refuses fractional, non-finite and unsafe amounts', () => {
    for (const bad of [1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1, -(2 ** 60)]) {
      assert.throws(() => money('USD', bad), RangeError, `accepted ${bad}`);
    }
  });

  test('isCurrency knows the billing currencies and nothing else', () => {
    assert.equal(isCurrency('USD'), true);
    assert.equal(isCurrency('KRW'), true);
    assert.equal(isCurrency('usd'), false);
    assert.equal(isCurrency('XYZ'), false);
    assert.equal(isCurrency('toString'), false, 'inherited object keys are not currencies');
  });

  test('minor units: KRW and JPY have 0 decimals, USD and EUR 2', () => {
    assert.equal(MINOR_UNITS.KRW, 0);
    assert.equal(MINOR_UNITS.JPY, 0);
    assert.equal(MINOR_UNITS.USD, 2);
    assert.equal(MINOR_UNITS.EUR, 2);
  });
});

describe('add, subtract, sum, min, multiply', () => {
  test('add and subtract work in minor units', () => {
    assert.deepEqual(add(usd(150), usd(275)), usd(425));
    assert.deepEqual(subtract(usd(150), usd(275)), usd(-125));
    assert.deepEqual(add(krw(5000), krw(-1000)), krw(4000));
  });

  test('mixing currencies is refused', () => {
    assert.throws(() => add(usd(1), krw(1)), { name: 'RangeError', message: /currency mismatch: USD and KRW/ });
    assert.throws(() => subtract(krw(1), usd(1)), { name: 'RangeError', message: /currency mismatch: KRW and USD/ });
    assert.throws(() => min(usd(1), money('EUR', 1)), /currency mismatch/);
    assert.throws(() => sum('USD', [usd(1), krw(2)]), /currency mismatch/);
    assert.throws(() => sum('KRW', [usd(1)]), /currency mismatch/, 'the accumulator currency counts too');
  });

  test('add overflowing the safe-integer range is refused, not rounded', () => {
    assert.throws(() => add(usd(Number.MAX_SAFE_INTEGER), usd(1)), RangeError);
  });

  test('sum of nothing is zero in the given currency', () => {
    assert.deepEqual(sum('KRW', []), krw(0));
    assert.deepEqual(sum('USD', [usd(1), usd(2), usd(3)]), usd(6));
  });

  test('min picks the lower amount and keeps the currency', () => {
    assert.deepEqual(min(usd(500), usd(499)), usd(499));
    assert.deepEqual(min(usd(-1), usd(0)), usd(-1));
    assert.deepEqual(min(krw(7), krw(7)), krw(7));
  });

  test('multiply takes integer factors only', () => {
    assert.deepEqual(multiply(usd(1999), 3), usd(5997));
    assert.deepEqual(multiply(krw(1000), -2), krw(-2000));
    assert.throws(() => multiply(usd(100), 1.5), RangeError);
  });

  test('property: add then subtract is the identity; add is commutative', () => {
    const small = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
    fc.assert(
      fc.property(anyCurrency, small, small, (c, a, b) => {
        const x = money(c, a);
        const y = money(c, b);
        assert.deepEqual(subtract(add(x, y), y), x);
        assert.deepEqual(add(x, y), add(y, x));
      }),
    );
  });
});

describe('divideHalfEven', () => {
  test('ties go to the even neighbour (0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4)', () => {
    assert.equal(divideHalfEven(1n, 2n), 0n);
    assert.equal(divideHalfEven(3n, 2n), 2n);
    assert.equal(divideHalfEven(5n, 2n), 2n);
    assert.equal(divideHalfEven(7n, 2n), 4n);
    assert.equal(divideHalfEven(25n, 10n), 2n);
    assert.equal(divideHalfEven(35n, 10n), 4n);
  });

  test('negative ties are symmetric (-0.5 → 0, -1.5 → -2, -2.5 → -2)', () => {
    assert.equal(divideHalfEven(-1n, 2n), 0n);
    assert.equal(divideHalfEven(-3n, 2n), -2n);
    assert.equal(divideHalfEven(-5n, 2n), -2n);
    assert.equal(divideHalfEven(5n, -2n), -2n);
    assert.equal(divideHalfEven(-5n, -2n), 2n);
    assert.equal(divideHalfEven(-7n, -2n), 4n);
  });

  test('non-ties round to the nearest integer', () => {
    assert.equal(divideHalfEven(1n, 3n), 0n); // 0.333
    assert.equal(divideHalfEven(2n, 3n), 1n); // 0.667
    assert.equal(divideHalfEven(-2n, 3n), -1n);
    assert.equal(divideHalfEven(26n, 10n), 3n); // 2.6
    assert.equal(divideHalfEven(24n, 10n), 2n); // 2.4
    assert.equal(divideHalfEven(-26n, 10n), -3n);
    assert.equal(divideHalfEven(10n, 5n), 2n);
    assert.equal(divideHalfEven(0n, 7n), 0n);
  });

  test('division by zero is refused', () => {
    assert.throws(() => divideHalfEven(1n, 0n), { name: 'RangeError', message: /division by zero/ });
  });

  const bigN = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
  const bigD = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }).filter((d) => d !== 0n);

  test('property: result is the nearest integer, ties to even', () => {
    fc.assert(
      fc.property(bigN, bigD, (n, d) => {
        const q = divideHalfEven(n, d);
        const abs = (x: bigint) => (x < 0n ? -x : x);
        // |n/d - q| <= 1/2  ⇔  2|n - q·d| <= |d|
        const twiceErr = 2n * abs(n - q * d);
        assert.ok(twiceErr <= abs(d), `${n}/${d} gave ${q}`);
        if (twiceErr === abs(d)) assert.equal(q % 2n, 0n, `tie ${n}/${d} gave odd ${q}`);
      }),
    );
  });

  test('property: odd-symmetric and exact on exact divisions', () => {
    fc.assert(
      fc.property(bigN, bigD, (n, d) => {
        assert.equal(divideHalfEven(-n, d), -divideHalfEven(n, d));
        assert.equal(divideHalfEven(n, -d), -divideHalfEven(n, d));
        assert.equal(divideHalfEven(n * d, d), n);
      }),
    );
  });
});

describe('prorate', () => {
  test('the refund formula, USD: 1,000.00 × 1 / 365 = 2.7397… → 2.74', () => {
    assert.deepEqual(prorate(usd(100_000), 1, 365), usd(274));
  });

  test('the refund formula, KRW: ₩1,200,000 × 1 / 365 = 3287.67… → ₩3288', () => {
    assert.deepEqual(prorate(krw(1_200_000), 1, 365), krw(3288));
  });

  test('rounds once, half-even, at the end', () => {
    assert.deepEqual(prorate(usd(5), 1, 2), usd(2)); // 2.5 → 2
    assert.deepEqual(prorate(usd(3), 1, 2), usd(2)); // 1.5 → 2
    assert.deepEqual(prorate(usd(1), 1, 2), usd(0)); // 0.5 → 0
    assert.deepEqual(prorate(usd(-5), 1, 2), usd(-2)); // -2.5 → -2
    assert.deepEqual(prorate(usd(-3), 1, 2), usd(-2)); // -1.5 → -2
    // 333 × 3 / 6 = 166.5: exact intermediate, not (333 / 6 rounded) × 3 = 168
    assert.deepEqual(prorate(usd(333), 3, 6), usd(166));
  });

  test('keeps the currency and handles zero', () => {
    assert.deepEqual(prorate(krw(999), 0, 365), krw(0));
    assert.equal(prorate(krw(999), 5, 7).currency, 'KRW');
  });

  test('exact intermediate products beyond 2^53 stay exact', () => {
    // 9_007_199_254_740_991 × 365 overflows a double, but the quotient fits again.
    assert.deepEqual(prorate(usd(Number.MAX_SAFE_INTEGER), 365, 365), usd(Number.MAX_SAFE_INTEGER));
    assert.deepEqual(prorate(usd(2 ** 52 + 1), 2, 2), usd(2 ** 52 + 1));
  });

  test('refuses a zero denominator', () => {
    assert.throws(() => prorate(usd(100), 1, 0), RangeError);
  });

  test('property: prorate(x, n, n) === x', () => {
    fc.assert(
      fc.property(anyMoney, fc.integer({ min: 1, max: 100_000 }), (x, n) => {
        assert.deepEqual(prorate(x, n, n), x);
      }),
    );
  });

  test('property: result is within half a minor unit of the exact value and monotone in the numerator', () => {
    fc.assert(
      fc.property(
        anyCurrency,
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 1, max: 1826 }),
        fc.integer({ min: 0, max: 1826 }),
        (c, minor, den, rawNum) => {
          const num = rawNum % (den + 1);
          const r = prorate(money(c, minor), num, den).minor;
          const twiceErr = 2n * (BigInt(r) * BigInt(den) - BigInt(minor) * BigInt(num));
          assert.ok(twiceErr <= BigInt(den) && twiceErr >= -BigInt(den));
          assert.ok(r <= minor, 'a part never exceeds the whole');
          if (num < den) assert.ok(prorate(money(c, minor), num + 1, den).minor >= r);
        },
      ),
    );
  });
});

describe('allocate', () => {
  test('the first instalments carry the leftover: ₩100 in 3 → 34, 33, 33', () => {
    assert.deepEqual(allocate(krw(100), 3).map((m) => m.minor), [34, 33, 33]);
  });

  test('USD 1,000.00 in 12 monthly parts', () => {
    const parts = allocate(usd(100_000), 12).map((m) => m.minor);
    assert.deepEqual(parts, [8334, 8334, 8334, 8334, 8333, 8333, 8333, 8333, 8333, 8333, 8333, 8333]);
  });

  test('an amount smaller than the number of parts', () => {
    assert.deepEqual(allocate(usd(2), 5).map((m) => m.minor), [1, 1, 0, 0, 0]);
    assert.deepEqual(allocate(usd(0), 3).map((m) => m.minor), [0, 0, 0]);
  });

  test('one part is the whole amount', () => {
    assert.deepEqual(allocate(krw(12345), 1), [krw(12345)]);
  });

  test('a negative amount is split exactly too (mirror of the positive split)', () => {
    assert.deepEqual(allocate(krw(-100), 3).map((m) => m.minor), [-34, -33, -33]);
    assert.deepEqual(allocate(usd(-2), 5).map((m) => m.minor), [-1, -1, 0, 0, 0]);
  });

  test('refuses a part count that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => allocate(usd(100), bad), RangeError, `accepted ${bad}`);
    }
  });

  test('property: parts sum exactly to the total, differ by at most 1, keep the currency, larger first', () => {
    fc.assert(
      fc.property(anyMoney, fc.integer({ min: 1, max: 500 }), (total, n) => {
        const parts = allocate(total, n);
        assert.equal(parts.length, n);
        let s = 0n;
        for (const p of parts) {
          assert.equal(p.currency, total.currency);
          assert.ok(Number.isSafeInteger(p.minor));
          s += BigInt(p.minor);
        }
        assert.equal(s, BigInt(total.minor));
        const minors = parts.map((p) => p.minor);
        assert.ok(Math.max(...minors) - Math.min(...minors) <= 1, `parts ${minors.join(',')}`);
        // leftover units sit at the front: magnitudes never grow along the list
        for (let i = 1; i < minors.length; i++) assert.ok(Math.abs(minors[i]!) <= Math.abs(minors[i - 1]!));
      }),
    );
  });
});

describe('toDecimalString, toMajorNumber, formatMoney', () => {
  test('USD renders two decimals, padded', () => {
    assert.equal(toDecimalString(usd(12345)), '123.45');
    assert.equal(toDecimalString(usd(5)), '0.05');
    assert.equal(toDecimalString(usd(50)), '0.50');
    assert.equal(toDecimalString(usd(100)), '1.00');
    assert.equal(toDecimalString(usd(0)), '0.00');
  });

  test('negative USD keeps the sign in front of the padded digits', () => {
    assert.equal(toDecimalString(usd(-5)), '-0.05');
    assert.equal(toDecimalString(usd(-12345)), '-123.45');
  });

  test('KRW and JPY render without a decimal point', () => {
    assert.equal(toDecimalString(krw(5000)), '5000');
    assert.equal(toDecimalString(krw(-5000)), '-5000');
    assert.equal(toDecimalString(krw(0)), '0');
    assert.equal(toDecimalString(money('JPY', 7)), '7');
  });

  test('toMajorNumber gives the wire number', () => {
    assert.equal(toMajorNumber(usd(12345)), 123.45);
    assert.equal(toMajorNumber(usd(-5)), -0.05);
    assert.equal(toMajorNumber(krw(5000)), 5000);
    assert.equal(toMajorNumber(usd(10)), 0.1);
  });

  test('formatMoney prefixes the currency code', () => {
    assert.equal(formatMoney(usd(12345)), 'USD 123.45');
    assert.equal(formatMoney(krw(1_200_000)), 'KRW 1200000');
  });

  test('property: parseMajor(toDecimalString(m)) round-trips, as string and as number', () => {
    fc.assert(
      fc.property(anyMoney, (m) => {
        assert.deepEqual(parseMajor(m.currency, toDecimalString(m)), m);
      }),
    );
    fc.assert(
      fc.property(anyCurrency, fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), (c, minor) => {
        const m = money(c, minor);
        assert.deepEqual(parseMajor(c, toMajorNumber(m)), m);
      }),
    );
  });
});

describe('parseMajor', () => {
  test('accepts amounts within the currency precision', () => {
    assert.deepEqual(parseMajor('USD', '1.50'), usd(150));
    assert.deepEqual(parseMajor('USD', '1.5'), usd(150));
    assert.deepEqual(parseMajor('USD', '123.45'), usd(12345));
    assert.deepEqual(parseMajor('USD', '7'), usd(700));
    assert.deepEqual(parseMajor('USD', '0.01'), usd(1));
    assert.deepEqual(parseMajor('KRW', '5000'), krw(5000));
    assert.deepEqual(parseMajor('JPY', '12'), money('JPY', 12));
  });

  test('trailing zeros beyond the precision are fine (they are not extra precision)', () => {
    assert.deepEqual(parseMajor('KRW', '1.0'), krw(1));
    assert.deepEqual(parseMajor('KRW', '5000.000'), krw(5000));
    assert.deepEqual(parseMajor('USD', '1.500'), usd(150));
  });

  test('refuses more decimals than the currency has: KRW "1.5", USD "1.234"', () => {
    assert.throws(() => parseMajor('KRW', '1.5'), invalidAmount());
    assert.throws(() => parseMajor('USD', '1.234'), invalidAmount());
    assert.throws(() => parseMajor('USD', '0.001'), invalidAmount());
    assert.throws(() => parseMajor('KRW', 1.5), invalidAmount());
    assert.throws(() => parseMajor('USD', 0.1 + 0.2), invalidAmount(), 'binary float noise is not rounded away');
  });

  test('the refusal is a DomainError naming the target', () => {
    try {
      parseMajor('USD', '1.234', 'properties.price');
      assert.fail('expected a refusal');
    } catch (e) {
      assert.ok(e instanceof DomainError);
      assert.equal(e.status, 400);
      assert.equal(e.code, 'InvalidAmount');
      assert.equal(e.target, 'properties.price');
      assert.match(e.message, /USD has 2 decimal places/);
    }
  });

  test('accepts numbers, including ones that print in exponent notation', () => {
    assert.deepEqual(parseMajor('USD', 123.45), usd(12345));
    assert.deepEqual(parseMajor('USD', 0.07), usd(7));
    assert.deepEqual(parseMajor('KRW', 5000), krw(5000));
    assert.deepEqual(parseMajor('USD', -0.01), usd(-1));
    assert.throws(() => parseMajor('USD', 1e-7), invalidAmount()); // "1e-7" → 0.0000001: too precise
  });

  test('negative amounts and whitespace', () => {
    assert.deepEqual(parseMajor('USD', '-1.50'), usd(-150));
    assert.deepEqual(parseMajor('KRW', '-5000'), krw(-5000));
    assert.deepEqual(parseMajor('USD', '  12.34  '), usd(1234));
    const negZero = parseMajor('USD', '-0');
    assert.equal(negZero.minor, 0);
    assert.ok(!Object.is(negZero.minor, -0), 'no negative zero');
  });

  test('refuses text that is not a plain decimal', () => {
    for (const bad of ['', ' ', 'abc', '1.', '.5', '+1', '1e3', '1,000', '1.2.3', '12 34', '--1', '0x10', 'NaN']) {
      assert.throws(() => parseMajor('USD', bad), invalidAmount(), `accepted ${JSON.stringify(bad)}`);
    }
    assert.throws(() => parseMajor('USD', Number.NaN), invalidAmount());
    assert.throws(() => parseMajor('USD', Number.POSITIVE_INFINITY), invalidAmount());
  });

  test('refuses amounts beyond the safe-integer range of minor units', () => {
    assert.throws(() => parseMajor('USD', '90071992547409.92'), invalidAmount());
    assert.throws(() => parseMajor('KRW', '9007199254740992'), invalidAmount());
    assert.throws(() => parseMajor('KRW', '-9007199254740992'), invalidAmount());
    assert.deepEqual(parseMajor('KRW', '9007199254740991'), krw(Number.MAX_SAFE_INTEGER));
    assert.deepEqual(parseMajor('USD', '90071992547409.91'), usd(Number.MAX_SAFE_INTEGER));
  });

  test('property: any decimal with at most the currency digits parses to the exact minor units', () => {
    fc.assert(
      fc.property(anyCurrency, fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.boolean(), (c, minor, neg) => {
        const digits = MINOR_UNITS[c as CurrencyCode];
        const s = minor.toString().padStart(digits + 1, '0');
        const text = (neg ? '-' : '') + (digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`);
        assert.equal(parseMajor(c, text).minor, Number(neg ? -minor : minor));
      }),
    );
  });

  test('property: one digit more than the currency allows (non-zero) is always refused', () => {
    fc.assert(
      fc.property(anyCurrency, fc.nat({ max: 10 ** 6 }), fc.integer({ min: 1, max: 9 }), (c, whole, lastDigit) => {
        const digits = MINOR_UNITS[c as CurrencyCode];
        const text = `${whole}.${'0'.repeat(digits)}${lastDigit}`;
        assert.throws(() => parseMajor(c, text), invalidAmount());
      }),
    );
  });
});
