import type { Db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/**
 * Stops copying a cluster to a repository. The files copied there stay, but the catalog forgets
 * them: restores no longer read from that repository, and it can be removed once nothing else uses it.
 * Refused while backups or dumps live only there (the primary's retention handed them over): the
 * catalog would keep them without anywhere to restore them from.
 */
export async function removeCopyRepository(db: Db, opts: { clusterId: string; repositoryId: string }): Promise<void> {
  const { clusterId, repositoryId } = opts;
  const [backups, dumps] = await Promise.all([
    db.backup.count({ where: { clusterId, repositoryId } }),
    db.dump.count({ where: { clusterId, repositoryId } }),
  ]);
  if (backups + dumps > 0) {
    throw new AppError(
      "conflict",
      `${backups} backup(s) and ${dumps} dump(s) of this cluster live only in that repository (the primary's retention let them go ` +
        `while this repository's policy keeps them): delete them, or give this repository the cluster's policy and enforce retention, first.`,
    );
  }
  const [{ count }] = await db.$transaction([
    db.clusterCopyRepository.deleteMany({ where: { clusterId, repositoryId } }),
    db.backupCopy.deleteMany({ where: { repositoryId, backup: { clusterId } } }),
    db.dumpCopy.deleteMany({ where: { repositoryId, dump: { clusterId } } }),
    db.walSegmentCopy.deleteMany({ where: { clusterId, repositoryId } }),
  ]);
  if (count === 0) throw notFound("That copy repository of the cluster");
}
