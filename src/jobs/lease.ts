import type { Db } from '../store/database.ts';

/**
 * Exactly one instance runs each job run. A run is named by its run key (the clock slot it
 * belongs to); an instance runs it only if its conditional UPDATE moves the job's row to this run
 * key while no other run holds the lease, and the run is not in job_runs yet. On PostgreSQL a
 * second instance's UPDATE waits for the first to commit and then no longer matches; SQLite has
 * one writer. (Run keys need not only grow: tests move the manual clock back and forth.)
 * The lease expiry is wall time, not the injected clock: it protects against a crashed holder,
 * which is a matter of real seconds, whatever business time the clock says.
 */
export async function acquireRun(db: Db, job: string, holder: string, runKey: string, leaseMs: number): Promise<boolean> {
  await db.insertInto('job_leases').values({ job, holder: '', run_key: '', lease_until: '' })
    .onConflict((oc) => oc.column('job').doNothing()).execute();
  const wallNow = new Date();
  const res = await db.updateTable('job_leases')
    .set({ holder, run_key: runKey, lease_until: new Date(wallNow.getTime() + leaseMs).toISOString() })
    .where('job', '=', job).where('run_key', '<>', runKey).where('lease_until', '<', wallNow.toISOString())
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  const run = await db.insertInto('job_runs').values({ job, run_key: runKey, holder, started_at: wallNow.toISOString(), finished_at: null, result: null })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing()).executeTakeFirst();
  if (Number(run.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  // This run already happened (an instance whose clock lags behind); give the lease back.
  await db.updateTable('job_leases').set({ lease_until: '' }).where('job', '=', job).where('holder', '=', holder).where('run_key', '=', runKey).execute();
  return false;
}

/** Ends the run: records its result and frees the lease for the next run key. */
export async function releaseRun(db: Db, job: string, holder: string, runKey: string, result: unknown): Promise<void> {
  await db.updateTable('job_runs').set({ finished_at: new Date().toISOString(), result: JSON.stringify(result) })
    .where('job', '=', job).where('run_key', '=', runKey).execute();
  await db.updateTable('job_leases').set({ lease_until: '' }).where('job', '=', job).where('holder', '=', holder).where('run_key', '=', runKey).execute();
}
