// The retention job's backups phase for a cluster another engine serves: each set Wayback's GFS
// plan lets go is marked and recorded like a native expiry, then expired by the engine (pgBackRest:
// expire --set, then a catalog sync), newest first so a set's dependents go before it.
import { markBackupExpiring } from "@/lib/backups/expire-backup";
import type { Db } from "@/lib/db/client";
import type { BackupEngine } from "@/lib/engines/engine";
import type { JobLog } from "@/lib/jobs/job-log";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";

/** The WAL phase's answer for such a cluster: its archive is the engine's, expired with its sets. */
export const ENGINE_KEEPS_WAL = { files: 0, bytes: 0n, keptBecause: "pgBackRest keeps and expires its own WAL archive." };

export async function expireWithEngine(
  db: Db,
  engine: BackupEngine,
  run: RetentionRunPlan,
  opts: { runId: string; log: JobLog },
): Promise<{ expired: number; bytes: bigint }> {
  const reasons = new Map(run.plan.decisions.filter((d) => !d.keep).map((d) => [d.id, d.reason]));
  const letGo = await db.backup.findMany({
    where: { id: { in: [...reasons.keys()] } },
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
  let expired = 0;
  let bytes = 0n;
  for (const { id } of letGo) {
    // pgBackRest would expire a set's dependents with it: one still recorded (kept, or in use) keeps it.
    if ((await db.backup.count({ where: { parentBackupId: id } })) > 0) {
      await opts.log(`kept backup ${id}: a set that depends on it is kept`);
      continue;
    }
    const outcome = await markBackupExpiring(db, { runId: opts.runId, clusterId: run.clusterId, backupId: id, reason: reasons.get(id)! });
    if (!outcome.marked) {
      await opts.log(`kept backup ${id}: ${outcome.why}`);
      continue;
    }
    const expiry = await db.expiry.findFirstOrThrow({ where: { backupId: id, finishedAt: null }, select: { id: true } });
    await engine.expire(id);
    await db.expiry.update({ where: { id: expiry.id }, data: { finishedAt: new Date() } });
    expired += 1;
    bytes += outcome.bytes;
    await opts.log(`expired backup ${id} (${reasons.get(id)}): ${outcome.bytes} bytes`);
  }
  return { expired, bytes };
}
