import { z } from 'zod';
import { parseTerm } from '../../domain/catalog.ts';
import { CURRENCIES, money, type CurrencyCode } from '../../domain/money.ts';
import { hoursInTerm, utilizationPercent } from '../../domain/unused-commitment.ts';
import { portfolioUtilization } from '../../services/usage-reports/portfolio-service.ts';
import type { PortfolioRow } from '../../store/usage-report-queries.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';
import { moneyJson } from './money-json.ts';

const PATH = '/v1/portfolio/utilization';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One row on the wire; money as {currencyCode, amount, amountMinor}, never summed across currencies. */
export function presentPortfolioRow(level: string, row: PortfolioRow) {
  const currency = row.currency as CurrencyCode;
  const utilization = utilizationPercent(row.reservedHours, row.usedHours);
  const base = {
    level,
    id: row.key,
    name: row.name,
    currencyCode: row.currency,
    reservationCount: row.reservations,
    reservedHours: round(row.reservedHours, 4),
    usedHours: round(row.usedHours, 4),
    unusedHours: round(Math.max(0, row.reservedHours - row.usedHours), 4),
    utilizationPercentage: utilization === null ? null : round(utilization, 2),
    unusedCommitment: moneyJson(money(currency, row.unusedMinor)),
  };
  if (row.reservation) {
    const r = row.reservation;
    return {
      ...base,
      reservationOrderId: r.orderId, reservationId: row.key, customerId: r.customerId, customerName: r.customerName, partnerId: r.partnerId,
      skuName: r.skuName, reservedResourceType: r.resourceType, location: r.location, term: r.term, quantity: r.quantity,
      // The effective hourly price is unitPrice ÷ hoursInTerm per instance-hour, never rounded on its own.
      unitPrice: moneyJson(money(currency, r.unitPriceMinor)), hoursInTerm: hoursInTerm(parseTerm(r.term)),
    };
  }
  if (row.partnerId) return { ...base, customerId: row.key, partnerId: row.partnerId };
  return { ...base, partnerId: row.key, customerCount: row.customers };
}

export function portfolioRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: PATH, door: 'partner', auth: 'bearer', operationId: 'Portfolio_Utilization',
      summary: 'Utilization and unused commitment in money (unused hours × effective hourly price) per reservation, customer or partner, worst first per currency, over the last 7 or 30 days.',
      query: z.object({
        level: z.enum(['reservation', 'customer', 'partner']).default('reservation'),
        customerId: guid().optional(),
        days: z.enum(['7', '30']).default('30'),
        currency: z.enum(CURRENCIES).optional(),
        top: queryInt(1, 100_000).optional(),
        size: queryInt(1, 500).default(40),
        offset: queryInt(0, 10_000_000).default(0),
      }),
      responses: { 200: 'A collection of rows, worst first (by unused commitment) within each currency, with the window used.' },
      handler: async ({ ctx, actor, query }) => {
        const result = await portfolioUtilization(ctx, actor, {
          level: query.level, days: query.days === '7' ? 7 : 30, customerId: query.customerId, currency: query.currency,
          top: query.top, size: query.size, offset: query.offset,
        });
        const next = query.offset + result.rows.length < result.total && result.rows.length > 0
          ? pageUri(PATH, query, query.offset + query.size, query.size) : undefined;
        return {
          body: {
            ...collection(result.rows.map((r) => presentPortfolioRow(query.level, r)), result.total, pageUri(PATH, query, query.offset, query.size), next),
            window: { days: result.window.days, fromDate: result.window.from, toDate: result.window.to },
          },
        };
      },
    }),
  ];
}
