import { addDays, utcDate } from '../../domain/dates.ts';
import { tenantScopeOf, type Actor } from '../../domain/policy.ts';
import { portfolioRows, type PortfolioLevel, type PortfolioRow } from '../../store/usage-report-queries.ts';
import type { AppContext } from '../context.ts';
import { requireCustomer } from '../customer-service.ts';
import { ensureUsageWindowsCurrent } from './usage-windows.ts';

/**
 * Portfolio views (issue 7): utilization and unused commitment in money per reservation, customer
 * or partner, worst first, over the last 7 or 30 complete UTC days (the same window as the Azure
 * `utilization` aggregates: yesterday and the days before it). Visible to whoever sees the
 * reservations: everything is narrowed to the caller's tenant scope, and a customer the caller
 * cannot see is not found.
 *
 * Answers come from the rollup (reservation_usage_windows, kept current by the importer, the
 * usage-windows job and the seeds), never from a cache: one indexed read per request.
 */
export interface PortfolioOptions {
  level: PortfolioLevel;
  days: 7 | 30;
  customerId?: string;
  currency?: string;
  /** Only the `top` worst rows (of each listing, across pages). */
  top?: number;
  size: number;
  offset: number;
}

export interface PortfolioResult {
  window: { days: number; from: string; to: string };
  rows: PortfolioRow[];
  total: number;
}

export async function portfolioUtilization(ctx: AppContext, actor: Actor, o: PortfolioOptions): Promise<PortfolioResult> {
  const customerId = o.customerId ? (await requireCustomer(ctx, actor, o.customerId)).id : undefined;
  const now = ctx.clock.now();
  const window = { days: o.days, from: utcDate(addDays(now, -o.days)), to: utcDate(addDays(now, -1)) };
  const top = o.top ?? Number.POSITIVE_INFINITY;
  const limit = Math.max(0, Math.min(o.size, top - o.offset));
  // The job moves the windows when the day rolls over; if it has not yet, do it now (once).
  await ensureUsageWindowsCurrent(ctx);
  const query = { scope: tenantScopeOf(actor), level: o.level, days: o.days, customerId, currency: o.currency };
  const page = limit === 0 ? { limit: 1, offset: 0 } : { limit, offset: o.offset };
  const { rows, total } = await portfolioRows(ctx.store.db, { ...query, ...page });
  return { window, rows: limit === 0 ? [] : rows, total: Math.min(total, top) };
}
