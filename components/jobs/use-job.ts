"use client";

import { useQuery } from "@tanstack/react-query";
import type { JobAttemptView } from "@/lib/jobs/job-attempt-view";
import type { JobView } from "@/lib/jobs/job-view";
import type { WaitingJobView } from "@/lib/jobs/job-waiting";
import { apiFetch } from "@/components/ui/api";

const POLL_MS = 1_000;

/** A job with every attempt it took and what it waits for (GET /api/v1/jobs/:id). */
export type JobDetail = WaitingJobView & { history: JobAttemptView[] };

export const jobFinished = (job: Pick<JobView, "status">) => job.status === "succeeded" || job.status === "failed";

/**
 * One job (GET /api/v1/jobs/:id), polled every second until the worker finishes it: a button can
 * say "Working…" exactly as long as the work runs and show the worker's error when it fails, and
 * a page can list the job's attempts. `null` follows nothing.
 */
export function useJob(jobId: string | null) {
  return useQuery({
    queryKey: ["jobs", "detail", jobId ?? ""],
    enabled: jobId !== null,
    queryFn: ({ signal }) => apiFetch<{ job: JobDetail }>(`/api/v1/jobs/${encodeURIComponent(jobId!)}`, { signal }).then((r) => r.job),
    refetchInterval: (query) => (query.state.data && jobFinished(query.state.data) ? false : POLL_MS),
  });
}
