import type { Db } from "@/lib/db/client";
import type { ClusterCopyRepository } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { checkCopyPolicy } from "@/lib/copies/set-copy-retention";

/**
 * Makes a repository a copy repository of a cluster: from the next copy run on, every complete
 * backup and dump and every archived WAL segment of the cluster is copied there, and retention
 * there follows `policyId`'s counts (none: the cluster's policy). The primary cannot be its own copy.
 */
export async function addCopyRepository(
  db: Db,
  opts: { clusterId: string; repositoryId: string; policyId?: string | null },
): Promise<ClusterCopyRepository> {
  const { clusterId, repositoryId } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { repositoryId: true } });
  if (!cluster) throw notFound("The cluster");
  if (!(await db.repository.findUnique({ where: { id: repositoryId }, select: { id: true } }))) throw notFound("The repository");
  if (cluster.repositoryId === repositoryId) {
    const message = "That repository is the cluster's primary repository: choose another one to hold the copies.";
    throw new AppError("validation_failed", message, { repositoryId: [message] });
  }
  const existing = await db.clusterCopyRepository.findUnique({ where: { clusterId_repositoryId: { clusterId, repositoryId } } });
  if (existing) throw new AppError("conflict", "That repository already holds copies of this cluster.");
  await checkCopyPolicy(db, opts.policyId);
  return db.clusterCopyRepository.create({ data: { clusterId, repositoryId, policyId: opts.policyId ?? null } });
}
