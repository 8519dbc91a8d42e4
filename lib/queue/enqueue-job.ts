import type { Queue } from "bullmq";
import type { Db, DbClient } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { hostQueueName, siblingQueue } from "@/lib/queue/host-queues";
import { routeJob, type JobRoute } from "@/lib/queue/job-host";
import { JOB_TYPES, queueOf, type JobType } from "@/lib/queue/job-types";

/**
 * A job is recorded in the catalog first, then handed to BullMQ under the same id, so the catalog
 * row and the queue entry can always be matched. Split in two so a caller can record the row
 * inside its own transaction and dispatch after the commit (a worker must never pick up a job
 * whose row it cannot see yet). The row names the worker host that must run the job (null: any),
 * from the routing rule; `route` tells it what the type and cluster alone do not.
 */
export async function recordJob(db: DbClient, type: JobType, opts: { clusterId: string | null; route?: JobRoute }): Promise<Job> {
  const workerHost = await routeJob(db, type, opts.clusterId, opts.route);
  return db.job.create({ data: { type, clusterId: opts.clusterId, workerHost } });
}

/**
 * When Redis refuses, the row is marked failed: a job never sits "queued" with nothing behind it.
 * `backoffMs` replaces the job type's first retry delay (notifications take it from configuration).
 * The job goes to its type's queue, or that queue's own for the row's worker host (on `queue`'s
 * connection, whichever queue the caller holds).
 */
export async function dispatchJob(
  db: Db,
  queue: Queue,
  job: Job,
  subject: Record<string, string> = {},
  opts: { backoffMs?: number } = {},
): Promise<Job> {
  const spec = JOB_TYPES[job.type as JobType];
  const payload = spec.payload.parse({ jobId: job.id, clusterId: job.clusterId, ...subject });
  try {
    const target = siblingQueue(queue, hostQueueName(queueOf(job.type as JobType), job.workerHost));
    await target.add(job.type, payload, {
      jobId: job.id,
      attempts: spec.attempts,
      backoff: { type: "exponential", delay: opts.backoffMs ?? spec.backoffMs },
      removeOnComplete: { age: 86_400, count: 1000 },
      removeOnFail: { age: 7 * 86_400 },
    });
  } catch (err) {
    await db.job.update({
      where: { id: job.id },
      data: { status: "failed", error: `Could not queue the job: ${(err as Error).message}`, finishedAt: new Date() },
    });
    throw new AppError("service_unavailable", "The job queue (Redis) is unavailable; nothing was started. Try again when it is back.");
  }
  return job;
}

export async function enqueueJob(db: Db, queue: Queue, type: JobType, opts: { clusterId: string; route?: JobRoute }): Promise<Job> {
  return dispatchJob(db, queue, await recordJob(db, type, opts));
}
