import type { Db } from "@/lib/db/client";
import { backupPrefix } from "@/lib/storage/layout";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";

/**
 * Backups of a cluster left `running` by a worker that died are failed, and whatever they wrote is
 * removed. Only one backup of a cluster runs at a time, so any running row but the current job's
 * is such a leftover.
 */
export async function sweepStaleBackups(db: Db, opts: { clusterId: string; exceptJobId: string; storage: StorageAccess }): Promise<number> {
  const stale = await db.backup.findMany({
    // A row whose job was deleted has a NULL job_id, which NOT (job_id = x) would keep out.
    where: { clusterId: opts.clusterId, status: "running", OR: [{ jobId: null }, { jobId: { not: opts.exceptJobId } }] },
    include: { repository: true },
  });
  for (const b of stale) {
    const repo = openRepository(b.repository, opts.storage);
    await repo.discardStaging(`backup-${b.id}`);
    await repo.discardStaging(`verify-${b.id}`);
    await repo.removePrefix(backupPrefix(b.clusterId, b.id));
    await db.backup.update({
      where: { id: b.id },
      data: { status: "failed", finishedAt: new Date(), error: "The backup was interrupted (its worker stopped); its files were removed." },
    });
  }
  return stale.length;
}
