"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import type { RepositoryView } from "@/lib/repositories/repository-view";
import { apiFetch, errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button-styles";
import { jobFinished, useJob } from "@/components/jobs/use-job";
import { repositoryKeys } from "@/components/repositories/repository-queries";

/**
 * "Test": a worker writes, lists, reads back and deletes an object in the repository (its network
 * and credentials are the ones backups use); the button waits for that job, then the row shows
 * the recorded result.
 */
export function TestRepositoryButton({ repository: r }: { repository: RepositoryView }) {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const ask = useMutation({
    mutationFn: () => apiFetch<{ job: JobView }>(`/api/v1/repositories/${encodeURIComponent(r.id)}/test`, { method: "POST" }),
    onSuccess: ({ job }) => setJobId(job.id),
  });
  const outcome = useJob(jobId);
  const done = outcome.data !== undefined && jobFinished(outcome.data);
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: repositoryKeys.all });
  }, [done, queryClient]);
  const busy = ask.isPending || (jobId !== null && !done);
  const failedJob = outcome.data?.status === "failed" ? outcome.data : null;
  return (
    <div className="space-y-1">
      <button type="button" className={buttonClass("secondary")} disabled={busy} onClick={() => ask.mutate()} aria-label={`Test ${r.name}`}>
        Test
      </button>
      {busy ? (
        <span role="status" className="ml-2 text-sm text-neutral-500">
          {outcome.data?.status === "queued" ? "Waiting for a worker…" : "Testing…"}
        </span>
      ) : null}
      {ask.isError ? <ErrorAlert title="The worker was not asked." message={errorMessage(ask.error)} /> : null}
      {failedJob ? (
        <ErrorAlert title="The test could not run." message={failedJob.error ?? "The worker recorded no error message."} />
      ) : null}
    </div>
  );
}

/** The newest test's result, as the worker recorded it. */
export function RepositoryTestResult({ repository: r }: { repository: RepositoryView }) {
  if (!r.test) return <span className="text-xs text-neutral-500">Not tested yet.</span>;
  return (
    <p className={`text-xs ${r.test.ok ? "text-green-800" : "text-red-700"}`} data-testid="repository-test-result">
      <span className="font-medium">{r.test.ok ? "Passed" : "Failed"}</span>: {r.test.detail}
    </p>
  );
}
