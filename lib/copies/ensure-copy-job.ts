import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { advisoryLocks, lockForTransaction } from "@/lib/db/advisory-locks";
import type { Job } from "@/lib/db/generated/client";
import { dispatchJob, recordJob } from "@/lib/queue/enqueue-job";
import { SETTLED } from "@/lib/copies/copy-backups";

const RETRY_AFTER_FAILURE_MS = 30_000;

/**
 * Whether one of the cluster's copy repositories lacks a complete backup, a complete dump or an
 * archived segment it has not let go by its retention (first match, no counting).
 */
async function copyWanted(db: Db, clusterId: string): Promise<boolean> {
  const targets = await db.clusterCopyRepository.findMany({ where: { clusterId }, select: { repositoryId: true, walKeptFromSegno: true } });
  for (const { repositoryId, walKeptFromSegno } of targets) {
    const settled = { repositoryId, status: { in: [...SETTLED] } };
    const backup = await db.backup.findFirst({ where: { clusterId, status: "complete", copies: { none: settled } }, select: { id: true } });
    if (backup) return true;
    const dump = await db.dump.findFirst({
      where: { clusterId, status: "complete", removingAt: null, copies: { none: settled } },
      select: { id: true },
    });
    if (dump) return true;
    const segment = await db.walSegment.findFirst({
      where: { clusterId, segno: { gte: walKeptFromSegno ?? 0n }, copies: { none: { repositoryId } } },
      select: { name: true },
    });
    if (segment) return true;
  }
  return false;
}

/**
 * Queues a copy run for a cluster when one of its copy repositories lacks a complete backup, a
 * complete dump or an archived segment, and none is pending. The archive supervisor calls it on every tick, so a
 * completed backup and newly archived WAL reach the copies within one supervisor interval.
 */
export async function ensureCopyJob(db: Db, queue: Queue, clusterId: string): Promise<Job | null> {
  // Read outside the transaction: it holds the cluster's job lock only for "is one there?" and "record mine".
  if (!(await copyWanted(db, clusterId))) return null;
  const created = await db.$transaction(async (tx) => {
    await lockForTransaction(tx, advisoryLocks.clusterJob("copy", clusterId));
    const pending = await tx.job.count({ where: { clusterId, type: "copy", status: { in: ["queued", "running"] } } });
    if (pending > 0) return null;
    // A copy repository that refuses writes is not hammered every tick: the next run waits a while.
    const recentFailure = await tx.job.count({
      where: { clusterId, type: "copy", status: "failed", finishedAt: { gt: new Date(Date.now() - RETRY_AFTER_FAILURE_MS) } },
    });
    return recentFailure > 0 ? null : recordJob(tx, "copy", { clusterId });
  });
  return created ? dispatchJob(db, queue, created) : null;
}
