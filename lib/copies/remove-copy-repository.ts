import type { Db } from "@/lib/db/client";
import { notFound } from "@/lib/errors/app-error";

/**
 * Stops copying a cluster to a repository. What was copied there stays (and its catalog rows), but
 * restores no longer read from it: it is no longer one of the cluster's repositories.
 */
export async function removeCopyRepository(db: Db, opts: { clusterId: string; repositoryId: string }): Promise<void> {
  const { count } = await db.clusterCopyRepository.deleteMany({ where: opts });
  if (count === 0) throw notFound("That copy repository of the cluster");
}
