import type { Db } from "@/lib/db/client";
import { lockClusterBackups } from "@/lib/backups/backup-claim";
import { backupsInUse } from "@/lib/backups/backups-in-use";
import { backupPrefix } from "@/lib/storage/layout";
import type { OpenRepository } from "@/lib/retention/repository-opener";

export type CopyRemoval = { removed: true; bytes: bigint } | { removed: false; why: string };

/**
 * Removes a backup's files from one repository while the backup lives on elsewhere: a copy its
 * repository's plan let go, or the backup's home when another repository keeps it (`handOverTo`:
 * that repository becomes its home, so restores read it there). In three steps, like an expiry:
 * the copy is marked `expiring` (and the home moved) under the lock restores claim backups with,
 * unless something uses the backup; its files go; the row turns `expired` in a copy repository (so
 * the copy job does not copy it again), or goes in a repository that is not one. A crash in
 * between is finished by the next run (finishBackupCopyRemovals).
 */
export async function removeBackupCopy(
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
  const { clusterId, backupId, repositoryId, handOverTo } = opts;
  const key = { backupId_repositoryId: { backupId, repositoryId } };
  const marked = await db.$transaction(async (tx): Promise<CopyRemoval> => {
    await lockClusterBackups(tx, clusterId);
    const backup = await tx.backup.findUnique({
      where: { id: backupId },
      select: { status: true, repositoryId: true, storedSizeBytes: true },
    });
    if (!backup || backup.status !== "complete") return { removed: false, why: backup ? `it is ${backup.status}` : "already removed" };
    const user = (await backupsInUse(tx, clusterId)).inUse.get(backupId);
    if (user) return { removed: false, why: `in use by ${user}` };
    if (handOverTo) {
      const there = await tx.backupCopy.count({ where: { backupId, repositoryId: handOverTo, status: "complete" } });
      if (there === 0) return { removed: false, why: "the repository keeping it no longer holds a complete copy" };
      await tx.backup.update({ where: { id: backupId }, data: { repositoryId: handOverTo } });
    } else if (backup.repositoryId === repositoryId) {
      return { removed: false, why: "it lives there: only its expiry removes it" };
    } else if ((await tx.backupCopy.count({ where: { backupId, repositoryId, status: "expired" } })) > 0) {
      return { removed: false, why: "already removed there" };
    }
    const expiring = { status: "expiring" as const, error: null };
    await tx.backupCopy.upsert({ where: key, create: { backupId, repositoryId, ...expiring }, update: expiring });
    return { removed: true, bytes: backup.storedSizeBytes ?? 0n };
  });
  if (!marked.removed) return marked;
  await finishRemoval(db, { clusterId, backupId, repositoryId, openRepository: opts.openRepository });
  const label = await db.backup.findUnique({ where: { id: backupId }, select: { label: true, stopTime: true } });
  const name = (await db.repository.findUnique({ where: { id: repositoryId }, select: { name: true } }))?.name ?? repositoryId;
  await db.expiry.create({
    data: {
      runId: opts.runId,
      clusterId,
      kind: "backup",
      backupId,
      label: label?.label ?? null,
      takenAt: label?.stopTime ?? null,
      bytes: marked.bytes,
      reason: `${opts.reason}: removed from ${name}${handOverTo ? ", kept in a copy repository" : ""}`,
      finishedAt: new Date(),
    },
  });
  return marked;
}

/** Copy removals a crash interrupted (rows left `expiring`): their files removed, their rows finished. */
export async function finishBackupCopyRemovals(db: Db, opts: { clusterId: string; openRepository: OpenRepository }): Promise<number> {
  const rows = await db.backupCopy.findMany({ where: { status: "expiring", backup: { clusterId: opts.clusterId } } });
  for (const r of rows) await finishRemoval(db, { ...opts, backupId: r.backupId, repositoryId: r.repositoryId });
  return rows.length;
}

async function finishRemoval(
  db: Db,
  opts: { clusterId: string; backupId: string; repositoryId: string; openRepository: OpenRepository },
): Promise<void> {
  const { clusterId, backupId, repositoryId } = opts;
  await (await opts.openRepository(repositoryId)).removePrefix(backupPrefix(clusterId, backupId));
  const key = { backupId_repositoryId: { backupId, repositoryId } };
  const isCopyRepository = (await db.clusterCopyRepository.count({ where: { clusterId, repositoryId } })) > 0;
  if (isCopyRepository) await db.backupCopy.update({ where: key, data: { status: "expired" } });
  else await db.backupCopy.delete({ where: key });
}
