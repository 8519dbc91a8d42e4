import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Job } from "@/lib/db/generated/client";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";

const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Queues a copy run for a cluster when one of its copy repositories lacks a complete backup or an
 * archived segment, and none is pending. The archive supervisor calls it on every tick, so a
 * completed backup and newly archived WAL reach the copies within one supervisor interval.
 */
export async function ensureCopyJob(db: Db, queue: Queue, clusterId: string): Promise<Job | null> {
  const created = await db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.clusterJob("copy", clusterId));
    const targets = await tx.clusterCopyRepository.findMany({ where: { clusterId }, select: { repositoryId: true } });
    if (targets.length === 0) return null;
    const pending = await tx.job.count({ where: { clusterId, type: "copy", status: { in: ["queued", "running"] } } });
    if (pending > 0) return null;
    // A copy repository that refuses writes is not hammered every tick: the next run waits a while.
    const recentFailure = await tx.job.count({
      where: { clusterId, type: "copy", status: "failed", finishedAt: { gt: new Date(Date.now() - RETRY_AFTER_FAILURE_MS) } },
    });
    if (recentFailure > 0) return null;
    for (const { repositoryId } of targets) {
      const backups = await tx.backup.count({
        where: { clusterId, status: "complete", copies: { none: { repositoryId, status: "complete" } } },
      });
      const segments = backups > 0 ? 0 : await tx.walSegment.count({ where: { clusterId, copies: { none: { repositoryId } } } });
      if (backups + segments > 0) return recordJob(tx, "copy", { clusterId });
    }
    return null;
  });
  return created ? dispatchJob(db, queue, created) : null;
}
