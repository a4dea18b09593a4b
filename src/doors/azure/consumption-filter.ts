import { parseUtcDate } from '../../domain/dates.ts';
import { badRequest } from '../../domain/errors.ts';

/**
 * The `$filter` of Consumption's reservationSummaries and reservationDetails: a usage-date range,
 * `properties/usageDate ge 2017-10-01 and properties/usageDate le 2017-11-20`. Keywords and the
 * property name are matched case-insensitively (Azure's own examples write `properties/UsageDate`
 * and `AND`); dates may be quoted. Both bounds are required, in either order, once each.
 */
export interface UsageDateRange {
  from: string;
  to: string;
}

const CLAUSE = /^\s*properties\/usagedate\s+(ge|le)\s+'?(\d{4}-\d{2}-\d{2})'?\s*$/i;
/** Longest range one request may ask for: five years, the longest term, and a bound on the work. */
export const MAX_RANGE_DAYS = 5 * 366;

export function parseUsageDateFilter(text: string | undefined): UsageDateRange {
  const target = '$filter';
  if (text === undefined || text.trim() === '') {
    throw badRequest('InvalidFilter', "The $filter query parameter is required: properties/usageDate ge YYYY-MM-DD and properties/usageDate le YYYY-MM-DD", target);
  }
  const parts = text.split(/\s+and\s+/i);
  if (parts.length !== 2) throw invalid(text, 'give exactly two conditions joined by "and": properties/usageDate ge … and properties/usageDate le …');
  let from: string | undefined;
  let to: string | undefined;
  for (const part of parts) {
    const m = CLAUSE.exec(part);
    if (!m) throw invalid(text, `"${part.trim()}" is not "properties/usageDate ge|le YYYY-MM-DD"`);
    const date = m[2]!;
    try {
      parseUtcDate(date);
    } catch {
      throw invalid(text, `${date} is not a calendar date`);
    }
    if (m[1]!.toLowerCase() === 'ge') {
      if (from !== undefined) throw invalid(text, 'the lower bound (ge) is given twice');
      from = date;
    } else {
      if (to !== undefined) throw invalid(text, 'the upper bound (le) is given twice');
      to = date;
    }
  }
  if (!from || !to) throw invalid(text, 'both a lower (ge) and an upper (le) bound are required');
  if (from > to) throw invalid(text, `the start date ${from} is after the end date ${to}`);
  const days = (parseUtcDate(to).getTime() - parseUtcDate(from).getTime()) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS) throw invalid(text, `the range spans ${days} days; ask for at most ${MAX_RANGE_DAYS}`);
  return { from, to };
}

const invalid = (text: string, why: string) => badRequest('InvalidFilter', `Invalid $filter "${text}": ${why}.`, '$filter');
