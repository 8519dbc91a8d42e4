import type { Db } from "@/lib/db/client";
import { lockClusterBackups } from "@/lib/backups/backup-claim";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import type { OpenRepository } from "@/lib/retention/repository-opener";
import { DUMP_IN_USE } from "@/lib/retention/plan-dumps";
import type { CopyRemoval } from "@/lib/retention/remove-backup-copy";

/**
 * Removes a dump's files from one repository while the dump lives on elsewhere, like
 * removeBackupCopy: a copy its repository's plan let go, or the dump's home when another
 * repository keeps it (`handOverTo` becomes its home). Marked `expiring` under the lock dump
 * restores claim dumps with, unless a restore reads it; files removed; the row turns `expired` in a
 * copy repository (so it is not copied again) or goes elsewhere. A crash in between is finished by
 * the next run (finishDumpCopyRemovals).
 */
export async function removeDumpCopy(
  db: Db,
  opts: {
    runId: string;
    clusterId: string;
    dumpId: string;
    repositoryId: string;
    handOverTo?: string;
    reason: string;
    openRepository: OpenRepository;
  },
): Promise<CopyRemoval> {
  const { clusterId, dumpId, repositoryId, handOverTo } = opts;
  const key = { dumpId_repositoryId: { dumpId, repositoryId } };
  const marked = await db.$transaction(async (tx): Promise<CopyRemoval> => {
    await lockClusterBackups(tx, clusterId);
    const dump = await tx.dump.findUnique({
      where: { id: dumpId },
      select: { status: true, removingAt: true, repositoryId: true, storedSizeBytes: true },
    });
    if (!dump || dump.status !== "complete" || dump.removingAt)
      return { removed: false, why: dump ? "it is being removed" : "already removed" };
    if ((await tx.dumpRestore.count({ where: { dumpId, ...DUMP_IN_USE } })) > 0)
      return { removed: false, why: "a restore reads it or its restored instance is still up" };
    if (handOverTo) {
      if ((await tx.dumpCopy.count({ where: { dumpId, repositoryId: handOverTo, status: "complete" } })) === 0)
        return { removed: false, why: "the repository keeping it no longer holds a complete copy" };
      await tx.dump.update({ where: { id: dumpId }, data: { repositoryId: handOverTo } });
    } else if (dump.repositoryId === repositoryId) {
      return { removed: false, why: "it lives there: only its expiry removes it" };
    } else if ((await tx.dumpCopy.count({ where: { dumpId, repositoryId, status: "expired" } })) > 0) {
      return { removed: false, why: "already removed there" };
    }
    const expiring = { status: "expiring" as const, error: null };
    await tx.dumpCopy.upsert({ where: key, create: { dumpId, repositoryId, ...expiring }, update: expiring });
    return { removed: true, bytes: dump.storedSizeBytes ?? 0n };
  });
  if (!marked.removed) return marked;
  await finishRemoval(db, { clusterId, dumpId, repositoryId, openRepository: opts.openRepository });
  const dump = await db.dump.findUnique({ where: { id: dumpId }, select: { database: true, finishedAt: true } });
  const name = (await db.repository.findUnique({ where: { id: repositoryId }, select: { name: true } }))?.name ?? repositoryId;
  await db.expiry.create({
    data: {
      runId: opts.runId,
      clusterId,
      kind: "dump",
      dumpId,
      label: dump?.database ?? null,
      takenAt: dump?.finishedAt ?? null,
      bytes: marked.bytes,
      reason: `${opts.reason}: removed from ${name}${handOverTo ? ", kept in a copy repository" : ""}`,
      finishedAt: new Date(),
    },
  });
  return marked;
}

/** Dump copy removals a crash interrupted (rows left `expiring`): their files removed, their rows finished. */
export async function finishDumpCopyRemovals(db: Db, opts: { clusterId: string; openRepository: OpenRepository }): Promise<number> {
  const rows = await db.dumpCopy.findMany({ where: { status: "expiring", dump: { clusterId: opts.clusterId } } });
  for (const r of rows) await finishRemoval(db, { ...opts, dumpId: r.dumpId, repositoryId: r.repositoryId });
  return rows.length;
}

async function finishRemoval(
  db: Db,
  opts: { clusterId: string; dumpId: string; repositoryId: string; openRepository: OpenRepository },
): Promise<void> {
  const { clusterId, dumpId, repositoryId } = opts;
  await removeDumpFiles(await opts.openRepository(repositoryId), { id: dumpId, clusterId });
  const key = { dumpId_repositoryId: { dumpId, repositoryId } };
  const isCopyRepository = (await db.clusterCopyRepository.count({ where: { clusterId, repositoryId } })) > 0;
  if (isCopyRepository) await db.dumpCopy.update({ where: key, data: { status: "expired" } });
  else await db.dumpCopy.delete({ where: key });
}
