import type { Db } from "@/lib/db/client";
import type { JobLog } from "@/lib/jobs/job-log";
import { markBackupExpiring, removeExpiringBackup } from "@/lib/backups/expire-backup";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";

/**
 * The retention job's backups phase: each backup the plan expires is marked, its files removed
 * and its row deleted (expire-backup.ts); one a restore or drill claimed since is kept.
 */
export async function applyBackupPlan(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; log: JobLog },
): Promise<{ expired: number; bytes: bigint }> {
  const { clusterId } = run;
  let expired = 0;
  let bytes = 0n;
  for (const d of run.plan.decisions) {
    if (d.keep) continue;
    const outcome = await markBackupExpiring(db, { runId: opts.runId, clusterId, backupId: d.id, reason: d.reason });
    if (!outcome.marked) {
      await opts.log(`kept backup ${d.id}: ${outcome.why}`);
      continue;
    }
    await removeExpiringBackup(db, { clusterId, backupId: d.id, openRepository: run.openRepository });
    expired += 1;
    bytes += outcome.bytes;
    await opts.log(`expired backup ${d.id} (${d.reason}): ${outcome.bytes} bytes`);
  }
  return { expired, bytes };
}
