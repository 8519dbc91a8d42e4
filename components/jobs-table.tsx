import type { JobView } from "@/lib/views/job-view";
import { jobStatus, jobTypeLabel } from "@/components/cluster-status";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";

/** Recent jobs for one cluster, newest first, as the catalog records them. */
export function JobsTable({ jobs }: { jobs: readonly JobView[] }) {
  if (jobs.length === 0) return <p className="text-sm text-neutral-500">No jobs yet.</p>;
  return (
    <div className="overflow-x-auto rounded border border-neutral-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Recent jobs</caption>
        <thead className="border-b border-neutral-200 bg-neutral-50 text-xs uppercase tracking-wide text-neutral-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Type</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Attempts</th>
            <th scope="col" className="px-3 py-2 font-medium">Queued</th>
            <th scope="col" className="px-3 py-2 font-medium">Started</th>
            <th scope="col" className="px-3 py-2 font-medium">Finished</th>
            <th scope="col" className="px-3 py-2 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-100">
          {jobs.map((job) => {
            const s = jobStatus(job.status);
            return (
              <tr key={job.id} className="align-top">
                <td className="px-3 py-2 whitespace-nowrap" title={job.type}>{jobTypeLabel(job.type)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <StatusBadge tone={s.tone}>{s.label}</StatusBadge>
                  {job.phase && job.status === "running" ? <span className="ml-2 text-xs text-neutral-500">{job.phase}</span> : null}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{job.attempts}</td>
                <td className="px-3 py-2 whitespace-nowrap"><Time iso={job.queuedAt} /></td>
                <td className="px-3 py-2 whitespace-nowrap"><Time iso={job.startedAt} /></td>
                <td className="px-3 py-2 whitespace-nowrap"><Time iso={job.finishedAt} /></td>
                <td className="max-w-md px-3 py-2 break-words text-red-800">{job.error ?? <span className="text-neutral-400">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
