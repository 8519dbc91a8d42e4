import Link from "next/link";
import type { BackupView } from "@/lib/backups/backup-view";
import type { JobView } from "@/lib/jobs/job-view";
import { backupPhaseLabel } from "@/components/backups/backup-status";
import { JobProgress } from "@/components/jobs/job-progress";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/**
 * The live panel for the cluster's running backup: phase, bar, bytes, rate and time left (JobProgress).
 * Before the worker picks the job up there is no backup row yet: `queuedJob` says so.
 */
export function BackupProgress({
  backup,
  queuedJob,
  measuredAt,
}: {
  backup: BackupView | null;
  queuedJob: JobView | null;
  measuredAt: number;
}) {
  return (
    <JobProgress
      id="backup-progress"
      title="Backup in progress"
      barLabel="Backup progress"
      header={backup ? <RunningHeader backup={backup} /> : <QueuedHeader job={queuedJob} />}
      job={backup?.job ?? null}
      bytes={backup !== null}
      measuredAt={measuredAt}
    />
  );
}

function RunningHeader({ backup }: { backup: BackupView }) {
  return (
    <>
      <StatusBadge tone="blue">{backupPhaseLabel(backup.job?.phase)}</StatusBadge>
      <span className="text-sky-900/80">
        <Link href={`/backups/${encodeURIComponent(backup.id)}`} className="font-mono text-xs text-sky-800 hover:underline">
          {backup.label}
        </Link>{" "}
        started <Time iso={backup.startedAt} />
      </span>
    </>
  );
}

function QueuedHeader({ job }: { job: JobView | null }) {
  return (
    <>
      <StatusBadge tone="grey">{job?.status === "running" ? "Starting" : "Queued"}</StatusBadge>
      {job ? (
        <span className="text-sky-900/80">
          queued <Time iso={job.queuedAt} />
        </span>
      ) : null}
    </>
  );
}
