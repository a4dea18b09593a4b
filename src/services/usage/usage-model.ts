/**
 * What the format readers hand to the merge, whatever the file looked like. Each accepted row
 * becomes exactly one call, made only after the whole row was validated, so a rejected row never
 * half-applies.
 */

export type UsageFormat = 'focus-1.0' | 'focus-1.2-preview' | 'reservation-details-json' | 'reservation-details-csv';

export interface UsageSink {
  /** Consumed hours of one resource under a reservation, spread evenly over hours [from, to) of a day. */
  reservationHours(u: {
    reservationId: string; date: string; from: number; to: number; instanceId: string;
    skuName: string | null; flexGroup: string | null; ratio: number | null; quantity: number;
  }): void;
  /** An Unused row: the reservation had idle hours that day (the reserved hours come from the reservation). */
  reservationUnused(reservationId: string, date: string): void;
  /** A whole day's consumed hours of one resource (reservation details): replaces that day's figure. */
  reservationDaily(u: {
    reservationId: string; date: string; instanceId: string; skuName: string | null;
    flexGroup: string | null; ratio: number | null; usedHours: number;
  }): void;
  /** On-demand usage of a reservable resource. */
  onDemand(u: {
    subscriptionId: string; resourceType: string; skuName: string; region: string; date: string;
    from: number; to: number; resourceId: string; quantity: number; costNano: bigint; currency: string;
  }): void;
}

/** What a reader says about one row. A string is the reason it was rejected. */
export type RowOutcome = 'accepted' | 'skipped' | string;

/** A row reader for one file: built from the header (CSV) and fed every record. */
export interface RowReader {
  readonly format: UsageFormat;
  read(fields: string[], line: number): RowOutcome;
}

/** The catalog as the importer needs it: reservable SKUs by lower-cased name. */
export interface CatalogIndex {
  byName: Map<string, { resourceType: string; name: string; flexGroup: string | null; flexRatio: number | null }>;
}

/** Thrown for a file the importer refuses as a whole (unknown format, missing required columns). */
export class UsageFileError extends Error {}
