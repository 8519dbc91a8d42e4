import { appendJobLog } from "@/lib/jobs/job-log";
import { dumpRetentionRules, retentionRules } from "@/lib/policies/policy-rules";
import { openRepositoryForWriting } from "@/lib/storage/open-repository";
import { markBackupExpiring, removeExpiringBackup } from "@/lib/retention/expire-backup";
import { expireDump } from "@/lib/retention/expire-dump";
import { planDumpRetention } from "@/lib/retention/plan-dumps";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { remainingWalCutoff } from "@/lib/retention/remaining-wal-cutoff";
import { removeWalBelow } from "@/lib/retention/remove-wal";
import { failRetentionRun, finishRetentionRun, startRetentionRun } from "@/lib/retention/retention-run-record";
import type { Processor } from "@/worker/processor";

/**
 * A cluster's retention policy applied, in phases:
 *  1. plan — the same planner the policy form previews, over the catalog as it is now;
 *  2. backups — each expired backup marked, its files removed, its row deleted (expire-backup.ts);
 *  3. dumps — the same planner over each database's logical dumps, with the policy's dump counts;
 *  4. wal — WAL below the oldest remaining backup's start removed, catalog first;
 *  5. record — what was removed, by which rule, on the run's row and its expiries.
 * Every step is idempotent: a retry, or the next run, finishes what a crash interrupted.
 */
export const retention: Processor<"retention"> = async ({ payload, deps, progress }) => {
  const { db, config } = deps;
  const { clusterId } = payload;
  const log = (line: string) => appendJobLog(db, payload.jobId, line);
  const run = await startRetentionRun(db, payload);
  try {
    // 1. plan
    await progress({ phase: "plan" });
    const cluster = await db.cluster.findUniqueOrThrow({ where: { id: clusterId }, include: { policy: true, repository: true } });
    if (!cluster.policy || !cluster.repository) {
      const why = cluster.policy ? "The cluster has no repository." : "The cluster has no policy: nothing expires.";
      await log(why);
      await finishRetentionRun(db, run.id, { stopped: why, walKeptBecause: why, backupsExpired: 0, dumpsExpired: 0, walFilesRemoved: 0, bytesRemoved: 0n });
      return;
    }
    const repositories = new Map([[cluster.repository.id, cluster.repository]]);
    const openRepository = async (id: string) => {
      const row = repositories.get(id) ?? (await db.repository.findUniqueOrThrow({ where: { id } }));
      return openRepositoryForWriting(row, config.repoRoots);
    };
    const { plan, segmentSize } = await retentionPlanForCluster(db, { clusterId, rules: retentionRules(cluster.policy), now: deps.now() });
    const expiring = plan.decisions.filter((d) => !d.keep);
    await log(`policy ${cluster.policy.name}: ${plan.decisions.length - expiring.length} backup(s) kept, ${expiring.length} to expire${plan.stopped ? `; ${plan.stopped}` : ""}`);

    // 2. backups
    await progress({ phase: "backups" });
    let backupsExpired = 0;
    let bytesRemoved = 0n;
    for (const d of expiring) {
      if (d.keep) continue;
      const outcome = await markBackupExpiring(db, { runId: run.id, clusterId, backupId: d.id, reason: d.reason });
      if (!outcome.marked) {
        await log(`kept backup ${d.id}: ${outcome.why}`);
        continue;
      }
      await removeExpiringBackup(db, { clusterId, backupId: d.id, openRepository });
      backupsExpired += 1;
      bytesRemoved += outcome.bytes;
      await log(`expired backup ${d.id} (${d.reason}): ${outcome.bytes} bytes`);
    }

    // 3. dumps, each database's on its own
    await progress({ phase: "dumps" });
    let dumpsExpired = 0;
    const dumpPlan = await planDumpRetention(db, { clusterId, rules: dumpRetentionRules(cluster.policy), now: deps.now() });
    for (const stop of dumpPlan.stopped) await log(`dumps of ${stop}`);
    for (const { decision: d, database } of dumpPlan.decisions) {
      if (d.keep) continue;
      const outcome = await expireDump(db, { runId: run.id, clusterId, dumpId: d.id, reason: d.reason, repoRoots: config.repoRoots });
      if (!outcome.expired) {
        await log(`kept dump ${d.id} of ${database}: ${outcome.why}`);
        continue;
      }
      dumpsExpired += 1;
      bytesRemoved += outcome.bytes;
      await log(`expired dump ${d.id} of ${database} (${d.reason}): ${outcome.bytes} bytes`);
    }

    // 4. wal
    await progress({ phase: "wal" });
    const cutoff = await remainingWalCutoff(db, { clusterId, segmentSize, hold: plan.stopped ? "Retention is stopped: WAL is kept." : null });
    const wal = await removeWalBelow(db, {
      runId: run.id, clusterId, cutoff, segmentSize, repo: await openRepository(cluster.repository.id), reason: "before the oldest retained backup",
    });
    await log(cutoff.keptBecause ?? `removed ${wal.files} WAL file(s), ${wal.bytes} bytes, below segment number ${cutoff.keepFromSegno}`);

    // 5. record
    await finishRetentionRun(db, run.id, {
      stopped: plan.stopped, walKeptBecause: cutoff.keptBecause, backupsExpired, dumpsExpired, walFilesRemoved: wal.files, bytesRemoved: bytesRemoved + wal.bytes,
    });
  } catch (err) {
    await failRetentionRun(db, run.id, (err as Error).message);
    throw err;
  }
};
