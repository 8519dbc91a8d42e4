import type { WaitingJobView } from "@/lib/jobs/job-waiting";
import { jobStatus, jobTypeLabel } from "@/components/jobs/job-status";
import { WaitingText } from "@/components/jobs/job-waiting-note";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/** Recent jobs for one cluster, newest first, as the catalog records them; one no live worker can take says what it waits for. */
export function JobsTable({ jobs }: { jobs: readonly WaitingJobView[] }) {
  if (jobs.length === 0) return <p className="text-sm text-neutral-500">No jobs yet.</p>;
  return (
    <DataTable
      caption="Recent jobs"
      columns={[
        { label: "Type" },
        { label: "Status" },
        { label: "Attempts", numeric: true },
        { label: "Queued" },
        { label: "Started" },
        { label: "Finished" },
        { label: "Error" },
      ]}
    >
      {jobs.map((job) => {
        const s = jobStatus(job.status);
        return (
          <tr key={job.id} className="align-top">
            <td className="px-3 py-2 whitespace-nowrap" title={job.type}>
              {jobTypeLabel(job.type)}
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <StatusBadge tone={s.tone}>{s.label}</StatusBadge>
              {job.phase && job.status === "running" ? <span className="ml-2 text-xs text-neutral-500">{job.phase}</span> : null}
              {job.waitingFor ? <WaitingText waitingFor={job.waitingFor} /> : null}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{job.attempts}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={job.queuedAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={job.startedAt} />
            </td>
            <td className="px-3 py-2 whitespace-nowrap">
              <Time iso={job.finishedAt} />
            </td>
            <td className="max-w-md px-3 py-2 break-words text-red-800">{job.error ?? <span className="text-neutral-400">—</span>}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
