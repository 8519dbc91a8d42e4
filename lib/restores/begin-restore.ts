import { UnrecoverableError } from "bullmq";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { Restore } from "@/lib/db/generated/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { isPortFree } from "@/lib/pg/free-port";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";
import { backupIn, beginCopyRun } from "@/lib/restores/begin-copy-run";
import { copyLogins, type CopyLogins } from "@/lib/restores/copy-logins";
import { destinationFor, type Destination } from "@/lib/restores/destination";
import { moveInstancePort } from "@/lib/restores/instance-port";
import type { BackupToRecover } from "@/lib/restores/recover-copy";
import { markInstanceRemoved, markRestoreRunning, recordRestoreFacts } from "@/lib/restores/restore-record";

/** One attempt of a restore job: its row, where the copy goes and how Wayback logs in to it. */
export interface RestoreRun {
  restore: Restore;
  backup: BackupToRecover;
  /** The copy's instance; its port follows a move (the row is updated too). */
  spec: InstanceSpec;
  destination: Destination;
  source: ConnectionTarget;
  logins: CopyLogins;
  log: JobLog;
}

/**
 * The start of a restore attempt, before anything of the copy is made: the plan recorded at
 * request time; the row running; a retry after a dead worker first stops and removes the copy its
 * predecessor made (never adopts it: that copy may have been replaying unwatched, or have ended
 * recovery with nobody checking where); a new instance's port, proposed where the request was
 * made, is checked on this host and moved to the next free one when something holds it.
 */
export async function beginRestore(
  db: Db,
  opts: { jobId: string; config: Config; bins: PgBinaries; log: JobLog; progress: (p: { phase: string }) => Promise<void> },
): Promise<RestoreRun> {
  const { log } = opts;
  const r = await db.restore.findUniqueOrThrow({
    where: { jobId: opts.jobId },
    include: { backup: { include: { files: true, repository: true } }, repository: true },
  });
  if (!r.backup || r.backup.status !== "complete")
    throw new UnrecoverableError("The backup this restore was planned on is gone or not complete.");
  const { instance, source } = await beginCopyRun(db, { ...opts, clusterId: r.clusterId });
  const spec: InstanceSpec = { dataDir: r.dataDir, port: r.port, ...instance };

  if (r.instanceMadeAt) {
    await destroyInstance(spec);
    await markInstanceRemoved(db, r.id);
    await log(`an earlier attempt of this restore was interrupted: stopped and removed the copy it left in ${spec.dataDir}; starting over`);
  }
  if (r.destination === "new_instance" && !(await isPortFree(spec.port))) {
    const taken = spec.port;
    spec.port = await moveInstancePort(
      db,
      { ports: opts.config.restore.ports, record: (tx, port) => recordRestoreFacts(tx, r.id, { port }) },
      taken,
    );
    await log(`port ${taken} is in use on this host; using ${spec.port}`);
  }
  // Running from here: the copy's place on this host is settled.
  await markRestoreRunning(db, r.id);
  return {
    restore: r,
    backup: backupIn(r.backup, r.repository),
    spec,
    destination: destinationFor(r.destination, spec),
    source,
    logins: copyLogins(r.destination, spec, source),
    log,
  };
}
