import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { Drill } from "@/lib/db/generated/client";
import { recordDrillFacts, markDrillRunning } from "@/lib/drills/drill-record";
import { sweepStaleDrills } from "@/lib/drills/sweep-stale-drills";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import type { InstanceSpec } from "@/lib/pg/instance";
import { beginCopyRun } from "@/lib/restores/begin-copy-run";
import { pickInstancePort, withInstancePlaceLock } from "@/lib/restores/instance-port";

/** One drill job: its row, production's login, and the throwaway copy's instance. */
export interface DrillRun {
  drill: Drill;
  production: ConnectionTarget;
  /** The copy's instance; its port follows a move (the row is updated too). */
  spec: InstanceSpec;
  /** Set once the copy's directory is made: from then on clean-up removes it. */
  made: boolean;
  /** When the drill started, for its total time. */
  started: number;
  log: JobLog;
}

/**
 * The drill turns running; copies that interrupted drills of this cluster left are removed (their
 * ports with them); the copy gets a directory under the first restore root and a port of the
 * restore range, both recorded on the row under the lock every local instance takes to choose.
 */
export async function beginDrill(
  db: Db,
  opts: { jobId: string; config: Config; bins: PgBinaries; log: JobLog; progress: (p: { phase: string }) => Promise<void> },
): Promise<DrillRun> {
  const { config, log } = opts;
  const d = await db.drill.findUniqueOrThrow({ where: { jobId: opts.jobId } });
  const started = Date.now();
  const { instance, source } = await beginCopyRun(db, { ...opts, clusterId: d.clusterId });
  await markDrillRunning(db, d.id);
  const swept = await sweepStaleDrills(db, { clusterId: d.clusterId, exceptJobId: opts.jobId, instance });
  if (swept.length) await log(`removed the copies of ${swept.length} interrupted drill(s) of this cluster`);
  const place = await withInstancePlaceLock(db, async (tx) => {
    const chosen = {
      dataDir: path.join(config.restore.roots[0]!, `drill-${d.id.slice(0, 8)}-${randomBytes(3).toString("hex")}`),
      port: await pickInstancePort(tx, config.restore.ports),
    };
    await recordDrillFacts(tx, d.id, chosen);
    return chosen;
  });
  return { drill: d, production: source, spec: { ...place, ...instance }, made: false, started, log };
}
