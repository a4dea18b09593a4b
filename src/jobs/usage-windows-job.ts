import type { AppContext } from '../services/context.ts';
import { refreshUsageWindows, usageWindowsOutdated } from '../services/usage-reports/usage-windows.ts';

/**
 * The portfolio rollup's day rollover (issue 7): when yesterday (of the injected clock) is no
 * longer the windows' end date, recompute every reservation's 7- and 30-day window, one set-based
 * statement per window. Any other tick finds the windows current and does nothing but one read of
 * usage_window_state. The importer keeps the windows of what it touches current in between.
 */
export async function runUsageWindowsJob(ctx: AppContext): Promise<Record<string, number>> {
  if (!(await usageWindowsOutdated(ctx))) return { skipped: 1 };
  const { rows, ms } = await refreshUsageWindows(ctx);
  return { rows, ms };
}
