import type { Db } from "@/lib/db/client";
import type { ClusterCopyRepository } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";

/** The policy must exist: its keep counts are what retention applies in the copy repository. */
export async function checkCopyPolicy(db: Db, policyId: string | null | undefined): Promise<void> {
  if (!policyId) return;
  if (await db.policy.findUnique({ where: { id: policyId }, select: { id: true } })) return;
  const message = "That policy does not exist: choose another, or none to follow the cluster's policy.";
  throw new AppError("validation_failed", message, { policyId: [message] });
}

/**
 * Sets whose retention counts apply in one copy repository of a cluster: a policy's (its keep
 * counts for backups and dumps; its schedules are the cluster's business), or, with null, the
 * cluster's own policy. The next retention run plans that repository with them.
 */
export async function setCopyRetention(
  db: Db,
  opts: { clusterId: string; repositoryId: string; policyId: string | null },
): Promise<ClusterCopyRepository> {
  const { clusterId, repositoryId, policyId } = opts;
  await checkCopyPolicy(db, policyId);
  const [link] = await db.clusterCopyRepository.updateManyAndReturn({ where: { clusterId, repositoryId }, data: { policyId } });
  if (!link) throw notFound("That copy repository of the cluster");
  return link;
}
