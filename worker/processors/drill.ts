import { beginDrill } from "@/lib/drills/begin-drill";
import { clusterEngine } from "@/lib/engines/cluster-engine";
import { checkDrill } from "@/lib/drills/check-drill";
import { cleanUpDrill } from "@/lib/drills/clean-up-drill";
import { failDrillRun } from "@/lib/drills/fail-drill-run";
import { recoverDrill } from "@/lib/drills/recover-drill";
import { targetDrill } from "@/lib/drills/target-drill";
import type { Processor } from "@/worker/processor";

/**
 * A restore drill, as the guide says and few do: restore the newest backup with its WAL into a
 * throwaway instance on this host, check it, measure it, remove it. The timings are the cluster's
 * measured recovery time. A drill that fails, or cannot finish, raises the cluster's "drill
 * failed" alert; a passing one resolves it.
 */
export const drill: Processor<"drill"> = async ({ payload, deps, signal, log, progress }) => {
  const { db, config } = deps;
  // 1. prepare — running; interrupted drills' copies removed; a directory and a port of its own
  const run = await beginDrill(db, { jobId: payload.jobId, config, bins: deps.pgBinaries, log, progress });
  try {
    // 2. target — a restore point now, or the archive's end; planned as a restore would be
    await progress({ phase: "target" });
    const { plan, activityAtTarget } = await targetDrill(db, run, { secretKey: config.secretKey, signal });
    // 3. recover — restore base (a pgBackRest cluster's from pgBackRest), configure (archive_mode off), replay
    const engineBase = await (await clusterEngine(db, payload.clusterId, config))?.copyBase(plan.backupId, { inPlace: false });
    const copy = await recoverDrill(db, run, {
      plan,
      cli: config.cli,
      storage: config,
      ports: config.restore.ports,
      signal,
      progress,
      engineBase,
    });
    // 4. check — promoted; pg_amcheck; row counts against production; data checksums
    await progress({ phase: "check" });
    await checkDrill(db, run, { plan, copy, activityAtTarget, bins: deps.pgBinaries, signal });
  } catch (err) {
    await failDrillRun(db, run, err);
    throw err;
  } finally {
    // 5. clean up — the copy and its files removed whatever happened
    await progress({ phase: "clean up" });
    await cleanUpDrill(db, run);
  }
};
