import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob } from "@/lib/queue/enqueue-job";
import { recordExclusiveJob } from "@/lib/queue/record-exclusive-job";

export const VERIFY_JOB = "verify";

/**
 * "Verify": re-read every backup and the WAL archive of a cluster, in its primary repository or
 * (`repositoryId`) one of its copy repositories, recorded on the verification's row from the
 * start. One verification per cluster at a time (a second request gets the running job's id); a
 * cluster without a repository has nothing to verify.
 */
export async function requestVerification(db: Db, queue: Queue, clusterId: string, opts: { repositoryId?: string } = {}): Promise<Job> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: { repositoryId: true, copyRepositories: { select: { repositoryId: true } } },
  });
  if (!cluster) throw notFound("The cluster");
  if (!cluster.repositoryId) {
    throw new AppError(
      "not_ready",
      "This cluster has no repository, so there is nothing to verify: assign one on the cluster's edit page.",
    );
  }
  const repositoryId = opts.repositoryId ?? cluster.repositoryId;
  if (repositoryId !== cluster.repositoryId && !cluster.copyRepositories.some((c) => c.repositoryId === repositoryId)) {
    const message = "That repository is neither this cluster's primary repository nor one of its copy repositories.";
    throw new AppError("validation_failed", message, { repositoryId: [message] });
  }
  const { job } = await recordExclusiveJob(db, {
    clusterId,
    type: VERIFY_JOB,
    busy: "A verification of this cluster",
    route: { repositoryIds: [repositoryId] },
    alsoRecord: (tx, job) => tx.verification.create({ data: { clusterId, jobId: job.id, repositoryId } }),
  });
  return dispatchJob(db, queue, job);
}
