import type { JobAttempt } from "@/lib/db/generated/client";

/** One attempt of a job as the API shows it in the job's `history`, oldest first. */
export interface JobAttemptView {
  attempt: number;
  /** host:pid of the worker process that ran it. */
  worker: string;
  startedAt: string;
  endedAt: string | null;
  /** null while the attempt runs; "stalled" when its worker stopped and another took the job over. */
  outcome: "succeeded" | "failed" | "stalled" | null;
  error: string | null;
}

export function presentJobAttempt(a: JobAttempt): JobAttemptView {
  return {
    attempt: a.attempt,
    worker: a.worker,
    startedAt: a.startedAt.toISOString(),
    endedAt: a.endedAt?.toISOString() ?? null,
    outcome: a.outcome,
    error: a.error,
  };
}
