import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RESERVED_RESOURCE_TYPES, type ReservedResourceType } from '../../src/domain/catalog.ts';
import { addMonths } from '../../src/domain/dates.ts';
import { quoteExchange, exchangeCutoffRefusal, type ExchangePurchase, type ExchangeQuote, type ExchangeReturn } from '../../src/domain/exchange.ts';
import { money, type CurrencyCode } from '../../src/domain/money.ts';
import { DEFAULT_MONEY_POLICY, exchangeGroupOf } from '../../src/domain/policy-settings.ts';
import { allowanceOf, capLimit, checkCap, releaseDate } from '../../src/domain/refund-cap.ts';
import { quoteRefund, type RefundInput } from '../../src/domain/refund.ts';
import type { Reservation } from '../../src/domain/reservation.ts';
import {
  DAY_MS,
  anyPurchaseAt,
  anyTerm,
  anyTestCurrency,
  at,
  instantWithin,
  makeReservation,
  policyWith,
  refundInput,
  scheduleWithPaid,
  termFraction,
  unitPriceIn,
} from './factories.ts';

const P = DEFAULT_MONEY_POLICY;
const codes = (q: ExchangeQuote): string[] => q.policyErrors.map((e) => e.code);
const BEFORE_CUTOFF = at('2026-06-01T00:00:00Z');

/** The return side of an exchange: the reservation and its refund quote. */
function returning(reservation: Reservation, overrides: Partial<RefundInput> = {}): ExchangeReturn {
  return { reservation, refund: quoteRefund(refundInput(reservation, overrides)) };
}

const buy = (resourceType: ReservedResourceType, currency: CurrencyCode, minor: number): ExchangePurchase => ({ resourceType, total: money(currency, minor) });

// ---------------------------------------------------------------------------------------------
// The new commitment must reach the remaining commitment.
// ---------------------------------------------------------------------------------------------

