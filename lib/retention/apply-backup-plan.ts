import type { Db } from "@/lib/db/client";
import type { RetentionPlan } from "@/lib/domain/retention";
import { repositoryExpiry } from "@/lib/domain/retention";
import type { JobLog } from "@/lib/jobs/job-log";
import { markBackupExpiring, removeExpiringBackup } from "@/lib/backups/expire-backup";
import type { RetentionRunPlan } from "@/lib/retention/plan-retention-run";
import { finishBackupCopyRemovals, removeBackupCopy } from "@/lib/retention/remove-backup-copy";

/**
 * The retention job's backups phase, once per repository (the primary first, then each copy
 * repository): each backup a repository's plan lets go leaves that repository only. A copy's files
 * are removed from its copy repository; a backup's home is handed over to a copy repository whose
 * plan keeps it; a backup no repository keeps is expired (marked, its files removed everywhere,
 * its row deleted: expire-backup.ts). One a restore or drill claimed since is kept.
 */
export async function applyBackupPlan(
  db: Db,
  run: RetentionRunPlan,
  opts: { runId: string; log: JobLog },
): Promise<{ expired: number; bytes: bigint }> {
  const { clusterId, openRepository } = run;
  const finished = await finishBackupCopyRemovals(db, { clusterId, openRepository });
  if (finished > 0) await opts.log(`finished ${finished} interrupted copy removal(s)`);
  // Where each backup is kept: copy repositories holding a complete copy whose plan keeps it.
  const keptIn = new Map<string, string[]>();
  for (const c of run.copies) {
    for (const d of c.plan.decisions) {
      if (!d.keep || c.backups.find((b) => b.id === d.id)?.status !== "complete") continue;
      keptIn.set(d.id, [...(keptIn.get(d.id) ?? []), c.repositoryId]);
    }
  }
  const repositories: { id: string | null; name: string; plan: RetentionPlan }[] = [
    // The primary's plan covers every backup not living in a copy repository, wherever it was taken.
    { id: null, name: run.repository.name, plan: run.plan },
    ...run.copies.map((c) => ({ id: c.repositoryId, name: c.name, plan: c.plan })),
  ];
  let expired = 0;
  let bytes = 0n;
  for (const repository of repositories) {
    for (const d of repository.plan.decisions) {
      if (d.keep) continue;
      const backup = await db.backup.findUnique({ where: { id: d.id }, select: { status: true, repositoryId: true } });
      if (!backup) continue;
      const repositoryId = repository.id ?? backup.repositoryId;
      const action =
        backup.status === "expiring"
          ? { kind: "expire" as const }
          : repositoryExpiry({ repositoryId, home: backup.repositoryId, keptIn: keptIn.get(d.id) ?? [] });
      if (action.kind === "expire") {
        const outcome = await markBackupExpiring(db, { runId: opts.runId, clusterId, backupId: d.id, reason: d.reason });
        if (!outcome.marked) {
          await opts.log(`kept backup ${d.id}: ${outcome.why}`);
          continue;
        }
        await removeExpiringBackup(db, { clusterId, backupId: d.id, openRepository });
        expired += 1;
        bytes += outcome.bytes;
        await opts.log(`expired backup ${d.id} (${d.reason}): ${outcome.bytes} bytes`);
        continue;
      }
      const handOverTo = action.kind === "hand-over" ? action.to : undefined;
      const outcome = await removeBackupCopy(db, {
        runId: opts.runId,
        clusterId,
        backupId: d.id,
        repositoryId,
        handOverTo,
        reason: d.reason,
        openRepository,
      });
      if (!outcome.removed) {
        await opts.log(`kept backup ${d.id} in ${repository.name}: ${outcome.why}`);
        continue;
      }
      bytes += outcome.bytes;
      await opts.log(`removed backup ${d.id} from ${repository.name} (${d.reason})${handOverTo ? "; a copy repository keeps it" : ""}`);
    }
  }
  return { expired, bytes };
}
