import type { Db } from "@/lib/db/client";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import { DUMP_IN_USE } from "@/lib/retention/plan-dumps";
import { finishCopyRemoval, removeCopy, type CopiedItem, type CopyRemoval } from "@/lib/retention/remove-copy";
import type { OpenRepository } from "@/lib/retention/repository-opener";

/** A dump and its copies, for removeCopy: it may lose files unless it is being removed or a restore reads it. */
function copiedDump(clusterId: string, dumpId: string): CopiedItem {
  const key = (repositoryId: string) => ({ dumpId_repositoryId: { dumpId, repositoryId } });
  return {
    async check(tx) {
      const dump = await tx.dump.findUnique({
        where: { id: dumpId },
        select: { status: true, removingAt: true, repositoryId: true, storedSizeBytes: true },
      });
      if (!dump || dump.status !== "complete" || dump.removingAt) return { why: dump ? "it is being removed" : "already removed" };
      if ((await tx.dumpRestore.count({ where: { dumpId, ...DUMP_IN_USE } })) > 0)
        return { why: "a restore reads it or its restored instance is still up" };
      return { home: dump.repositoryId, bytes: dump.storedSizeBytes ?? 0n };
    },
    copies: (db, repositoryId, status) => db.dumpCopy.count({ where: { dumpId, repositoryId, status } }),
    setHome: async (tx, repositoryId) => void (await tx.dump.update({ where: { id: dumpId }, data: { repositoryId } })),
    async markExpiring(tx, repositoryId) {
      const expiring = { status: "expiring" as const, error: null };
      await tx.dumpCopy.upsert({ where: key(repositoryId), create: { dumpId, repositoryId, ...expiring }, update: expiring });
    },
    async finishRow(db, repositoryId, expired) {
      if (expired) await db.dumpCopy.update({ where: key(repositoryId), data: { status: "expired" } });
      else await db.dumpCopy.delete({ where: key(repositoryId) });
    },
    removeFiles: (repo) => removeDumpFiles(repo, { id: dumpId, clusterId }),
    async expiryFields(db) {
      const dump = await db.dump.findUnique({ where: { id: dumpId }, select: { database: true, finishedAt: true } });
      return { kind: "dump", dumpId, label: dump?.database ?? null, takenAt: dump?.finishedAt ?? null };
    },
  };
}

/** A dump's files removed from one repository while it lives on elsewhere (see removeCopy). */
export function removeDumpCopy(
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
  return removeCopy(db, copiedDump(opts.clusterId, opts.dumpId), opts);
}

/** Dump copy removals a crash interrupted (rows left `expiring`): their files removed, their rows finished. */
export async function finishDumpCopyRemovals(db: Db, opts: { clusterId: string; openRepository: OpenRepository }): Promise<number> {
  const rows = await db.dumpCopy.findMany({ where: { status: "expiring", dump: { clusterId: opts.clusterId } } });
  for (const r of rows) await finishCopyRemoval(db, copiedDump(opts.clusterId, r.dumpId), { ...opts, repositoryId: r.repositoryId });
  return rows.length;
}
