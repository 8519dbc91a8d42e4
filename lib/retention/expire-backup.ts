import type { Db } from "@/lib/db/client";
import { backupPrefix } from "@/lib/repo/layout";
import type { Repository } from "@/lib/repo/repository";
import { lockClusterBackups } from "@/lib/retention/backup-claim";
import { backupsInUse } from "@/lib/retention/backups-in-use";

export type ExpireOutcome = { expired: true; bytes: bigint } | { expired: false; why: string };

/**
 * Removes one backup the plan expired, in three steps so that a crash anywhere is finished by the
 * next run and never leaves a backup that looks usable without its files:
 *  1. mark — status `expiring` and an expiry record, in one transaction under the lock restores
 *     and drills take to claim a backup (re-checked here: a restore may have claimed it since
 *     the plan was made);
 *  2. remove its files from the repository;
 *  3. finalise — the backup's row is deleted and the expiry record finished.
 */
export async function expireBackup(
  db: Db,
  opts: { runId: string; clusterId: string; backupId: string; reason: string; openRepository: (repositoryId: string) => Promise<Repository> },
): Promise<ExpireOutcome> {
  const { clusterId, backupId } = opts;
  // 1. mark
  const marked = await db.$transaction(async (tx) => {
    await lockClusterBackups(tx, clusterId);
    const backup = await tx.backup.findUnique({ where: { id: backupId }, include: { files: { select: { sizeBytes: true } } } });
    if (!backup) return { expired: false as const, why: "already removed" };
    if (backup.status === "running") return { expired: false as const, why: "it is running" };
    const { inUse } = await backupsInUse(tx, clusterId);
    const user = inUse.get(backupId);
    if (user && backup.status !== "expiring") return { expired: false as const, why: `in use by ${user}` };
    const bytes = backup.storedSizeBytes ?? backup.files.reduce((n, f) => n + f.sizeBytes, 0n);
    const unfinished = await tx.expiry.findFirst({ where: { backupId, finishedAt: null } });
    if (!unfinished) {
      await tx.expiry.create({
        data: { runId: opts.runId, clusterId, kind: "backup", backupId, backupLabel: backup.label, backupStopTime: backup.stopTime, files: backup.files.length, bytes, reason: opts.reason },
      });
    }
    await tx.backup.update({ where: { id: backupId }, data: { status: "expiring" } });
    return { expired: true as const, bytes, repositoryId: backup.repositoryId };
  });
  if (!marked.expired) return marked;

  // 2. remove files
  const repo = await opts.openRepository(marked.repositoryId);
  await repo.removePrefix(backupPrefix(clusterId, backupId));

  // 3. finalise
  await db.$transaction([
    db.expiry.updateMany({ where: { backupId, finishedAt: null }, data: { finishedAt: new Date() } }),
    db.backup.delete({ where: { id: backupId } }),
  ]);
  return { expired: true, bytes: marked.bytes };
}
