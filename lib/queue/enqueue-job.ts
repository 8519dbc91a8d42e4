import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { AppError } from "@/lib/http/app-error";
import { JOB_TYPES, type JobType } from "@/lib/queue/catalog";

/**
 * Records the job in the catalog, then hands it to BullMQ under the same id, so the catalog row
 * and the queue entry can always be matched. When Redis refuses, the row is marked failed: a job
 * never sits "queued" with nothing behind it.
 */
export async function enqueueJob(db: Db, queue: Queue, type: JobType, opts: { clusterId: string }): Promise<Job> {
  const spec = JOB_TYPES[type];
  const job = await db.job.create({ data: { type, clusterId: opts.clusterId } });
  const payload = spec.payload.parse({ jobId: job.id, clusterId: opts.clusterId });
  try {
    await queue.add(type, payload, {
      jobId: job.id,
      attempts: spec.attempts,
      backoff: { type: "exponential", delay: spec.backoffMs },
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
