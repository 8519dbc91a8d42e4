import { clusterEngine } from "@/lib/engines/cluster-engine";
import { beginRestore } from "@/lib/restores/begin-restore";
import { failRestoreRun } from "@/lib/restores/fail-restore-run";
import { prepareRestoreDestination } from "@/lib/restores/prepare-restore-destination";
import { recoverRestore } from "@/lib/restores/recover-restore";
import { verifyRestore } from "@/lib/restores/verify-restore";
import type { Processor } from "@/worker/processor";

/**
 * A point-in-time restore on this worker's host, into a new instance or in place, in phases.
 * A failure at any phase after the first stops the server, removes the half-made copy (in place:
 * puts the original back and starts it), and records PostgreSQL's log tail.
 */
export const restore: Processor<"restore"> = async ({ payload, deps, signal, log, progress }) => {
  const { db, config } = deps;
  // 1a. prepare — the plan recorded at request time; an interrupted attempt's copy removed; a port free here
  const run = await beginRestore(db, { jobId: payload.jobId, config, bins: deps.pgBinaries, log, progress });
  try {
    // 1b. prepare — an empty directory, or the cluster stopped and its data directory moved aside
    await prepareRestoreDestination(db, run);
    // A pgBackRest cluster's base comes from pgBackRest (in place: --delta), its WAL by archive-get.
    const engine = await clusterEngine(db, payload.clusterId, config);
    const engineBase = await engine?.copyBase(run.backup.id, { inPlace: run.restore.destination === "in_place" });
    // 2–4. restore base, configure, replay — to the target, on the next free port if this one was taken
    const copy = await recoverRestore(db, run, {
      cli: config.cli,
      storage: config,
      ports: config.restore.ports,
      signal,
      progress,
      engineBase,
    });
    // 5. verify — it answers, is out of recovery (or paused at the target), every table's rows counted
    await progress({ phase: "verify" });
    await verifyRestore(db, run, copy, signal);
  } catch (err) {
    await failRestoreRun(db, run, err);
    throw err;
  }
};
