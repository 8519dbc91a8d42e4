import { randomBytes } from "node:crypto";
import path from "node:path";
import { UnrecoverableError } from "bullmq";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { TableRestore } from "@/lib/db/generated/client";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import type { InstanceSpec } from "@/lib/pg/instance";
import { beginCopyRun } from "@/lib/restores/begin-copy-run";
import { pickInstancePort, withInstancePlaceLock } from "@/lib/restores/instance-port";
import { removeEarlierAttemptCopy, sweepStaleTableRestores } from "@/lib/table-restores/sweep-stale-table-restores";
import { markTableRestoreRunning, recordTableRestoreFacts } from "@/lib/table-restores/table-restore-record";

/** One table restore job: its row, production's login (in the row's database), the throwaway copy. */
export interface TableRestoreRun {
  tableRestore: TableRestore;
  production: ConnectionTarget;
  /** The copy's instance; its port follows a move (the row is updated too). */
  spec: InstanceSpec;
  /** Set once the copy's directory is made: from then on clean-up removes it. */
  made: boolean;
  log: JobLog;
}

/**
 * The restore turns running; copies that interrupted table restores left are removed (an earlier
 * attempt of this one's too, and their ports with them); its copy gets a directory under the first restore root and a port of
 * the restore range, recorded on the row under the lock every local instance takes to choose.
 */
export async function beginTableRestore(
  db: Db,
  opts: { jobId: string; config: Config; bins: PgBinaries; log: JobLog; progress: (p: { phase: string }) => Promise<void> },
): Promise<TableRestoreRun> {
  const t = await db.tableRestore.findUniqueOrThrow({ where: { jobId: opts.jobId } });
  if (!t.backupId) throw new UnrecoverableError("The backup this table restore was planned on is gone.");
  const { instance, source } = await beginCopyRun(db, { ...opts, clusterId: t.clusterId });
  const swept = await sweepStaleTableRestores(db, { exceptJobId: opts.jobId, instance });
  if (swept.length) await opts.log(`removed the copies of ${swept.length} interrupted table restore(s)`);
  const earlier = await removeEarlierAttemptCopy(db, { id: t.id, instance });
  if (earlier) await opts.log(`removed the copy an interrupted attempt of this table restore left in ${earlier}`);
  await markTableRestoreRunning(db, t.id);
  const place = await withInstancePlaceLock(db, async (tx) => {
    const chosen = {
      dataDir: path.join(opts.config.restore.roots[0]!, `tables-${t.id.slice(0, 8)}-${randomBytes(3).toString("hex")}`),
      port: await pickInstancePort(tx, opts.config.restore.ports),
    };
    await recordTableRestoreFacts(tx, t.id, chosen);
    return chosen;
  });
  return { tableRestore: t, production: { ...source, database: t.database }, spec: { ...place, ...instance }, made: false, log: opts.log };
}
