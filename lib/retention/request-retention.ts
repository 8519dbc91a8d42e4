import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors/app-error";
import { dispatchJob } from "@/lib/queue/enqueue-job";
import { recordExclusiveJob } from "@/lib/queue/record-exclusive-job";

export const RETENTION_JOB = "retention";

/** "Enforce now" and the policy's retention schedule: one run per cluster at a time. */
export async function requestRetention(db: Db, queue: Queue, clusterId: string): Promise<Job> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { policyId: true, repositoryId: true } });
  if (!cluster) throw notFound("The cluster");
  if (!cluster.policyId) throw new AppError("not_ready", "This cluster has no policy, so nothing expires: choose one on the cluster page.");
  if (!cluster.repositoryId) throw new AppError("not_ready", "This cluster has no repository, so there is nothing to expire.");
  const { job } = await recordExclusiveJob(db, { clusterId, type: RETENTION_JOB, busy: "Retention of this cluster" });
  return dispatchJob(db, queue, job);
}
