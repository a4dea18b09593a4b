/**
 * Builders for the money tests (refund, cap, exchange): a reservation with overrides, refund
 * inputs, monthly payment records, an independent half-even rounding oracle and a replay of what
 * the return service does to an order's instalments after a partial return.
 */
import fc from 'fast-check';
import type { BillingPlan, ReservedResourceType, Term } from '../../src/domain/catalog.ts';
import { money, type CurrencyCode, type Money } from '../../src/domain/money.ts';
import { DEFAULT_MONEY_POLICY, type MoneyPolicy } from '../../src/domain/policy-settings.ts';
import { quoteRefund, type RefundInput, type RefundQuote } from '../../src/domain/refund.ts';
import { expiryFor, paymentSchedule, type PaymentInstalment, type Reservation } from '../../src/domain/reservation.ts';

export const DAY_MS = 86_400_000;
export const at = (iso: string): Date => new Date(iso);

let counter = 0;
const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A live reservation: one unit of a one-year upfront virtual-machine reservation bought on
 * 2024-07-10 at midnight UTC. `expiryAt` follows `purchaseAt` and `term` unless it is overridden.
 */
export function makeReservation(overrides: Partial<Reservation> = {}): Reservation {
  const n = ++counter;
  const purchaseAt = overrides.purchaseAt ?? '2024-07-10T00:00:00.000Z';
  const term: Term = overrides.term ?? 'P1Y';
  const expiryAt = overrides.expiryAt ?? expiryFor(new Date(purchaseAt), term).toISOString();
  return {
    id: guid(n * 2),
    orderId: guid(n * 2 + 1),
    customerId: 'customer-1',
    partnerId: 'partner-1',
    resellerId: null,
    resourceType: 'VirtualMachines',
    skuName: 'Standard_D2s_v5',
    location: 'koreacentral',
    quantity: 1,
    displayName: `reservation-${n}`,
    appliedScopeType: 'Shared',
    appliedScopes: [],
    appliedScopeProperties: null,
    instanceFlexibility: 'On',
    provisioningState: 'Succeeded',
    archived: false,
    renew: false,
    term,
    billingPlan: 'Upfront',
    billingScopeId: '/subscriptions/00000000-0000-4000-8000-00000000abcd',
    purchaseAt,
    benefitStartAt: purchaseAt,
    effectiveAt: purchaseAt,
    expiryAt,
    lastUpdatedAt: purchaseAt,
    splitSource: null,
    splitDestinations: [],
    mergeSources: [],
    mergeDestination: null,
    renewSource: null,
    renewDestination: null,
    etag: 1,
    ...overrides,
  };
}

/** A refund input for `reservation`: every unit returned now, paid and current price KRW 1,200,000, default policy. */
export function refundInput(reservation: Reservation, overrides: Partial<RefundInput> = {}): RefundInput {
  return {
    reservation,
    quantity: reservation.quantity,
    now: new Date(new Date(reservation.purchaseAt).getTime() + 100 * DAY_MS),
    paidUnitPrice: money('KRW', 1_200_000),
    currentUnitPrice: null,
    payments: [],
    liveOrderQuantity: reservation.quantity,
    policy: DEFAULT_MONEY_POLICY,
    ...overrides,
  };
}

/** A policy with overrides on the documented defaults. */
export const policyWith = (overrides: Partial<MoneyPolicy>): MoneyPolicy => ({ ...DEFAULT_MONEY_POLICY, ...overrides });

/** The order's instalments with the first `succeeded` of them paid (the rest Scheduled). */
export function scheduleWithPaid(total: Money, term: Term, purchaseAt: Date, succeeded: number): PaymentInstalment[] {
  return paymentSchedule(total, 'Monthly', term, purchaseAt).map((p, i) =>
    i < succeeded ? { ...p, status: 'Succeeded', paymentDate: p.dueDate } : p,
  );
}

