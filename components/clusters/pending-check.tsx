import type { JobView } from "@/lib/jobs/job-view";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/** A connection check that is queued or running, with when it was queued or started. */
export function PendingCheck({ job }: { job: JobView }) {
  const running = job.status === "running";
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900"
    >
      <StatusBadge tone={running ? "blue" : "grey"}>{running ? "Running" : "Queued"}</StatusBadge>
      <span>
        {running ? "Checking the connection" : "Connection check queued"}
        {running && job.phase ? ` (${job.phase})` : ""}…
      </span>
      <span className="text-sky-800/80">
        {running && job.startedAt ? (
          <>
            started <Time iso={job.startedAt} />
          </>
        ) : (
          <>
            queued <Time iso={job.queuedAt} />
          </>
        )}
        {job.attempts > 1 ? `, attempt ${job.attempts}` : ""}
      </span>
    </div>
  );
}
