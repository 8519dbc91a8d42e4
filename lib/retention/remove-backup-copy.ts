import type { Db } from "@/lib/db/client";
import { backupsInUse } from "@/lib/backups/backups-in-use";
import { backupPrefix } from "@/lib/storage/layout";
import { finishCopyRemoval, removeCopy, type CopiedItem, type CopyRemoval } from "@/lib/retention/remove-copy";
import type { OpenRepository } from "@/lib/retention/repository-opener";

/** A backup and its copies, for removeCopy: it may lose files unless it is not complete or something uses it. */
function copiedBackup(clusterId: string, backupId: string): CopiedItem {
  const key = (repositoryId: string) => ({ backupId_repositoryId: { backupId, repositoryId } });
  return {
    async check(tx) {
      const backup = await tx.backup.findUnique({
        where: { id: backupId },
        select: { status: true, repositoryId: true, storedSizeBytes: true },
      });
      if (!backup || backup.status !== "complete") return { why: backup ? `it is ${backup.status}` : "already removed" };
      const user = (await backupsInUse(tx, clusterId)).inUse.get(backupId);
      if (user) return { why: `in use by ${user}` };
      return { home: backup.repositoryId, bytes: backup.storedSizeBytes ?? 0n };
    },
    copies: (db, repositoryId, status) => db.backupCopy.count({ where: { backupId, repositoryId, status } }),
    setHome: async (tx, repositoryId) => void (await tx.backup.update({ where: { id: backupId }, data: { repositoryId } })),
    async markExpiring(tx, repositoryId) {
      const expiring = { status: "expiring" as const, error: null };
      await tx.backupCopy.upsert({ where: key(repositoryId), create: { backupId, repositoryId, ...expiring }, update: expiring });
    },
    async finishRow(db, repositoryId, expired) {
      if (expired) await db.backupCopy.update({ where: key(repositoryId), data: { status: "expired" } });
      else await db.backupCopy.delete({ where: key(repositoryId) });
    },
    removeFiles: (repo) => repo.removePrefix(backupPrefix(clusterId, backupId)),
    async expiryFields(db) {
      const backup = await db.backup.findUnique({ where: { id: backupId }, select: { label: true, stopTime: true } });
      return { kind: "backup", backupId, label: backup?.label ?? null, takenAt: backup?.stopTime ?? null };
    },
  };
}

/** A backup's files removed from one repository while it lives on elsewhere (see removeCopy). */
export function removeBackupCopy(
  db: Db,
  opts: {
    runId: string;
    clusterId: string;
    backupId: string;
    repositoryId: string;
    handOverTo?: string;
    reason: string;
    openRepository: OpenRepository;
  },
): Promise<CopyRemoval> {
  return removeCopy(db, copiedBackup(opts.clusterId, opts.backupId), opts);
}

/** Copy removals a crash interrupted (rows left `expiring`): their files removed, their rows finished. */
export async function finishBackupCopyRemovals(db: Db, opts: { clusterId: string; openRepository: OpenRepository }): Promise<number> {
  const rows = await db.backupCopy.findMany({ where: { status: "expiring", backup: { clusterId: opts.clusterId } } });
  for (const r of rows) await finishCopyRemoval(db, copiedBackup(opts.clusterId, r.backupId), { ...opts, repositoryId: r.repositoryId });
  return rows.length;
}
