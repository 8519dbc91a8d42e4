"use client";

import { useQuery } from "@tanstack/react-query";
import type { JobView } from "@/lib/views/job-view";
import { apiFetch } from "@/components/api";

const POLL_MS = 1_000;

export const jobFinished = (job: Pick<JobView, "status">) => job.status === "succeeded" || job.status === "failed";

/**
 * Follows a job the page just queued (GET /api/v1/jobs/:id) every second until the worker
 * finishes it, so a button can say "Working…" exactly as long as the work runs and show the
 * worker's error when it fails. `null` follows nothing.
 */
export function useJobOutcome(jobId: string | null) {
  return useQuery({
    queryKey: ["jobs", "detail", jobId ?? ""],
    enabled: jobId !== null,
    queryFn: ({ signal }) => apiFetch<{ job: JobView }>(`/api/v1/jobs/${encodeURIComponent(jobId!)}`, { signal }).then((r) => r.job),
    refetchInterval: (query) => (query.state.data && jobFinished(query.state.data) ? false : POLL_MS),
  });
}
