import type { ReservedResourceType } from './catalog.ts';
import { divideHalfEven, MINOR_UNITS, money, type CurrencyCode, type Money } from './money.ts';

/**
 * The money policy of one partner: every number that Microsoft leaves open or may change, with the
 * documented defaults (reservation-rules.md §4). Stored per partner; a global admin changes it.
 */
export interface MoneyPolicy {
  /** Refund cap per customer over the rolling window, in US cents (USD 50,000). */
  refundCapUsdCents: number;
  /** Length of the rolling window, in days (365). */
  refundWindowDays: number;
  /** Early-termination fee in basis points of the refund (0 today; 1200 would be 12%). */
  earlyTerminationFeeBps: number;
  /** Types refused by self-service refund (SelfServiceRefundNotSupported). */
  nonRefundableTypes: ReservedResourceType[];
  /**
   * Exchange groups: a type may be exchanged only for types of its group. Types not listed form
   * a group of their own.
   */
  exchangeGroups: Record<string, ReservedResourceType[]>;
  /** The 2027-02-01 exchange policy change (rules §4). */
  exchangeCutoffDate: string;
  /** Types the cut-off applies to (those savings plans cover). */
  exchangeCutoffTypes: ReservedResourceType[];
  /** Minutes a refund or exchange quote can be executed. */
  quoteLifetimeMinutes: number;
  /** Units of each currency per US dollar, as decimal strings, for the cap conversion. */
  usdRates: Partial<Record<CurrencyCode, string>>;
  /**
   * Usage alerts (issue 7, our defaults): a reservation is under-used when its utilization over
   * the last `lowUtilizationLookBackDays` days of imported usage is below this percentage (80).
   */
  lowUtilizationThresholdPct: number;
  /** The look-back of the low-utilization alert, in days (7). */
  lowUtilizationLookBackDays: number;
  /** A reservation with no usage at all on this many consecutive days raises the no-usage alert (3). */
  noUsageDays: number;
}

export const DEFAULT_MONEY_POLICY: MoneyPolicy = {
  refundCapUsdCents: 5_000_000,
  refundWindowDays: 365,
  earlyTerminationFeeBps: 0,
  nonRefundableTypes: ['Databricks', 'SynapseAnalytics', 'SuseLinux', 'RedHat'],
  exchangeGroups: {
    Compute: ['VirtualMachines', 'DedicatedHost', 'AVS'],
    Sql: ['SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool'],
  },
  exchangeCutoffDate: '2027-02-01',
  exchangeCutoffTypes: ['VirtualMachines', 'DedicatedHost', 'AppService', 'SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool'],
  quoteLifetimeMinutes: 15,
  usdRates: { USD: '1', KRW: '1350', EUR: '0.92', JPY: '150', GBP: '0.79', AUD: '1.52', CAD: '1.37' },
  lowUtilizationThresholdPct: 80,
  lowUtilizationLookBackDays: 7,
  noUsageDays: 3,
};

/** The exchange group of a type under the policy. */
export function exchangeGroupOf(policy: MoneyPolicy, type: ReservedResourceType): string {
  for (const [group, types] of Object.entries(policy.exchangeGroups)) if (types.includes(type)) return group;
  return type;
}

/**
 * Converts a USD amount (cents) into a currency with the policy's rate table, rounding half-even
 * to the currency's minor unit. Used for the refund cap, which Microsoft states in USD.
 */
export function convertFromUsd(policy: MoneyPolicy, usdCents: number, currency: CurrencyCode): Money {
  const rate = policy.usdRates[currency];
  if (!rate) throw new RangeError(`no USD rate for ${currency} in the policy`);
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(rate);
  if (!m) throw new RangeError(`invalid USD rate "${rate}" for ${currency}`);
  const fraction = (m[2] ?? '').padEnd(8, '0');
  const rateE8 = BigInt(m[1]! + fraction); // rate × 10^8
  const digits = MINOR_UNITS[currency];
  // cents → dollars (÷100) × rate (÷10^8) → currency minor (× 10^digits)
  const minor = divideHalfEven(BigInt(usdCents) * rateE8 * 10n ** BigInt(digits), 100n * 10n ** 8n);
  return money(currency, Number(minor));
}
