import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Job } from "@/lib/db/generated/client";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

/** Queues a WAL indexing run for a cluster when it has unread segments and none is pending. */
export async function ensureIndexJob(db: Db, queue: Queue, clusterId: string): Promise<Job | null> {
  const created = await db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.clusterJob("wal.index", clusterId));
    const pending = await tx.job.count({ where: { clusterId, type: "wal.index", status: { in: ["queued", "running"] } } });
    if (pending > 0) return null;
    const unread = await tx.walSegment.count({ where: { clusterId, indexedAt: null } });
    return unread > 0 ? recordJob(tx, "wal.index", { clusterId }) : null;
  });
  return created ? dispatchJob(db, queue, created) : null;
}