describe('quoteExchange: the new lifetime commitment must be at least the remaining commitment', () => {
  const purchase = at('2024-07-10T09:00:00Z');
  const unit = money('USD', 360_000); // three years at USD 100 a month
  const threeYearMonthly = () => makeReservation({ term: 'P3Y', billingPlan: 'Monthly', purchaseAt: purchase.toISOString() });

  test('the rules’ example: three years at USD 100/month after 18 payments needs at least USD 1,800', () => {
    const r = threeYearMonthly();
    const now = addMonths(purchase, 18); // the 19th instalment is due
    for (const paid of [18, 19]) {
      // whether or not the instalment due today has been charged, USD 1,800 is still owed
      const ret = returning(r, { now, paidUnitPrice: unit, payments: scheduleWithPaid(unit, 'P3Y', purchase, paid), liveOrderQuantity: 1 });
      assert.deepEqual(ret.refund.policyErrors, []);
      assert.deepEqual(ret.refund.remainingCommitment, money('USD', 180_000), `${paid} paid`);

      const exact = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', 180_000)], now, P);
      assert.deepEqual(exact.policyErrors, []);
      assert.deepEqual(exact.commitmentShortfall, money('USD', 0));
      assert.deepEqual(exact.remainingCommitment, money('USD', 180_000));
      assert.deepEqual(exact.newCommitment, money('USD', 180_000));

      const short = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', 179_999)], now, P);
      assert.deepEqual(codes(short), ['InsufficientNewCommitment']);
      assert.deepEqual(short.commitmentShortfall, money('USD', 1));
      assert.match(short.policyErrors[0]!.message, /falls short by 1 in minor units/);
    }
  });

  test('KRW upfront: equal accepted, one won below refused with the shortfall; several purchases add up', () => {
    const r = makeReservation({ quantity: 4 });
    const now = at('2025-01-10T00:00:00Z');
    const ret = returning(r, { now, paidUnitPrice: money('KRW', 1_000_003) });
    // 4 × 1,000,003 × 181 / 365 = 1,983,567.59… → 1,983,568
    assert.deepEqual(ret.refund.remainingCommitment, money('KRW', 1_983_568));
    assert.deepEqual(codes(quoteExchange('KRW', [ret], [buy('DedicatedHost', 'KRW', 1_983_568)], now, P)), []);
    const short = quoteExchange('KRW', [ret], [buy('DedicatedHost', 'KRW', 1_983_567)], now, P);
    assert.deepEqual([codes(short), short.commitmentShortfall.minor], [['InsufficientNewCommitment'], 1]);
    assert.deepEqual(codes(quoteExchange('KRW', [ret], [buy('VirtualMachines', 'KRW', 983_568), buy('AVS', 'KRW', 1_000_000)], now, P)), []);
    assert.deepEqual(codes(quoteExchange('KRW', [ret], [buy('VirtualMachines', 'KRW', 983_567), buy('AVS', 'KRW', 1_000_000)], now, P)), ['InsufficientNewCommitment']);
  });

  test('the lower current price lowers the refund, not the commitment to reach', () => {
    const r = makeReservation({ quantity: 1 });
    const now = at('2025-01-10T00:00:00Z');
    const ret = returning(r, { now, paidUnitPrice: money('USD', 100_000), currentUnitPrice: money('USD', 50_000) });
    assert.equal(ret.refund.grossRefund.minor, 24_795); // 50,000 × 181 / 365 = 24,794.52… → 24,795
    assert.equal(ret.refund.remainingCommitment.minor, 49_589); // 100,000 × 181 / 365 = 49,589.04…
    assert.deepEqual(quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', 49_589)], now, P).policyErrors, []);
    const q = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', 49_588)], now, P);
    assert.deepEqual([codes(q), q.commitmentShortfall.minor], [['InsufficientNewCommitment'], 1]);
  });

  test('property, KRW and USD: shortfall = max(0, Σ remaining − Σ purchases); refused exactly when positive; netPayable = purchases − refunds', () => {
    fc.assert(
      fc.property(
        anyTestCurrency.chain((currency) => fc.record({
          currency: fc.constant(currency),
          returns: fc.array(fc.record({ paid: unitPriceIn(currency), held: fc.integer({ min: 1, max: 20 }), term: anyTerm, purchaseAt: fc.integer({ min: Date.UTC(2023, 6, 1), max: Date.UTC(2026, 4, 31) }).map((t) => new Date(t)), ppm: termFraction }), { minLength: 1, maxLength: 4 }),
          split: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 3 }),
          delta: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })),
          feeBps: fc.constantFrom(0, 1200),
        })),
        (c) => {
          const now = BEFORE_CUTOFF;
          const returns = c.returns
            .map((x) => ({ x, r: makeReservation({ quantity: x.held, term: x.term, purchaseAt: x.purchaseAt.toISOString() }) }))
            .filter(({ r }) => new Date(r.expiryAt) > now)
            .map(({ x, r }) => returning(r, { now, paidUnitPrice: money(c.currency, x.paid), policy: policyWith({ earlyTerminationFeeBps: c.feeBps }) }));
          fc.pre(returns.length > 0);
          const remaining = returns.reduce((s, r) => s + r.refund.remainingCommitment.minor, 0);
          const refunds = returns.reduce((s, r) => s + r.refund.grossRefund.minor, 0);
          const target = Math.max(0, remaining + c.delta);
          // spread the new commitment over the purchases, the leftover on the first
          const weights = c.split.reduce((s, w) => s + w, 0);
          const parts = c.split.map((w) => Math.floor((target * w) / weights));
          parts[0]! += target - parts.reduce((s, x) => s + x, 0);
          const q = quoteExchange(c.currency, returns, parts.map((m) => buy('DedicatedHost', c.currency, m)), now, P);

          assert.deepEqual(q.remainingCommitment, money(c.currency, remaining));
          assert.deepEqual(q.newCommitment, money(c.currency, target));
          assert.deepEqual(q.purchasesTotal, money(c.currency, target));
          assert.deepEqual(q.commitmentShortfall, money(c.currency, Math.max(0, remaining - target)));
          assert.equal(codes(q).includes('InsufficientNewCommitment'), target < remaining);
          assert.deepEqual(codes(q).filter((x) => x !== 'InsufficientNewCommitment'), []);
          // the refunds credited are the prorated refunds (no early-termination fee on an exchange)
          assert.deepEqual(q.refundsTotal, money(c.currency, refunds));
          assert.deepEqual(q.netPayable, money(c.currency, target - refunds));
          assert.equal(q.exchangeGroup, 'Compute');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('netPayable is negative when the refunds are more than the purchases (the partner is credited)', () => {
    const r = makeReservation({ quantity: 10 });
    const now = at('2024-07-11T00:00:00Z');
    const ret = returning(r, { now, paidUnitPrice: money('USD', 100_000), currentUnitPrice: money('USD', 10_000) });
    // refund at the lower current price: 10 × 10,000 × 364 / 365 = 99,726.03… → 99,726; still owed 997,260
    assert.equal(ret.refund.grossRefund.minor, 99_726);
    assert.equal(ret.refund.remainingCommitment.minor, 997_260);
    const q = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', 997_260)], now, P);
    assert.deepEqual(q.policyErrors, []);
    assert.deepEqual(q.netPayable, money('USD', 997_260 - 99_726));
    // bought at the same price as before: the refund is what was paid for the unused days, and the
    // same commitment again costs nothing now …
    const same = quoteExchange('USD', [returning(makeReservation({ quantity: 10 }), { now, paidUnitPrice: money('USD', 100_000) })], [buy('VirtualMachines', 'USD', 997_260)], now, P);
    assert.deepEqual(same.netPayable, money('USD', 0));
    // … and a smaller new commitment would credit the partner, which is why it is refused
    const smaller = quoteExchange('USD', [returning(makeReservation({ quantity: 10 }), { now, paidUnitPrice: money('USD', 100_000) })], [buy('VirtualMachines', 'USD', 500_000)], now, P);
    assert.deepEqual([smaller.netPayable.minor, codes(smaller)], [500_000 - 997_260, ['InsufficientNewCommitment']]);
  });

  test('an exchange names at least one return and one purchase', () => {
    const ret = returning(makeReservation());
    const noPurchase = quoteExchange('KRW', [ret], [], BEFORE_CUTOFF, P);
    assert.deepEqual(codes(noPurchase), ['InvalidExchangeRequest']);
    assert.match(noPurchase.policyErrors[0]!.message, /return the reservation instead/);
    assert.deepEqual(codes(quoteExchange('KRW', [], [buy('VirtualMachines', 'KRW', 1)], BEFORE_CUTOFF, P)), ['InvalidExchangeRequest']);
  });
});

// ---------------------------------------------------------------------------------------------
// Same type only.
// ---------------------------------------------------------------------------------------------

// rules §4: compute together, SQL together, every other type only with itself
const SPEC_GROUP = (t: ReservedResourceType): string =>
  ['VirtualMachines', 'DedicatedHost', 'AVS'].includes(t) ? 'compute' : ['SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool'].includes(t) ? 'sql' : t;

/** A reservation still live at BEFORE_CUTOFF. */
const live = (overrides: Partial<Reservation> = {}) => makeReservation({ purchaseAt: '2026-01-15T00:00:00.000Z', ...overrides });

describe('quoteExchange: same type only', () => {
  const generous = (r: Reservation) => r.quantity * 10_000_000;

  const exchange = (from: ReservedResourceType, to: ReservedResourceType) => {
    const r = live({ resourceType: from });
    return quoteExchange('KRW', [returning(r, { now: BEFORE_CUTOFF, paidUnitPrice: money('KRW', 1_200_000) })], [buy(to, 'KRW', generous(r))], BEFORE_CUTOFF, P);
  };

  test('Cosmos DB for SQL Database, and virtual machines for App Service, are refused with the advice to return and buy anew', () => {
    for (const [from, to] of [['CosmosDb', 'SqlDatabases'], ['SqlDatabases', 'CosmosDb'], ['VirtualMachines', 'AppService'], ['AppService', 'VirtualMachines']] as const) {
      const q = exchange(from, to);
      assert.deepEqual(codes(q), ['CrossTypeExchangeNotAllowed'], `${from} → ${to}`);
      assert.match(q.policyErrors[0]!.message, /return the reservation for a refund and buy the new one/);
      assert.equal(q.exchangeGroup, null);
    }
  });

  test('within a group: virtual machines ↔ dedicated hosts, SQL Database ↔ SQL Managed Instance; a type with itself', () => {
    for (const [from, to, group] of [
      ['VirtualMachines', 'DedicatedHost', 'Compute'], ['DedicatedHost', 'VirtualMachines', 'Compute'],
      ['SqlDatabases', 'SqlManagedInstance', 'Sql'], ['SqlManagedInstance', 'SqlDatabases', 'Sql'],
      ['CosmosDb', 'CosmosDb', 'CosmosDb'], ['AppService', 'AppService', 'AppService'],
    ] as const) {
      const q = exchange(from, to);
      assert.deepEqual(q.policyErrors, [], `${from} → ${to}`);
      assert.equal(q.exchangeGroup, group);
    }
  });

  test('property: every pair of types is allowed exactly when the rules put them in one group', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RESERVED_RESOURCE_TYPES), fc.constantFrom(...RESERVED_RESOURCE_TYPES), (from, to) => {
        const q = exchange(from, to);
        assert.equal(codes(q).includes('CrossTypeExchangeNotAllowed'), SPEC_GROUP(from) !== SPEC_GROUP(to), `${from} → ${to}`);
        assert.equal(exchangeGroupOf(P, from) === exchangeGroupOf(P, to), SPEC_GROUP(from) === SPEC_GROUP(to));
      }),
      { numRuns: 400 },
    );
  });

  test('several returns and purchases: one foreign type anywhere refuses the whole exchange', () => {
    const now = BEFORE_CUTOFF;
    const vm = returning(live({ resourceType: 'VirtualMachines' }), { now });
    const host = returning(live({ resourceType: 'DedicatedHost' }), { now });
    const sql = returning(live({ resourceType: 'SqlDatabases' }), { now });
    assert.deepEqual([vm, host, sql].flatMap((x) => x.refund.policyErrors), []);
    assert.deepEqual(quoteExchange('KRW', [vm, host], [buy('AVS', 'KRW', 5_000_000), buy('VirtualMachines', 'KRW', 1)], now, P).policyErrors, []);
    assert.deepEqual(codes(quoteExchange('KRW', [vm, sql], [buy('VirtualMachines', 'KRW', 5_000_000)], now, P)), ['CrossTypeExchangeNotAllowed']);
    assert.deepEqual(codes(quoteExchange('KRW', [vm, host], [buy('VirtualMachines', 'KRW', 5_000_000), buy('SqlElasticPool', 'KRW', 1)], now, P)), ['CrossTypeExchangeNotAllowed']);
  });
});

