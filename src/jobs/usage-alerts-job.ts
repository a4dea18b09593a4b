import type { AppContext } from '../services/context.ts';
import { sweepUsageAlerts } from '../services/advice/usage-alerts-service.ts';

/**
 * Usage alerts are about whole days of imported usage, so one sweep an hour (clock time) is
 * plenty; a tick within the hour after the last finished sweep skips it. The sweep reads the
 * recent daily rows of every active reservation, which is worth not doing every minute.
 */
export const USAGE_ALERTS_EVERY_MS = 60 * 60_000;

/**
 * Usage alerts on the injected clock (issue 7): low utilization and no usage, raised once per
 * condition until it clears (usage_alerts), through the notification outbox. Expiry notices are
 * the lifecycle job's (expiry_notices) and are not repeated here.
 */
export async function runUsageAlertsJob(ctx: AppContext): Promise<Record<string, number>> {
  const now = ctx.clock.now();
  // Run keys are the clock's instants (runner.ts); a sweep finished within the last hour means done
  // (a skipped or failed run does not count: skips would chain forever, a failure should be retried).
  const recent = await ctx.store.db.selectFrom('job_runs').select('run_key')
    .where('job', '=', 'usageAlerts').where('finished_at', 'is not', null).where('result', 'not like', '%"skipped"%').where('result', 'not like', '%"error"%')
    .where('run_key', '>', new Date(now.getTime() - USAGE_ALERTS_EVERY_MS).toISOString()).where('run_key', '<', now.toISOString())
    .executeTakeFirst();
  if (recent) return { skipped: 1 };
  const { evaluated, raised, cleared } = await sweepUsageAlerts(ctx);
  return { evaluated, raised, cleared };
}
