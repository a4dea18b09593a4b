import { randomUUID } from 'node:crypto';
import type { AppContext } from '../services/context.ts';
import { acquireRun, releaseRun } from './lease.ts';
import { runLifecycleJob } from './lifecycle-job.ts';
import { runPaymentsJob } from './payments-job.ts';
import { runNotificationsJob } from './notifications-job.ts';
import { runUsageAlertsJob } from './usage-alerts-job.ts';
import { runUsageWindowsJob } from './usage-windows-job.ts';

/** The background jobs, in the order a tick runs them: charges, then expiry and renewal, usage alerts, the portfolio rollup's day rollover, then delivery of what they caused. */
export const JOBS: ReadonlyArray<{ name: string; run: (ctx: AppContext) => Promise<Record<string, number>> }> = [
  { name: 'payments', run: runPaymentsJob },
  { name: 'lifecycle', run: runLifecycleJob },
  { name: 'usageAlerts', run: runUsageAlertsJob },
  { name: 'usageWindows', run: runUsageWindowsJob },
  { name: 'notifications', run: runNotificationsJob },
];

const LEASE_MS = 10 * 60_000;

export interface JobRunReport {
  job: string;
  runKey: string;
  /** False when another instance holds this run (or already ran it). */
  ran: boolean;
  result?: Record<string, number>;
  error?: string;
}

/**
 * One tick of every job, each under its lease. The run key defaults to the clock's instant, so
 * tests run a tick deterministically (`runJobsOnce(ctx)`) and instances ticking in the same slot
 * (see startJobRunner) run each job once between them.
 */
export async function runJobsOnce(ctx: AppContext, options: { instanceId?: string; runKey?: string } = {}): Promise<JobRunReport[]> {
  const holder = options.instanceId ?? defaultInstanceId;
  const runKey = options.runKey ?? ctx.clock.now().toISOString();
  const reports: JobRunReport[] = [];
  for (const job of JOBS) {
    if (!(await acquireRun(ctx.store.db, job.name, holder, runKey, LEASE_MS))) {
      reports.push({ job: job.name, runKey, ran: false });
      continue;
    }
    let report: JobRunReport;
    try {
      report = { job: job.name, runKey, ran: true, result: await job.run(ctx) };
    } catch (err) {
      // A failing job must not stop the others or the next tick; its run records the error.
      report = { job: job.name, runKey, ran: true, error: (err as Error).message };
    }
    await releaseRun(ctx.store.db, job.name, holder, runKey, report.error ? { error: report.error } : report.result);
    reports.push(report);
  }
  return reports;
}

const defaultInstanceId = randomUUID();

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Ticks every `intervalMs` of real time. The run key is the clock's slot (its instant rounded
 * down to the interval), the same in every instance, so a slot runs once however many run.
 */
export function startJobRunner(ctx: AppContext, options: { intervalMs: number; onError?: (err: unknown) => void }): JobRunner {
  const instanceId = randomUUID();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    const slot = Math.floor(ctx.clock.now().getTime() / options.intervalMs) * options.intervalMs;
    inFlight = runJobsOnce(ctx, { instanceId, runKey: new Date(slot).toISOString() })
      .then((reports) => { for (const r of reports) if (r.error) options.onError?.(new Error(`job ${r.job}: ${r.error}`)); })
      .catch((err) => options.onError?.(err))
      .finally(() => { if (!stopped) timer = setTimeout(tick, options.intervalMs); });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
