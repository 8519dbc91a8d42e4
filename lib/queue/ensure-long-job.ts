import type { Queue } from "bullmq";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { hostQueueName, siblingQueue } from "@/lib/queue/host-queues";
import { queueOf } from "@/lib/queue/job-types";

/**
 * Makes sure one job of a long-running type (a WAL receiver, a monitor) is queued or running for
 * a cluster. A catalog row that claims so while its queue entry is gone or finished (Redis lost
 * it, a crash between the two) is closed as failed, and a new job takes over. Returns the job it
 * started, if any.
 */
export async function ensureLongJob(db: Db, queue: Queue, type: "wal.stream" | "monitor", clusterId: string): Promise<Job | null> {
  const created = await db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.clusterJob(type, clusterId));
    const live = await tx.job.findMany({ where: { clusterId, type, status: { in: ["queued", "running"] } } });
    let alive = false;
    for (const row of live) {
      // On the queue its row routed it to: the stream queue, or a worker host's own.
      const state = await (await siblingQueue(queue, hostQueueName(queueOf(type), row.workerHost)).getJob(row.id))?.getState();
      if (state && state !== "completed" && state !== "failed" && state !== "unknown") {
        alive = true;
      } else {
        await tx.job.update({
          where: { id: row.id },
          data: { status: "failed", error: "The queue no longer had this job; a new one replaced it.", finishedAt: new Date() },
        });
      }
    }
    return alive ? null : recordJob(tx, type, { clusterId });
  });
  return created ? dispatchJob(db, queue, created) : null;
}
