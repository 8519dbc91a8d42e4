import { UnrecoverableError, type Job as QueueJob } from "bullmq";
import { appendJobLog } from "@/lib/jobs/job-log";
import { markJobFailed, markJobRunning, markJobSucceeded, recordJobProgress } from "@/lib/jobs/job-record";
import { JOB_TYPES, isJobType, type JobType } from "@/lib/queue/job-types";
import { logger } from "@/lib/log";
import type { Processor, WorkerDeps } from "@/worker/processor";

/**
 * Runs one queued job: re-validates the payload, mirrors every state change into the catalog,
 * enforces the job type's time limit, and tells BullMQ whether a retry can help.
 */
export function createJobRunner(deps: WorkerDeps, processors: { [T in JobType]: Processor<T> }) {
  // Which process ran an attempt, for the job's history: its worker host and pid.
  const worker = `${deps.config.workerHost}:${process.pid}`;
  return async (job: QueueJob, _token?: string, shutdown?: AbortSignal): Promise<void> => {
    if (!isJobType(job.name)) throw new UnrecoverableError(`Unknown job type ${job.name}`);
    const spec = JOB_TYPES[job.name];
    const parsed = spec.payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}: ${parsed.error.message}`);
    const payload = parsed.data;

    const attempt = await markJobRunning(deps.db, payload.jobId, worker).catch(async (err: unknown) => {
      // The row went with its cluster (removed after the job was queued): nothing left to do.
      if ((await deps.db.job.count({ where: { id: payload.jobId } })) === 0) return null;
      throw err;
    });
    if (attempt === null) {
      logger.info({ jobId: payload.jobId, type: job.name }, "job skipped: its catalog row is gone (its cluster was removed)");
      return;
    }
    const log = logger.child({ jobId: payload.jobId, type: job.name, attempt });
    log.info("job started");

    // timeoutMs 0: a job that runs until told to stop (the WAL receiver).
    const timeout = spec.timeoutMs > 0 ? AbortSignal.timeout(spec.timeoutMs) : null;
    const signals = [timeout, shutdown].filter((s): s is AbortSignal => s !== null && s !== undefined);
    const signal = AbortSignal.any(signals);
    try {
      const processor = processors[job.name] as Processor<typeof job.name>;
      await processor({
        payload,
        deps,
        signal,
        log: (line) => appendJobLog(deps.db, payload.jobId, line),
        progress: (p) => recordJobProgress(deps.db, payload.jobId, p),
      });
      await markJobSucceeded(deps.db, payload.jobId, attempt);
      log.info("job succeeded");
    } catch (err) {
      const message = timeout?.aborted ? `Timed out after ${spec.timeoutMs / 1000} s` : errorMessage(err);
      const willRetry = !(err instanceof UnrecoverableError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      await markJobFailed(deps.db, payload.jobId, attempt, message, willRetry);
      log.warn({ error: message, willRetry }, "job failed");
      throw err instanceof Error ? err : new Error(message);
    }
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
