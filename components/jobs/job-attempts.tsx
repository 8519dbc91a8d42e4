"use client";

import type { JobAttemptView } from "@/lib/jobs/job-attempt-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import type { StatusLabel } from "@/components/ui/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { FailureText } from "@/components/ui/failure-text";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { useJob } from "@/components/jobs/use-job";

const OUTCOME: Record<NonNullable<JobAttemptView["outcome"]> | "running", StatusLabel> = {
  running: { label: "Running", tone: "blue" },
  succeeded: { label: "Succeeded", tone: "green" },
  failed: { label: "Failed", tone: "red" },
  stalled: { label: "Stalled", tone: "amber" },
};

/** Every attempt of a job: which worker ran it, when, how it ended and why (a retried backup says what went wrong first). */
export function JobAttempts({ jobId }: { jobId: string }) {
  const job = useJob(jobId);
  if (job.isError) return <ErrorAlert title="Could not load the job's attempts." message={errorMessage(job.error)} />;
  if (!job.data) return <p className="text-sm text-neutral-500">Loading…</p>;
  const attempts = job.data.history;
  if (attempts.length === 0) return <p className="text-sm text-neutral-500">The job has not started yet.</p>;
  return (
    <DataTable
      caption="Job attempts"
      columns={[
        { label: "Attempt", numeric: true },
        { label: "Worker" },
        { label: "Outcome" },
        { label: "Started" },
        { label: "Took", numeric: true },
      ]}
    >
      {attempts.map((a) => {
        const outcome = OUTCOME[a.outcome ?? "running"];
        return (
          <tr key={a.attempt} className="align-top">
            <td className="px-3 py-2 text-right tabular-nums">{a.attempt}</td>
            <td className="px-3 py-2 font-mono text-xs">{a.worker}</td>
            <td className="px-3 py-2">
              <StatusBadge tone={outcome.tone}>{outcome.label}</StatusBadge>
              {a.error ? <FailureText error={a.error} /> : null}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={a.startedAt} />
            </td>
            <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
              {a.endedAt ? formatDuration(Date.parse(a.endedAt) - Date.parse(a.startedAt)) : "—"}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
