import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { assertNameConfirmed } from "@/lib/domain/confirm-name";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { markBackupExpiring } from "@/lib/backups/expire-backup";

/**
 * An admin deletes a backup, typing its label to confirm. The catalog marks it `expiring` here,
 * with a record of who deleted it, so it can no longer be restored; a worker job removes its files
 * and its row (the web never touches a repository). Refused for a running backup, one a restore or
 * drill is using, and the cluster's only complete backup.
 */
export async function deleteBackup(
  db: Db,
  queue: Queue,
  opts: { id: string; confirm: string; user: { id: string; username: string } },
): Promise<Job> {
  const backup = await db.backup.findUnique({ where: { id: opts.id }, select: { label: true, clusterId: true, status: true } });
  if (!backup) throw notFound("The backup");
  assertNameConfirmed({ typed: opts.confirm, name: backup.label, what: "backup", field: "confirm" });
  const { clusterId } = backup;
  const outcome = await markBackupExpiring(db, {
    clusterId,
    backupId: opts.id,
    runId: null,
    deletedById: opts.user.id,
    reason: `deleted by ${opts.user.username}`,
    guard: async (tx) => {
      if (backup.status !== "complete") return null;
      const others = await tx.backup.count({ where: { clusterId, status: "complete", id: { not: opts.id } } });
      return others === 0 ? "it is the cluster's only complete backup: take another one first" : null;
    },
  });
  if (!outcome.marked) throw new AppError("conflict", `Backup ${backup.label} was not deleted: ${outcome.why}.`);
  const job = await recordJob(db, "backup.delete", { clusterId });
  return dispatchJob(db, queue, job, { backupId: opts.id });
}
