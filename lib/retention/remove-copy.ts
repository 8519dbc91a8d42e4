import type { Db, DbClient } from "@/lib/db/client";
import type { BackupCopyStatus } from "@/lib/db/generated/client";
import { lockClusterBackups } from "@/lib/backups/backup-claim";
import type { Repository } from "@/lib/storage/repository";
import type { OpenRepository } from "@/lib/retention/repository-opener";

export type CopyRemoval = { removed: true; bytes: bigint } | { removed: false; why: string };

/** One backup's or dump's stored files and its rows of copies, as removeCopy handles them. */
export interface CopiedItem {
  /** Why it cannot lose files now (not complete, being removed, in use), else its home and stored size. */
  check(tx: DbClient): Promise<{ why: string } | { home: string; bytes: bigint }>;
  copies(db: DbClient, repositoryId: string, status: BackupCopyStatus): Promise<number>;
  setHome(tx: DbClient, repositoryId: string): Promise<void>;
  markExpiring(tx: DbClient, repositoryId: string): Promise<void>;
  /** The row of its copy in `repositoryId` turns `expired`, or goes (`expired: false`). */
  finishRow(db: DbClient, repositoryId: string, expired: boolean): Promise<void>;
  removeFiles(repo: Repository): Promise<void>;
  /** What its expiry record names it by. */
  expiryFields(
    db: DbClient,
  ): Promise<{ kind: "backup" | "dump"; backupId?: string; dumpId?: string; label: string | null; takenAt: Date | null }>;
}

/**
 * Removes a backup's or dump's files from one repository while it lives on elsewhere: a copy its
 * repository's plan let go, or its home when another repository keeps it (`handOverTo`: that
 * repository becomes its home, so restores read it there). In three steps, like an expiry: the
 * copy is marked `expiring` (and the home moved) under the lock restores claim with, unless
 * something uses it; its files go; the row turns `expired` in a copy repository (so the copy job
 * does not copy it again), or goes in a repository that is not one. A crash in between is
 * finished by the next run (finishCopyRemoval).
 */
export async function removeCopy(
  db: Db,
  item: CopiedItem,
  opts: { runId: string; clusterId: string; repositoryId: string; handOverTo?: string; reason: string; openRepository: OpenRepository },
): Promise<CopyRemoval> {
  const { clusterId, repositoryId, handOverTo } = opts;
  const marked = await db.$transaction(async (tx): Promise<CopyRemoval> => {
    await lockClusterBackups(tx, clusterId);
    const checked = await item.check(tx);
    if ("why" in checked) return { removed: false, why: checked.why };
    if (handOverTo) {
      if ((await item.copies(tx, handOverTo, "complete")) === 0)
        return { removed: false, why: "the repository keeping it no longer holds a complete copy" };
      await item.setHome(tx, handOverTo);
    } else if (checked.home === repositoryId) {
      return { removed: false, why: "it lives there: only its expiry removes it" };
    } else if ((await item.copies(tx, repositoryId, "expired")) > 0) {
      return { removed: false, why: "already removed there" };
    }
    await item.markExpiring(tx, repositoryId);
    return { removed: true, bytes: checked.bytes };
  });
  if (!marked.removed) return marked;
  await finishCopyRemoval(db, item, { clusterId, repositoryId, openRepository: opts.openRepository });
  const name = (await db.repository.findUnique({ where: { id: repositoryId }, select: { name: true } }))?.name ?? repositoryId;
  await db.expiry.create({
    data: {
      runId: opts.runId,
      clusterId,
      ...(await item.expiryFields(db)),
      bytes: marked.bytes,
      reason: `${opts.reason}: removed from ${name}${handOverTo ? ", kept in a copy repository" : ""}`,
      finishedAt: new Date(),
    },
  });
  return marked;
}

/** The files of a copy marked `expiring` removed, and its row finished (also after a crash). */
export async function finishCopyRemoval(
  db: Db,
  item: CopiedItem,
  opts: { clusterId: string; repositoryId: string; openRepository: OpenRepository },
): Promise<void> {
  const { clusterId, repositoryId } = opts;
  await item.removeFiles(await opts.openRepository(repositoryId));
  const isCopyRepository = (await db.clusterCopyRepository.count({ where: { clusterId, repositoryId } })) > 0;
  await item.finishRow(db, repositoryId, isCopyRepository);
}
