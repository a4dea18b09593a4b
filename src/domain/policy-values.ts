/**
 * Policy values: where Microsoft leaves a number open, the engine uses these documented defaults.
 * Per-partner overrides live in the database (see the settings service); this is their baseline.
 */
export const policyDefaults = {
  /** Rules §2: a reservation shows as `Expiring` this many days before it ends. */
  expiringWithinDays: 30,
  /** Rules §4: refund cap per customer over a rolling window, in USD. */
  refundCapUsdMinor: 5_000_000,
  refundWindowDays: 365,
  /** Rules §4: early-termination fee, in basis points (0 today; Microsoft has announced 12%). */
  earlyTerminationFeeBps: 0,
  /** How long a calculated quote (price, refund, exchange) can be executed. */
  quoteLifetimeMinutes: 15,
  /** Most units in one reservation line. */
  maxQuantity: 10_000,
} as const;
