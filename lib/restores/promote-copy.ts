import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { instanceSocketFile, isRunning, promoteInstance } from "@/lib/pg/instance";
import { actOnCopy } from "@/lib/restores/act-on-copy";
import { copyLogins } from "@/lib/restores/copy-logins";
import { copySpec } from "@/lib/restores/copy-spec";
import { recordRestoreFacts } from "@/lib/restores/restore-record";
import { copyNotRunningError } from "@/lib/restores/user-facing-error";
import { watchRecovery } from "@/lib/restores/watch-recovery";

/**
 * Promotes a copy paused at its target with `pg_ctl promote` as the server's OS user (recovery
 * ends at the target), whatever the login may do: only a superuser may call
 * pg_wal_replay_resume(), and an in-place copy keeps production's pg_hba.conf, so its superuser
 * may be out of reach. Done once the copy says it is no longer in recovery.
 */
export async function promoteCopy(
  db: Db,
  opts: { restoreId: string; log: JobLog; bins: PgBinaries; config: Pick<Config, "pg" | "secretKey">; signal: AbortSignal },
): Promise<void> {
  await actOnCopy(db, { restoreId: opts.restoreId, action: "Promote" }, async (r) => {
    const spec = await copySpec(r, { bins: opts.bins, osUserName: opts.config.pg.osUser });
    if (!(await isRunning(spec))) throw copyNotRunningError(instanceSocketFile(spec));
    const logins = copyLogins(r.destination, spec, await connectionTarget(db, r.clusterId, opts.config.secretKey));
    await promoteInstance(spec);
    const outcome = await watchRecovery({ spec, login: logins.watch, pauseAtTarget: false, signal: opts.signal });
    await recordRestoreFacts(db, r.id, { status: "complete", error: null, reachedLsn: outcome.replayLsn, finishedAt: new Date() });
    await opts.log(`promoted at ${outcome.replayLsn}`);
  });
}
