import { UnrecoverableError, type Job as QueueJob, type Queue } from "bullmq";
import { schedulePayload, SCHEDULE_JOB } from "@/lib/queue/job-types";
import { fireSchedule } from "@/lib/schedules/fire-schedule";
import type { WorkerDeps } from "@/worker/processor";

type Runner = (job: QueueJob, token?: string, signal?: AbortSignal) => Promise<void>;

/**
 * The main queue's processor: a policy's schedule tick starts the job it names (fire-schedule.ts);
 * every other job goes to the catalog-mirrored runner.
 */
export function createScheduleRunner(deps: WorkerDeps, queue: Queue, runJob: Runner): Runner {
  return async (job, token, signal) => {
    if (job.name !== SCHEDULE_JOB) return runJob(job, token, signal);
    const parsed = schedulePayload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Invalid schedule payload: ${parsed.error.message}`);
    // prevMillis is the tick this job was made for; a late job is one the worker was not there to run.
    const dueAt = new Date(job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0));
    await fireSchedule(deps.db, queue, { ...parsed.data, dueAt, now: deps.now() });
  };
}
