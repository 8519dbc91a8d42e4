import type { Db } from "@/lib/db/client";

/**
 * The catalog mirror of a running job: the UI reads these rows, never Redis. Each function is
 * one state transition; progress is written by the caller only when it moved enough to matter.
 */

export async function markJobRunning(db: Db, jobId: string, now = new Date()): Promise<number> {
  const job = await db.job.update({
    where: { id: jobId },
    data: { status: "running", startedAt: now, finishedAt: null, error: null, attempts: { increment: 1 } },
  });
  return job.attempts;
}

export async function recordJobProgress(
  db: Db,
  jobId: string,
  progress: { phase?: string; bytesDone?: bigint | number; bytesTotal?: bigint | number },
): Promise<void> {
  await db.job.update({
    where: { id: jobId },
    data: {
      phase: progress.phase,
      bytesDone: progress.bytesDone === undefined ? undefined : BigInt(progress.bytesDone),
      bytesTotal: progress.bytesTotal === undefined ? undefined : BigInt(progress.bytesTotal),
    },
  });
}

export async function markJobSucceeded(db: Db, jobId: string, now = new Date()): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "succeeded", finishedAt: now, phase: "done" } });
}

/** `willRetry`: the queue will run it again; the row says so instead of looking finished. */
export async function markJobFailed(db: Db, jobId: string, error: string, willRetry: boolean, now = new Date()): Promise<void> {
  await db.job.update({
    where: { id: jobId },
    data: willRetry
      ? { status: "queued", error: `${error} (retrying)` }
      : { status: "failed", error, finishedAt: now },
  });
}
