import Link from "next/link";
import type { BackupView } from "@/lib/views/backup-view";
import type { JobView } from "@/lib/views/job-view";
import { progressFigures } from "@/lib/domain/progress";
import { backupPhaseLabel } from "@/components/backup-status";
import { formatBytes, formatDuration, formatRate, toPercent } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";

/**
 * The live panel for the cluster's running backup: phase, bar, bytes, rate and time left.
 * `measuredAt` is when the figures were fetched (ms), so rate and ETA match the data shown.
 * Before the worker picks the job up there is no backup row yet: `queuedJob` says so.
 */
export function BackupProgress({ backup, queuedJob, measuredAt }: { backup: BackupView | null; queuedJob: JobView | null; measuredAt: number }) {
  return (
    <section aria-labelledby="backup-progress-heading" className="rounded border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-950">
      <div className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id="backup-progress-heading" className="font-semibold">
          Backup in progress
        </h2>
        {backup ? <RunningHeader backup={backup} /> : <QueuedHeader job={queuedJob} />}
      </div>
      {backup ? <RunningFigures job={backup.job} measuredAt={measuredAt} /> : <ProgressBar percent={null} />}
    </section>
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

function RunningFigures({ job, measuredAt }: { job: JobView | null; measuredAt: number }) {
  const bytesDone = job?.bytesDone ?? null;
  const bytesTotal = job?.bytesTotal ?? null;
  const startedAt = job?.startedAt ? new Date(job.startedAt) : null;
  const f = progressFigures({ bytesDone, bytesTotal, startedAt, now: new Date(measuredAt) });
  const percent = f.fraction === null ? null : toPercent(f.fraction);
  return (
    <>
      <ProgressBar percent={percent} />
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        <Figure term="Done">
          {formatBytes(bytesDone)} of {formatBytes(bytesTotal)}
          {percent === null ? null : ` (${percent}%)`}
        </Figure>
        <Figure term="Rate">{formatRate(f.bytesPerSecond)}</Figure>
        <Figure term="Time left">{f.secondsLeft === null || percent === 100 ? "—" : formatDuration(f.secondsLeft * 1000)}</Figure>
        <Figure term="Elapsed">{startedAt ? formatDuration(measuredAt - startedAt.getTime()) : "—"}</Figure>
      </dl>
    </>
  );
}

function Figure({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-sky-900/70">{term}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

/** role="progressbar" in percent; without a known total it is indeterminate (no aria-valuenow). */
function ProgressBar({ percent }: { percent: number | null }) {
  return (
    <div
      role="progressbar"
      aria-label="Backup progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? "Size not known yet" : `${percent}%`}
      className="h-2.5 w-full overflow-hidden rounded-full bg-sky-100 ring-1 ring-sky-200 ring-inset"
    >
      <div
        className={`h-full rounded-full bg-sky-600 transition-[width] duration-700 ${percent === null ? "w-1/4 animate-pulse" : ""}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
