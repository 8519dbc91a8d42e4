import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

/**
 * Makes sure one monitor job is queued or running for a cluster (as ensureStreamJob does for
 * receivers): a row whose queue entry is gone or finished is closed as failed and replaced.
 */
export async function ensureMonitorJob(db: Db, queue: Queue, clusterId: string): Promise<Job | null> {
  const created = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`monitor:${clusterId}`}))`;
    const live = await tx.job.findMany({ where: { clusterId, type: "monitor", status: { in: ["queued", "running"] } } });
    let alive = false;
    for (const row of live) {
      const state = await (await queue.getJob(row.id))?.getState();
      if (state && state !== "completed" && state !== "failed" && state !== "unknown") {
        alive = true;
      } else {
        await tx.job.update({ where: { id: row.id }, data: { status: "failed", error: "The queue no longer had this job; a new monitor job replaced it.", finishedAt: new Date() } });
      }
    }
    return alive ? null : recordJob(tx, "monitor", { clusterId });
  });
  return created ? dispatchJob(db, queue, created) : null;
}
