import type { Job } from "@/lib/db/generated/client";

/** A worker job as the API and UI see it (mirrors the catalog's Job row). */
export interface JobView {
  id: string;
  type: string;
  status: "queued" | "running" | "succeeded" | "failed";
  clusterId: string | null;
  phase: string | null;
  bytesDone: number | null;
  bytesTotal: number | null;
  attempts: number;
  error: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The worker host that must run it (its files are there); null: any worker. */
  workerHost: string | null;
}

export function presentJob(job: Job): JobView {
  return {
    id: job.id,
    type: job.type,
    status: job.status,
    clusterId: job.clusterId,
    phase: job.phase,
    bytesDone: job.bytesDone === null ? null : Number(job.bytesDone),
    bytesTotal: job.bytesTotal === null ? null : Number(job.bytesTotal),
    attempts: job.attempts,
    error: job.error,
    queuedAt: job.queuedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    workerHost: job.workerHost,
  };
}
