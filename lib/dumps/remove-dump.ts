import type { Db } from "@/lib/db/client";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import { openRepositoryForWriting, type StorageAccess } from "@/lib/storage/open-repository";

/**
 * Removes one dump: its files from its repository and its copy repositories, then its catalog row. Crash-safe in three
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
  // Its copies go with it: from every repository holding (part of) one.
  const copies = await db.dumpCopy.findMany({ where: { dumpId: dump.id }, include: { repository: true } });
  for (const repository of [dump.repository, ...copies.map((c) => c.repository)]) {
    await removeDumpFiles(openRepositoryForWriting(repository, opts.storage), dump);
  }
  await db.dump.delete({ where: { id: dump.id } });
  return { removed: true };
}
