import { addDays, utcDate } from '../../domain/dates.ts';
import type { Store } from '../../store/database.ts';
import { refreshAllWindows, WINDOW_DAYS, windowEndDates } from '../../store/usage-window-queries.ts';
import type { AppContext } from '../context.ts';

/**
 * Keeps the portfolio rollup (reservation_usage_windows) on the right day. Its windows end
 * yesterday (the last complete UTC day of the injected clock); when the day rolls over every row
 * moves, which the usage-windows job does in the background and a request does itself if the job
 * has not run yet.
 */

/** The last complete UTC day at `now`: the end of every window. */
export const windowEndDate = (now: Date): string => utcDate(addDays(now, -1));

/** Recomputes both windows of every reservation for the clock's day; returns the rows written and the time it took. */
export async function refreshUsageWindows(ctx: AppContext): Promise<{ rows: number; ms: number }> {
  const now = ctx.clock.now();
  const t0 = performance.now();
  const rows = await refreshAllWindows(ctx.store.db, windowEndDate(now), now.toISOString());
  return { rows, ms: Math.round(performance.now() - t0) };
}

/** Whether some window was last computed for another day than the clock's (or never). */
export async function usageWindowsOutdated(ctx: AppContext): Promise<boolean> {
  const end = windowEndDate(ctx.clock.now());
  const ends = await windowEndDates(ctx.store.db);
  // "Differs", not "older": tests move the clock back as well as forward.
  return WINDOW_DAYS.some((d) => ends.get(d) !== end);
}

const inFlight = new WeakMap<Store, Promise<unknown>>();

/**
 * Before a portfolio answer: if the windows are not of the clock's day (the job has not run since
 * midnight, or never), refresh them synchronously, once — concurrent requests of this process
 * wait for the same refresh — so an answer is never staler than the data. This is the only place
 * a request pays for the full refresh (seconds over 100,000 reservations), normally never.
 */
export async function ensureUsageWindowsCurrent(ctx: AppContext): Promise<void> {
  if (!(await usageWindowsOutdated(ctx))) return;
  let running = inFlight.get(ctx.store);
  if (!running) {
    running = refreshUsageWindows(ctx).finally(() => inFlight.delete(ctx.store));
    inFlight.set(ctx.store, running);
  }
  await running;
}
