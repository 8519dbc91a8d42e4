import type { Db } from "@/lib/db/client";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";

/**
 * Removes one dump: its files from the repository, then its catalog row. Crash-safe in three
 * steps: the row is marked (removingAt) first, so a dump whose files may be partly gone is never
 * offered for restore again; the files go; the row goes last. Run again after a crash, it finishes
 * the job. A dump whose job is still running is not removed.
 */
export async function removeDump(db: Db, opts: { dumpId: string; storage: StorageAccess }): Promise<{ removed: boolean }> {
  const marked = await db.dump.updateManyAndReturn({
    where: { id: opts.dumpId, OR: [{ status: { not: "running" } }, { removingAt: { not: null } }] },
    data: { removingAt: new Date() },
    include: { repository: true },
  });
  const dump = marked[0];
  if (!dump) return { removed: false };
  await removeDumpFiles(openRepositoryForWriting(dump.repository, opts.storage), dump);
  await db.dump.delete({ where: { id: dump.id } });
  return { removed: true };
}
