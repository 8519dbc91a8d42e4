import type { Db } from "@/lib/db/client";
import type { StorageAccess } from "@/lib/storage/open-repository";
import { removeDump } from "@/lib/dumps/remove-dump";
import { lockClusterBackups } from "@/lib/backups/backup-claim";
import { DUMP_IN_USE } from "@/lib/retention/plan-dumps";

/**
 * Expires one logical dump the plan let go: marked (removingAt) with its expiry record under the
 * lock dump restores take to claim a dump, unless a restore reads it; then removeDump takes its
 * files and row, and the record is finished. A crash in between is finished by the next run.
 */
export async function expireDump(
  db: Db,
  opts: { runId: string; clusterId: string; dumpId: string; reason: string; storage: StorageAccess },
): Promise<{ expired: true; bytes: bigint } | { expired: false; why: string }> {
  const { clusterId, dumpId } = opts;
  const marked = await db.$transaction(async (tx) => {
    await lockClusterBackups(tx, clusterId);
    const dump = await tx.dump.findUnique({ where: { id: dumpId }, include: { files: { select: { sizeBytes: true } } } });
    if (!dump) return { expired: false as const, why: "already removed" };
    if (dump.status === "running" && !dump.removingAt) return { expired: false as const, why: "it is running" };
    if (!dump.removingAt && (await tx.dumpRestore.count({ where: { dumpId, ...DUMP_IN_USE } })) > 0)
      return { expired: false as const, why: "a restore reads it or its restored instance is still up" };
    // A running copy job reads it (a copy row left "copying" by a dead job holds nothing).
    if (!dump.removingAt && (await tx.dumpCopy.count({ where: { dumpId, status: "copying" } })) > 0)
      if ((await tx.job.count({ where: { clusterId, type: "copy", status: "running" } })) > 0)
        return { expired: false as const, why: "the copy job is copying it" };
    const bytes = dump.storedSizeBytes ?? dump.files.reduce((n, f) => n + f.sizeBytes, 0n);
    if (!(await tx.expiry.findFirst({ where: { dumpId, finishedAt: null } }))) {
      await tx.expiry.create({
        data: {
          runId: opts.runId,
          clusterId,
          kind: "dump",
          dumpId,
          label: dump.database,
          takenAt: dump.finishedAt,
          files: dump.files.length,
          bytes,
          reason: opts.reason,
        },
      });
    }
    await tx.dump.update({ where: { id: dumpId }, data: { removingAt: dump.removingAt ?? new Date() } });
    return { expired: true as const, bytes };
  });
  if (!marked.expired) return marked;
  await removeDump(db, { dumpId, storage: opts.storage });
  await db.expiry.updateMany({ where: { dumpId, finishedAt: null }, data: { finishedAt: new Date() } });
  return marked;
}
