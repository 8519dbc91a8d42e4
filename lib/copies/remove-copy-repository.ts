import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";

/**
 * Stops copying a cluster to a repository. The files copied there stay, but the catalog forgets
 * them: restores no longer read from that repository, and it can be removed once nothing else uses it.
 */
export async function removeCopyRepository(db: Db, opts: { clusterId: string; repositoryId: string }): Promise<void> {
  const { clusterId, repositoryId } = opts;
  const [{ count }] = await db.$transaction([
    db.clusterCopyRepository.deleteMany({ where: { clusterId, repositoryId } }),
    db.backupCopy.deleteMany({ where: { repositoryId, backup: { clusterId } } }),
    db.walSegmentCopy.deleteMany({ where: { clusterId, repositoryId } }),
  ]);
  if (count === 0) throw notFound("That copy repository of the cluster");
}
