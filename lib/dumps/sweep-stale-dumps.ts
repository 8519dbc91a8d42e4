import type { Db } from "@/lib/db/client";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import { leftByDeadWorker } from "@/lib/jobs/left-by-dead-worker";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";

/**
 * Dumps of a cluster left `running` by a worker that died (their job is no longer queued or
 * running) are failed, and whatever they wrote is removed.
 */
export async function sweepStaleDumps(db: Db, opts: { clusterId: string; exceptJobId: string; storage: StorageAccess }): Promise<number> {
  const stale = await db.dump.findMany({
    where: {
      clusterId: opts.clusterId,
      status: "running",
      ...leftByDeadWorker(opts.exceptJobId),
    },
    include: { repository: true },
  });
  for (const d of stale) {
    await removeDumpFiles(openRepository(d.repository, opts.storage), d);
    await db.dump.update({
      where: { id: d.id },
      data: { status: "failed", finishedAt: new Date(), error: "The dump was interrupted (its worker stopped); its files were removed." },
    });
  }
  return stale.length;
}
