import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * The catalog mirror of a running job: the UI reads these rows, never Redis. Each function is
 * one state transition of one attempt. The job row always describes its current attempt (status,
 * error); every attempt, with how it ended, is kept in job_attempts. Progress is written by the
 * caller only when it moved enough to matter.
 */

/** What the row says about an attempt whose worker stopped without telling anyone. */
export const WORKER_STOPPED = "The worker running this job stopped";

/** Starts the next attempt on `worker` (host:pid); returns its number. */
export async function markJobRunning(db: Db, jobId: string, worker: string, now = new Date()): Promise<number> {
  return db.$transaction(async (tx) => {
    // An attempt still open here lost its worker, and the stalled-job check has not recorded it yet
    // (or never will: it raced this start).
    await closeOpenAttempts(tx, jobId, { outcome: "stalled", error: WORKER_STOPPED });
    const job = await tx.job.update({
      where: { id: jobId },
      data: { status: "running", startedAt: now, finishedAt: null, error: null, attempts: { increment: 1 } },
    });
    await tx.jobAttempt.create({ data: { jobId, attempt: job.attempts, worker } });
    return job.attempts;
  });
}

/** What a running job reports: its phase, and how much of its work is done of a total. */
export interface JobProgressUpdate {
  phase?: string;
  bytesDone?: bigint | number;
  bytesTotal?: bigint | number;
}

/** Writes the running job's progress; a job's phases take it to report as they go. */
export type JobProgress = (p: JobProgressUpdate) => Promise<void>;

export async function recordJobProgress(db: Db, jobId: string, progress: JobProgressUpdate): Promise<void> {
  await db.job.update({
    where: { id: jobId },
    data: {
      phase: progress.phase,
      bytesDone: progress.bytesDone === undefined ? undefined : BigInt(progress.bytesDone),
      bytesTotal: progress.bytesTotal === undefined ? undefined : BigInt(progress.bytesTotal),
    },
  });
}

export async function markJobSucceeded(db: Db, jobId: string, attempt: number, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    await endAttempt(tx, jobId, attempt, { outcome: "succeeded", error: null }, now);
    await updateIfCurrent(tx, jobId, attempt, { status: "succeeded", finishedAt: now, phase: "done", error: null });
  });
}

/** `willRetry`: the queue will run it again; the row says so instead of looking finished. */
export async function markJobFailed(
  db: Db,
  jobId: string,
  attempt: number,
  error: string,
  willRetry: boolean,
  now = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    await endAttempt(tx, jobId, attempt, { outcome: "failed", error }, now);
    await updateIfCurrent(tx, jobId, attempt, afterFailure(error, willRetry, now));
  });
}

/**
 * The stalled-job check took the job back from a worker that stopped renewing its lock. The
 * 'stalled' event carries only the job id, and another worker may already have started the next
 * attempt, so only an open attempt older than half a lock period is closed: the stalled one began
 * about a lock period or more before the check (its lock had to expire), the next one only after
 * it, moments ago. Past maxStalledCount (`willRetry` false) no next attempt can start, and the
 * open attempt is the stalled one.
 */
export async function markJobStalled(
  db: Db,
  jobId: string,
  opts: { error: string; willRetry: boolean; lockMs: number },
  now = new Date(),
): Promise<void> {
  await db.$transaction(async (tx) => {
    const minAgeMs = opts.willRetry ? opts.lockMs / 2 : 0;
    const closed = await tx.$queryRaw<{ attempt: number }[]>`
      UPDATE job_attempts SET ended_at = now(), outcome = 'stalled', error = ${opts.error}
      WHERE job_id = ${jobId}::uuid AND ended_at IS NULL AND started_at <= now() - make_interval(secs => ${minAgeMs / 1000})
      RETURNING attempt`;
    for (const { attempt } of closed) await updateIfCurrent(tx, jobId, attempt, afterFailure(opts.error, opts.willRetry, now));
  });
}

function afterFailure(error: string, willRetry: boolean, now: Date) {
  return willRetry ? { status: "queued" as const, error: `${error} (retrying)` } : { status: "failed" as const, error, finishedAt: now };
}

async function closeOpenAttempts(tx: Prisma.TransactionClient, jobId: string, end: { outcome: "stalled"; error: string }): Promise<void> {
  await tx.jobAttempt.updateMany({ where: { jobId, endedAt: null }, data: { ...end, endedAt: new Date() } });
}

async function endAttempt(
  tx: Prisma.TransactionClient,
  jobId: string,
  attempt: number,
  end: { outcome: "succeeded" | "failed"; error: string | null },
  now: Date,
): Promise<void> {
  // Only if still open: an attempt the stalled-job check already closed stays as it recorded.
  await tx.jobAttempt.updateMany({ where: { jobId, attempt, endedAt: null }, data: { ...end, endedAt: now } });
}

/** A worker that lost its job to the stalled-job check and finishes late must not rewrite the row of the attempt that replaced it. */
async function updateIfCurrent(
  tx: Prisma.TransactionClient,
  jobId: string,
  attempt: number,
  data: Prisma.JobUpdateManyMutationInput,
): Promise<void> {
  await tx.job.updateMany({ where: { id: jobId, attempts: attempt }, data });
}
