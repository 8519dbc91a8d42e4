import type { JobView } from "@/lib/jobs/job-view";
import type { VerificationView } from "@/lib/verification/verification-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";
import { verificationPhaseLabel } from "@/components/verification/verification-status";

/**
 * The live panel for a running verification: phase, files read of the total, and the bar with
 * bytes, rate and time left (JobProgress). Before the worker picks the job up there is no
 * verification row yet: `queuedJob` says so.
 */
export function VerificationProgress({
  verification: v,
  queuedJob,
  measuredAt,
}: {
  verification: VerificationView | null;
  queuedJob: JobView | null;
  measuredAt: number;
}) {
  const job = v?.job ?? queuedJob;
  return (
    <JobProgress
      id="verification-progress"
      title="Verification in progress"
      barLabel="Verification progress"
      header={
        <>
          <StatusBadge tone={v ? "blue" : "grey"}>{v ? verificationPhaseLabel(job?.phase) : "Queued"}</StatusBadge>
          <span className="text-sky-900/80">
            {v && v.filesTotal !== null ? `${v.filesChecked} of ${v.filesTotal} files read, ` : null}
            {v ? "started" : "queued"} <Time iso={v ? v.startedAt : job?.queuedAt} />
          </span>
        </>
      }
      job={v?.job ?? null}
      bytes={v !== null && v.bytesTotal !== null}
      measuredAt={measuredAt}
    />
  );
}
