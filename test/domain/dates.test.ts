import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, addMonths, addYears, daysBetween, isoInstant, parseUtcDate, utcDate } from '../../src/domain/dates.ts';

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date): string => d.toISOString();

/** Instants between 1971 and 2200 with millisecond precision. */
const anyInstant = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2200, 0, 1) }).map((ms) => new Date(ms));

describe('utcDate and isoInstant', () => {
  test('utcDate is the UTC calendar date, whatever offset the instant was written with', () => {
    assert.equal(utcDate(at('2024-07-10T00:00:00Z')), '2024-07-10');
    assert.equal(utcDate(at('2024-07-10T23:59:59.999Z')), '2024-07-10');
    // 08:00 in Seoul on the 10th is 23:00 UTC on the 9th
    assert.equal(utcDate(at('2024-07-10T08:00:00+09:00')), '2024-07-09');
    // 20:00 in New York on the 9th is 00:00 UTC on the 10th
    assert.equal(utcDate(at('2024-07-09T20:00:00-04:00')), '2024-07-10');
  });

  test('isoInstant is the UTC ISO string', () => {
    assert.equal(isoInstant(at('2024-07-10T08:00:00+09:00')), '2024-07-09T23:00:00.000Z');
  });
});

describe('parseUtcDate', () => {
  test('gives midnight UTC of the date', () => {
    assert.equal(iso(parseUtcDate('2024-07-10')), '2024-07-10T00:00:00.000Z');
    assert.equal(iso(parseUtcDate('2024-02-29')), '2024-02-29T00:00:00.000Z');
  });

  test('refuses malformed text', () => {
    for (const bad of ['2024-7-10', '24-07-10', '2024/07/10', '2024-07-10T00:00:00Z', ' 2024-07-10', '', 'tomorrow']) {
      assert.throws(() => parseUtcDate(bad), { name: 'RangeError', message: /not a YYYY-MM-DD date/ }, `accepted ${JSON.stringify(bad)}`);
    }
  });

  test('refuses dates that are not on the calendar', () => {
    for (const bad of ['2023-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-07-00', '2024-07-32']) {
      assert.throws(() => parseUtcDate(bad), { name: 'RangeError', message: /not a calendar date/ }, `accepted ${bad}`);
    }
  });

  test('property: utcDate(parseUtcDate(d)) === d', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        const s = utcDate(d);
        assert.equal(utcDate(parseUtcDate(s)), s);
      }),
    );
  });
});

describe('daysBetween', () => {
  test('the worked example: bought 2024-07-10 for a year, returned 2025-07-09 → 1 remaining day', () => {
    const purchase = at('2024-07-10T09:30:00Z');
    const expiry = addYears(purchase, 1);
    assert.equal(utcDate(expiry), '2025-07-10');
    assert.equal(daysBetween(at('2025-07-09T17:45:00Z'), expiry), 1);
    assert.equal(daysBetween(purchase, expiry), 365);
  });

  test('counts 366 across a leap day and 365 otherwise', () => {
    assert.equal(daysBetween(at('2023-07-10T00:00:00Z'), at('2024-07-10T00:00:00Z')), 366);
    assert.equal(daysBetween(at('2024-03-01T00:00:00Z'), at('2025-03-01T00:00:00Z')), 365);
    assert.equal(daysBetween(at('2024-02-28T00:00:00Z'), at('2024-03-01T00:00:00Z')), 2);
    assert.equal(daysBetween(at('2023-02-28T00:00:00Z'), at('2023-03-01T00:00:00Z')), 1);
    assert.equal(daysBetween(at('2024-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z')), 366);
  });

  test('three and five years with and without leap days', () => {
    assert.equal(daysBetween(at('2024-07-10T00:00:00Z'), at('2027-07-10T00:00:00Z')), 1095);
    assert.equal(daysBetween(at('2023-07-10T00:00:00Z'), at('2026-07-10T00:00:00Z')), 1096);
    assert.equal(daysBetween(at('2024-07-10T00:00:00Z'), at('2029-07-10T00:00:00Z')), 1826);
    // 2100 is not a leap year
    assert.equal(daysBetween(at('2100-01-01T00:00:00Z'), at('2101-01-01T00:00:00Z')), 365);
    assert.equal(daysBetween(at('2000-01-01T00:00:00Z'), at('2001-01-01T00:00:00Z')), 366);
  });

  test('counts calendar dates, not 24-hour spans', () => {
    assert.equal(daysBetween(at('2024-07-10T23:59:59Z'), at('2024-07-11T00:00:01Z')), 1);
    assert.equal(daysBetween(at('2024-07-10T00:00:00Z'), at('2024-07-10T23:59:59Z')), 0);
    assert.equal(daysBetween(at('2024-07-10T00:00:01Z'), at('2024-07-11T00:00:00Z')), 1);
  });

  test('uses UTC dates, not local ones', () => {
    // both instants are on 2024-07-10 in Seoul, but on different UTC dates
    assert.equal(daysBetween(at('2024-07-10T08:00:00+09:00'), at('2024-07-10T10:00:00+09:00')), 1);
  });

  test('is negative when `to` is earlier', () => {
    assert.equal(daysBetween(at('2025-07-10T00:00:00Z'), at('2025-07-09T12:00:00Z')), -1);
    assert.equal(daysBetween(at('2025-07-10T00:00:00Z'), at('2024-07-10T00:00:00Z')), -365);
  });

  test('property: daysBetween(d, addDays(d, n)) === n and is antisymmetric', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        const e = addDays(d, n);
        assert.equal(daysBetween(d, e), n);
        assert.equal(daysBetween(e, d) + n, 0);
      }),
    );
  });
});