/** The instalments as a billing run on time leaves them at `now`: every one due on or before that date is paid. */
export function paidWhenDue(schedule: readonly PaymentInstalment[], now: Date): PaymentInstalment[] {
  const today = now.toISOString().slice(0, 10);
  return schedule.map((p) => (p.dueDate <= today && p.status === 'Scheduled' ? { ...p, status: 'Succeeded', paymentDate: p.dueDate } : p));
}

/**
 * What the return service writes after a return (src/services/return-service.ts `applyReturn`):
 * an instalment cancelled whole becomes Cancelled; one cancelled in part keeps the remaining
 * amount Scheduled and the cancelled share is recorded as a separate Cancelled row. Paid
 * instalments are history and stay as they are.
 */
export function applyMonthlyReturn(payments: readonly PaymentInstalment[], quote: RefundQuote): PaymentInstalment[] {
  const out = payments.map((p) => ({ ...p }));
  let nextSeq = Math.max(10_000, ...out.map((p) => p.sequence + 1));
  for (const c of quote.monthly?.cancelled ?? []) {
    const row = out.find((p) => p.sequence === c.sequence)!;
    if (c.remainingAmount.minor === 0) {
      row.status = 'Cancelled';
    } else {
      row.amount = c.remainingAmount;
      out.push({ sequence: nextSeq++, dueDate: c.dueDate, amount: c.cancelledAmount, status: 'Cancelled', paymentDate: null });
    }
  }
  return out;
}

/** Round-half-even of n ÷ d (d > 0), written independently of src/domain/money.ts. */
export function roundHalfEven(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('positive denominator expected');
  // floor division that also works for negative n
  let q = n / d;
  if (n % d !== 0n && n < 0n) q -= 1n;
  const r = n - q * d; // 0 <= r < d
  if (2n * r > d) return q + 1n;
  if (2n * r < d) return q;
  return q % 2n === 0n ? q : q + 1n;
}

/** Whole days between the UTC calendar dates of two instants, without src/domain/dates.ts. */
export function utcDayDiff(from: Date, to: Date): number {
  const day = (d: Date) => Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / DAY_MS);
  return day(to) - day(from);
}

/** Quote a return, then the reservation left over (the service's remainder keeps every date). */
export function quoteAndRemainder(input: RefundInput): { quote: RefundQuote; remainder: Reservation | null } {
  const quote = quoteRefund(input);
  const r = input.reservation;
  const remainder = input.quantity < r.quantity ? makeReservation({ ...r, id: `${r.id}-rest`, quantity: r.quantity - input.quantity }) : null;
  return { quote, remainder };
}

// ---- arbitraries --------------------------------------------------------------------------

export const TEST_CURRENCIES = ['KRW', 'USD'] as const satisfies readonly CurrencyCode[];
export const anyTestCurrency = fc.constantFrom(...TEST_CURRENCIES);
export const anyTerm = fc.constantFrom<Term>('P1Y', 'P3Y', 'P5Y');
export const anyPlan = fc.constantFrom<BillingPlan>('Upfront', 'Monthly');

/** A unit price for the whole term in minor units: up to KRW 5,000,000,000 or USD 5,000,000.00. */
export const unitPriceIn = (currency: CurrencyCode): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: 1, max: 1_000 }),
    fc.integer({ min: 1, max: currency === 'KRW' ? 5_000_000_000 : 500_000_000 }),
  );

/** A purchase instant between 2020 and 2031, to the millisecond. */
export const anyPurchaseAt = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2031, 0, 1) }).map((t) => new Date(t));

/** A fraction of the term in [0, 1], as parts per million (to place "now" inside the term). */
export const termFraction = fc.integer({ min: 0, max: 1_000_000 });

export const instantWithin = (purchaseAt: Date, expiryAt: Date, ppm: number): Date =>
  new Date(purchaseAt.getTime() + Math.floor(((expiryAt.getTime() - 1 - purchaseAt.getTime()) * ppm) / 1_000_000));

export const REFUNDABLE_EXAMPLES: ReservedResourceType[] = ['VirtualMachines', 'SqlDatabases', 'CosmosDb', 'AppService', 'DedicatedHost', 'BlobStorage'];