// ---------------------------------------------------------------------------------------------
// Exchanges never touch the refund cap.
// ---------------------------------------------------------------------------------------------

describe('quoteExchange: exchanges do not count toward the refund cap', () => {
  test('a return the cap would refuse can be exchanged', () => {
    const now = BEFORE_CUTOFF;
    // 100 units of USD 3,000 bought a day before: cancels about USD 300,000, six times the cap
    const r = makeReservation({ quantity: 100, purchaseAt: '2026-05-31T00:00:00.000Z' });
    const ret = returning(r, { now, paidUnitPrice: money('USD', 300_000) });
    assert.ok(ret.refund.cancelledCommitment.minor > capLimit(P, 'USD').minor);
    const exhausted = allowanceOf(P, 'USD', [{ amount: capLimit(P, 'USD'), consumedAt: now.toISOString(), releasesAt: releaseDate(P, now).toISOString() }], now);
    assert.equal(checkCap(exhausted, ret.refund.cancelledCommitment).ok, false, 'as a return it would be refused');
    const q = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', ret.refund.remainingCommitment.minor)], now, P);
    assert.deepEqual(q.policyErrors, []);
  });

  test('RefundLimitExceeded and SelfServiceRefundNotSupported on a refund quote are dropped; other refund errors stand', () => {
    const now = BEFORE_CUTOFF;
    const ret = returning(live(), { now });
    const withErrors = (...codes: string[]): ExchangeReturn => ({ ...ret, refund: { ...ret.refund, policyErrors: codes.map((code) => ({ code, message: code })) } });
    const purchase = [buy('VirtualMachines', 'KRW', 10_000_000)];
    assert.deepEqual(quoteExchange('KRW', [withErrors('RefundLimitExceeded', 'SelfServiceRefundNotSupported')], purchase, now, P).policyErrors, []);
    assert.deepEqual(codes(quoteExchange('KRW', [withErrors('RefundLimitExceeded', 'ReservationNotActive', 'InvalidRefundQuantity')], purchase, now, P)), ['ReservationNotActive', 'InvalidRefundQuantity']);
  });

  test('a type that self-service refunds refuse (Databricks) can still be exchanged for its own type', () => {
    const r = live({ resourceType: 'Databricks' });
    const ret = returning(r, { now: BEFORE_CUTOFF });
    assert.deepEqual(ret.refund.policyErrors.map((e) => e.code), ['SelfServiceRefundNotSupported']);
    assert.deepEqual(quoteExchange('KRW', [ret], [buy('Databricks', 'KRW', 10_000_000)], BEFORE_CUTOFF, P).policyErrors, []);
  });

  test('an expired reservation or a wrong quantity is still refused in an exchange', () => {
    const r = makeReservation({ quantity: 2 });
    const expired = returning(r, { now: new Date(r.expiryAt) });
    assert.deepEqual(codes(quoteExchange('KRW', [expired], [buy('VirtualMachines', 'KRW', 1)], BEFORE_CUTOFF, P)), ['ReservationNotActive']);
    const tooMany = returning(r, { quantity: 3 });
    assert.deepEqual(codes(quoteExchange('KRW', [tooMany], [buy('VirtualMachines', 'KRW', 10_000_000)], BEFORE_CUTOFF, P)), ['InvalidRefundQuantity']);
  });
});