describe('addDays', () => {
  test('keeps the time of day and crosses months, years and leap days', () => {
    assert.equal(iso(addDays(at('2024-02-28T13:14:15.678Z'), 1)), '2024-02-29T13:14:15.678Z');
    assert.equal(iso(addDays(at('2024-12-31T23:00:00Z'), 1)), '2025-01-01T23:00:00.000Z');
    assert.equal(iso(addDays(at('2024-03-01T00:00:00Z'), -1)), '2024-02-29T00:00:00.000Z');
    assert.equal(iso(addDays(at('2024-07-10T00:00:00Z'), 0)), '2024-07-10T00:00:00.000Z');
  });
});

describe('addMonths', () => {
  test('the same day of a later month, keeping the time to the millisecond', () => {
    assert.equal(iso(addMonths(at('2024-07-10T13:14:15.678Z'), 1)), '2024-08-10T13:14:15.678Z');
    assert.equal(iso(addMonths(at('2024-07-10T13:14:15.678Z'), 11)), '2025-06-10T13:14:15.678Z');
    assert.equal(iso(addMonths(at('2024-12-15T00:00:00Z'), 1)), '2025-01-15T00:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-07-10T00:00:00Z'), 0)), '2024-07-10T00:00:00.000Z');
  });

  test('a day that does not exist falls back to the last day of the target month', () => {
    assert.equal(iso(addMonths(at('2024-01-31T10:00:00Z'), 1)), '2024-02-29T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2023-01-31T10:00:00Z'), 1)), '2023-02-28T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-03-31T10:00:00Z'), 1)), '2024-04-30T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-01-30T10:00:00Z'), 1)), '2024-02-29T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-01-31T10:00:00Z'), 13)), '2025-02-28T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-08-31T00:00:00Z'), 1)), '2024-09-30T00:00:00.000Z');
  });

  test('does not drift: Jan 31 + 2 months is Mar 31, not Mar 29', () => {
    assert.equal(iso(addMonths(at('2024-01-31T00:00:00Z'), 2)), '2024-03-31T00:00:00.000Z');
  });

  test('negative months go back, with the same clamping', () => {
    assert.equal(iso(addMonths(at('2024-03-31T10:00:00Z'), -1)), '2024-02-29T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2024-01-15T10:00:00Z'), -1)), '2023-12-15T10:00:00.000Z');
    assert.equal(iso(addMonths(at('2025-03-31T00:00:00Z'), -13)), '2024-02-29T00:00:00.000Z');
  });

  test('addYears: Feb 29 + 1 year is Feb 28; + 4 years is Feb 29 again', () => {
    assert.equal(iso(addYears(at('2024-02-29T12:00:00Z'), 1)), '2025-02-28T12:00:00.000Z');
    assert.equal(iso(addYears(at('2024-02-29T12:00:00Z'), 4)), '2028-02-29T12:00:00.000Z');
    assert.equal(iso(addYears(at('2024-07-10T09:00:00Z'), 3)), '2027-07-10T09:00:00.000Z');
  });

  test('property: target is `months` calendar months later, day clamped to the month, time kept', () => {
    fc.assert(
      fc.property(anyInstant, fc.integer({ min: -240, max: 240 }), (d, n) => {
        const r = addMonths(d, n);
        const monthIndex = (x: Date) => x.getUTCFullYear() * 12 + x.getUTCMonth();
        assert.equal(monthIndex(r) - monthIndex(d), n);
        const lastDay = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
        assert.equal(r.getUTCDate(), Math.min(d.getUTCDate(), lastDay));
        const timeOfDay = (x: Date) => ((x.getTime() % 86_400_000) + 86_400_000) % 86_400_000;
        assert.equal(timeOfDay(r), timeOfDay(d));
      }),
    );
  });
});
