import { clusterEngine } from "@/lib/engines/cluster-engine";
import { ENGINE_KEEPS_WAL, expireWithEngine } from "@/lib/retention/expire-with-engine";
import { applyBackupPlan } from "@/lib/retention/apply-backup-plan";
import { applyDumpPlan } from "@/lib/retention/apply-dump-plan";
import { planRetentionRun } from "@/lib/retention/plan-retention-run";
import { failRetentionRun, finishIdleRetentionRun, finishRetentionRun, startRetentionRun } from "@/lib/retention/retention-run-record";
import { trimWal } from "@/lib/retention/trim-wal";
import type { Processor } from "@/worker/processor";

/** A cluster's retention policy applied. Every step is idempotent: a retry, or the next run, finishes what a crash interrupted. */
export const retention: Processor<"retention"> = async ({ payload, deps, progress, log }) => {
  const { db, config } = deps;
  const { id: runId } = await startRetentionRun(db, payload);
  try {
    // 1. Plan: the planner the policy form previews, over the catalog as it is now.
    await progress({ phase: "plan" });
    const run = await planRetentionRun(db, { clusterId: payload.clusterId, now: deps.now(), storage: config, log });
    if ("nothing" in run) return await finishIdleRetentionRun(db, runId, run.nothing);
    // 2. Backups: each expired backup marked, its files removed, its row deleted (a pgBackRest cluster's by expire --set).
    await progress({ phase: "backups" });
    const engine = await clusterEngine(db, payload.clusterId, config);
    const backups = engine ? await expireWithEngine(db, engine, run, { runId, log }) : await applyBackupPlan(db, run, { runId, log });
    // 3. Dumps: the same planner over each database's logical dumps, with the policy's dump counts.
    await progress({ phase: "dumps" });
    const dumps = await applyDumpPlan(db, run, { runId, now: deps.now(), storage: config, log });
    // 4. WAL: below the oldest remaining backup's start removed, catalog first.
    await progress({ phase: "wal" });
    const wal = engine ? ENGINE_KEEPS_WAL : await trimWal(db, run, { runId, log });
    // 5. Record: what was removed, by which rule, on the run's row (its expiries are written as it goes).
    await finishRetentionRun(db, runId, {
      stopped: run.plan.stopped,
      walKeptBecause: wal.keptBecause,
      backupsExpired: backups.expired,
      dumpsExpired: dumps.expired,
      walFilesRemoved: wal.files,
      bytesRemoved: backups.bytes + dumps.bytes + wal.bytes,
    });
  } catch (err) {
    await failRetentionRun(db, runId, (err as Error).message);
    throw err;
  }
};