// ---------------------------------------------------------------------------------------------
// The policy change of 2027-02-01.
// ---------------------------------------------------------------------------------------------

// rules §4: the services savings plans cover (virtual machines, App Service, Azure SQL and similar)
const CUTOFF_TYPES: ReservedResourceType[] = ['VirtualMachines', 'DedicatedHost', 'AppService', 'SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool'];
const CUTOFF = Date.UTC(2027, 1, 1);

describe('the 2027-02-01 exchange policy', () => {
  const refused = (r: Reservation, now: Date) => exchangeCutoffRefusal(r, now, P)?.code ?? null;

  test('before the date, every reservation is exchangeable', () => {
    const lastMoment = new Date(CUTOFF - 1);
    for (const type of RESERVED_RESOURCE_TYPES) {
      for (const purchaseAt of ['2024-01-01T00:00:00.000Z', '2027-01-31T23:59:59.998Z']) {
        assert.equal(refused(makeReservation({ resourceType: type, purchaseAt }), lastMoment), null, `${type} bought ${purchaseAt}`);
      }
    }
  });

  test('on or after the date: a virtual-machine reservation bought on or after it is refused; one bought before is allowed', () => {
    const onTheDate = new Date(CUTOFF);
    const boughtOn = makeReservation({ purchaseAt: '2027-02-01T00:00:00.000Z' });
    const boughtBefore = makeReservation({ purchaseAt: '2027-01-31T23:59:59.999Z' });
    assert.equal(refused(boughtOn, onTheDate), 'ExchangeNotAllowedAfterPolicyChange');
    assert.equal(refused(boughtOn, at('2027-08-01T00:00:00Z')), 'ExchangeNotAllowedAfterPolicyChange');
    assert.equal(refused(boughtBefore, onTheDate), null);
    assert.equal(refused(boughtBefore, at('2027-08-01T00:00:00Z')), null);
    const msg = exchangeCutoffRefusal(boughtOn, onTheDate, P)!.message;
    assert.match(msg, /2027-02-01/);
    assert.match(msg, /return it instead/);
  });

  test('the final exchange: allowed once, its replacement (bought at the exchange) is not exchangeable', () => {
    const now = at('2027-03-15T10:00:00Z');
    const old = makeReservation({ purchaseAt: '2025-03-01T00:00:00.000Z', term: 'P3Y', quantity: 4 });
    const ret = returning(old, { now, paidUnitPrice: money('USD', 300_000) });
    const q = quoteExchange('USD', [ret], [buy('VirtualMachines', 'USD', ret.refund.remainingCommitment.minor)], now, P);
    assert.deepEqual(q.policyErrors, []);
    // what the exchange produces: a new reservation whose term starts at the exchange
    const replacement = makeReservation({ purchaseAt: now.toISOString(), term: 'P3Y', quantity: 4 });
    const later = new Date(now.getTime() + 30 * DAY_MS);
    assert.equal(refused(replacement, later), 'ExchangeNotAllowedAfterPolicyChange');
    const again = quoteExchange('USD', [returning(replacement, { now: later, paidUnitPrice: money('USD', 300_000) })], [buy('VirtualMachines', 'USD', 100_000_000)], later, P);
    assert.deepEqual(codes(again), ['ExchangeNotAllowedAfterPolicyChange']);
  });

  test('a renewal on or after the date is not exchangeable; one renewed before keeps its final exchange', () => {
    const renewedAfter = makeReservation({ purchaseAt: '2027-05-01T00:00:00.000Z', renewSource: 'some-reservation' });
    assert.equal(refused(renewedAfter, at('2027-06-01T00:00:00Z')), 'ExchangeNotAllowedAfterPolicyChange');
    const renewedBefore = makeReservation({ purchaseAt: '2026-05-01T00:00:00.000Z', renewSource: 'some-reservation' });
    assert.equal(refused(renewedBefore, at('2027-06-01T00:00:00Z')), null);
  });

  test('exchanging 2 of 10 units: the remaining 8 keep their purchase date and so their final exchange', () => {
    const now = at('2027-03-15T10:00:00Z');
    const r = makeReservation({ purchaseAt: '2025-03-01T00:00:00.000Z', term: 'P3Y', quantity: 10 });
    const ret = returning(r, { now, quantity: 2, paidUnitPrice: money('KRW', 3_000_000) });
    assert.deepEqual(ret.refund.policyErrors, []);
    assert.equal(ret.refund.quantity, 2);
    assert.deepEqual(quoteExchange('KRW', [ret], [buy('DedicatedHost', 'KRW', ret.refund.remainingCommitment.minor)], now, P).policyErrors, []);
    // the rest continues as a new reservation of the same order, with the original dates (as the return service writes it)
    const remainder = makeReservation({ ...r, id: 'remainder', quantity: 8, lastUpdatedAt: now.toISOString() });
    const later = at('2027-09-01T00:00:00Z');
    assert.equal(refused(remainder, later), null);
    const rest = returning(remainder, { now: later, quantity: 8, paidUnitPrice: money('KRW', 3_000_000) });
    assert.deepEqual(quoteExchange('KRW', [rest], [buy('VirtualMachines', 'KRW', rest.refund.remainingCommitment.minor)], later, P).policyErrors, []);
  });

  test('types outside the savings-plan list are unaffected (Cosmos DB bought after the date exchanges freely)', () => {
    const cosmos = makeReservation({ resourceType: 'CosmosDb', purchaseAt: '2027-06-01T00:00:00.000Z' });
    const now = at('2028-01-01T00:00:00Z');
    assert.equal(refused(cosmos, now), null);
    assert.deepEqual(quoteExchange('KRW', [returning(cosmos, { now })], [buy('CosmosDb', 'KRW', 10_000_000)], now, P).policyErrors, []);
    // App Service and SQL are covered like virtual machines
    for (const type of ['AppService', 'SqlDatabases', 'SqlManagedInstance', 'DedicatedHost'] as const) {
      assert.equal(refused(makeReservation({ resourceType: type, purchaseAt: '2027-06-01T00:00:00.000Z' }), now), 'ExchangeNotAllowedAfterPolicyChange', type);
    }
  });

  test('property: refused exactly for a covered type, bought on or after the date, asked on or after the date', () => {
    // instants anywhere within three years of the date, and exactly around it
    const instant = fc.oneof(fc.integer({ min: CUTOFF - 3 * 365 * DAY_MS, max: CUTOFF + 3 * 365 * DAY_MS }), fc.constantFrom(CUTOFF - 1, CUTOFF, CUTOFF + 1));
    fc.assert(
      fc.property(fc.constantFrom(...RESERVED_RESOURCE_TYPES), instant, instant, (type, purchaseAt, asked) => {
        const now = new Date(Math.max(purchaseAt, asked));
        const r = makeReservation({ resourceType: type, purchaseAt: new Date(purchaseAt).toISOString(), term: 'P5Y' });
        const expected = CUTOFF_TYPES.includes(type) && now.getTime() >= CUTOFF && purchaseAt >= CUTOFF;
        assert.equal(refused(r, now) === 'ExchangeNotAllowedAfterPolicyChange', expected, `${type} bought ${new Date(purchaseAt).toISOString()} asked ${now.toISOString()}`);
      }),
      { numRuns: 500 },
    );
  });

  test('the date and the types are policy values', () => {
    const earlier = policyWith({ exchangeCutoffDate: '2026-01-01' });
    const r = makeReservation({ purchaseAt: '2026-03-01T00:00:00.000Z' });
    assert.equal(exchangeCutoffRefusal(r, at('2026-06-01T00:00:00Z'), earlier)?.code, 'ExchangeNotAllowedAfterPolicyChange');
    assert.equal(exchangeCutoffRefusal(r, at('2026-06-01T00:00:00Z'), P), null);
    const vmExempt = policyWith({ exchangeCutoffTypes: ['AppService'] });
    assert.equal(exchangeCutoffRefusal(makeReservation({ purchaseAt: '2027-06-01T00:00:00.000Z' }), at('2027-07-01T00:00:00Z'), vmExempt), null);
  });

  test('the default policy’s list is the rules’ list', () => {
    assert.deepEqual([...P.exchangeCutoffTypes].sort(), [...CUTOFF_TYPES].sort());
    assert.equal(P.exchangeCutoffDate, '2027-02-01');
  });
});

// keep the generator of upfront arbitrary reservations honest: it is inside the term
test('instantWithin stays inside the term', () => {
  fc.assert(fc.property(anyPurchaseAt, termFraction, (p, ppm) => {
    const r = makeReservation({ purchaseAt: p.toISOString(), term: 'P1Y' });
    const t = instantWithin(p, new Date(r.expiryAt), ppm);
    assert.ok(t.getTime() >= p.getTime() && t.getTime() < new Date(r.expiryAt).getTime());
  }));
});
