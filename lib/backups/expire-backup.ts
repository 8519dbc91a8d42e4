import type { Db, DbClient } from "@/lib/db/client";
import { backupPrefix } from "@/lib/storage/layout";
import type { Repository } from "@/lib/storage/repository";
import { lockClusterBackups } from "@/lib/backups/backup-claim";
import { backupsInUse } from "@/lib/backups/backups-in-use";

export type MarkOutcome = { marked: true; bytes: bigint } | { marked: false; why: string };

/**
 * Removing a backup takes three steps so that a crash anywhere is finished later and never leaves
 * a backup that looks usable without its files:
 *  1. mark (this function) — status `expiring` and an expiry record, in one transaction under the
 *     lock restores and drills take to claim a backup, re-checking that none uses it;
 *  2. remove its files (removeExpiringBackup);
 *  3. finalise — its row deleted and the expiry record finished (removeExpiringBackup).
 * Retention runs all three; an admin's delete marks in the web request and a worker job does the
 * rest. A backup left `expiring` by a crash is finished by the next retention run or retry.
 */
export async function markBackupExpiring(
  db: Db,
  opts: {
    clusterId: string;
    backupId: string;
    reason: string;
    runId: string | null;
    deletedById?: string | null;
    guard?: (tx: DbClient) => Promise<string | null>;
  },
): Promise<MarkOutcome> {
  const { clusterId, backupId } = opts;
  return db.$transaction(async (tx) => {
    await lockClusterBackups(tx, clusterId);
    const backup = await tx.backup.findUnique({ where: { id: backupId }, include: { files: { select: { sizeBytes: true } } } });
    if (!backup) return { marked: false, why: "already removed" };
    if (backup.status === "running") return { marked: false, why: "it is running" };
    const bytes = backup.storedSizeBytes ?? backup.files.reduce((n, f) => n + f.sizeBytes, 0n);
    if (backup.status !== "expiring") {
      const { inUse } = await backupsInUse(tx, clusterId);
      const user = inUse.get(backupId);
      if (user) return { marked: false, why: `in use by ${user}` };
      const refused = (await opts.guard?.(tx)) ?? null;
      if (refused) return { marked: false, why: refused };
    }
    if (!(await tx.expiry.findFirst({ where: { backupId, finishedAt: null } }))) {
      await tx.expiry.create({
        data: {
          runId: opts.runId,
          deletedById: opts.deletedById ?? null,
          clusterId,
          kind: "backup",
          backupId,
          label: backup.label,
          takenAt: backup.stopTime,
          files: backup.files.length,
          bytes,
          reason: opts.reason,
        },
      });
    }
    await tx.backup.update({ where: { id: backupId }, data: { status: "expiring" } });
    return { marked: true, bytes };
  });
}

/** Steps 2 and 3 for a backup already marked `expiring`. */
export async function removeExpiringBackup(
  db: Db,
  opts: { clusterId: string; backupId: string; openRepository: (repositoryId: string) => Promise<Repository> },
): Promise<void> {
  const { clusterId, backupId } = opts;
  const backup = await db.backup.findUnique({ where: { id: backupId }, select: { status: true, repositoryId: true } });
  if (!backup) return;
  if (backup.status !== "expiring") throw new Error(`Backup ${backupId} is ${backup.status}, not expiring: refusing to remove its files.`);
  // Copy repositories follow the primary's retention: the backup goes from every repository holding (part of) a copy.
  const copies = await db.backupCopy.findMany({ where: { backupId }, select: { repositoryId: true } });
  for (const repositoryId of [backup.repositoryId, ...copies.map((c) => c.repositoryId)]) {
    await (await opts.openRepository(repositoryId)).removePrefix(backupPrefix(clusterId, backupId));
  }
  await db.$transaction([
    db.expiry.updateMany({ where: { backupId, finishedAt: null }, data: { finishedAt: new Date() } }),
    db.backup.delete({ where: { id: backupId } }),
  ]);
}
