import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Restore } from "@/lib/db/generated/client";
import { appendJobLog } from "@/lib/jobs/job-log";
import { destroyInstance, instanceSocketFile, isRunning, promoteInstance, type InstanceSpec } from "@/lib/pg/instance";
import { resolveServerUser } from "@/lib/pg/os-user";
import { copyLogins } from "@/lib/restores/copy-logins";
import { copyNotRunningError } from "@/lib/restores/user-facing-error";
import { watchRecovery } from "@/lib/restores/watch-recovery";
import { markInstanceRemoved, recordRestoreActionFailure, recordRestoreFacts } from "@/lib/restores/restore-record";
import type { Processor, WorkerDeps } from "@/worker/processor";

async function specOf(deps: WorkerDeps, r: Restore): Promise<InstanceSpec> {
  return { dataDir: r.dataDir, port: r.port, bins: deps.pgBinaries, osUser: await resolveServerUser(deps.config.pg.osUser) };
}

/**
 * Runs one action on a restored copy; a failure is also recorded on the restore's `error` (its
 * status stays: the copy is as it was), where the restore page shows it.
 */
async function actOnCopy(deps: WorkerDeps, restoreId: string, action: string, run: (r: Restore) => Promise<void>): Promise<void> {
  const r = await deps.db.restore.findUniqueOrThrow({ where: { id: restoreId } });
  try {
    await run(r);
  } catch (err) {
    await recordRestoreActionFailure(deps.db, r.id, action, err);
    throw err;
  }
}

/**
 * Promotes a copy paused at its target with `pg_ctl promote` as the server's OS user (recovery
 * ends at the target), whatever the login may do: only a superuser may call
 * pg_wal_replay_resume(), and an in-place copy keeps production's pg_hba.conf, so its superuser
 * may be out of reach. Done once the copy says it is no longer in recovery.
 */
export const restorePromote: Processor<"restore.promote"> = ({ payload, deps, signal }) =>
  actOnCopy(deps, payload.restoreId, "Promote", async (r) => {
    const spec = await specOf(deps, r);
    if (!(await isRunning(spec))) throw copyNotRunningError(instanceSocketFile(spec));
    const logins = copyLogins(r.destination, spec, await connectionTarget(deps.db, r.clusterId, deps.config.secretKey));
    await promoteInstance(spec);
    const outcome = await watchRecovery({ spec, login: logins.watch, pauseAtTarget: false, signal });
    await recordRestoreFacts(deps.db, r.id, { status: "complete", error: null, reachedLsn: outcome.replayLsn, finishedAt: new Date() });
    await appendJobLog(deps.db, payload.jobId, `promoted at ${outcome.replayLsn}`);
  });

/**
 * Stops a restored copy and removes its data directory: a paused or complete copy, or what a
 * failed restore left behind (a worker that died mid-restore).
 */
export const restoreDiscard: Processor<"restore.discard"> = ({ payload, deps }) =>
  actOnCopy(deps, payload.restoreId, "Discard", async (r) => {
    await destroyInstance(await specOf(deps, r));
    await markInstanceRemoved(deps.db, r.id, { status: "discarded", error: r.status === "failed" ? r.error : null, connectionString: null, finishedAt: new Date() });
    await appendJobLog(deps.db, payload.jobId, `discarded ${r.dataDir}`);
  });
