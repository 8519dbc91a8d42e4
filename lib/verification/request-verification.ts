import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/http/app-error";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

export const VERIFY_JOB = "verify";

/**
 * "Verify": re-read every backup and the WAL archive of a cluster. One verification per cluster at
 * a time (a second request gets the running job's id); a cluster without a repository has nothing
 * to verify.
 */
export async function requestVerification(db: Db, queue: Queue, clusterId: string): Promise<Job> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { repositoryId: true } });
  if (!cluster) throw notFound("The cluster");
  if (!cluster.repositoryId) {
    throw new AppError("not_ready", "This cluster has no repository, so there is nothing to verify: assign one on the cluster's edit page.");
  }
  // The advisory lock makes "is one running?" and "record mine" one step per cluster.
  const job = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`verify:${clusterId}`}))`;
    const running = await tx.job.findFirst({ where: { clusterId, type: VERIFY_JOB, status: { in: ["queued", "running"] } } });
    if (running) {
      throw new AppError("conflict", `A verification of this cluster is already running (job ${running.id}).`, undefined, { jobId: running.id });
    }
    return recordJob(tx, VERIFY_JOB, { clusterId });
  });
  return dispatchJob(db, queue, job);
}
