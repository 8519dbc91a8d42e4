import type { JobView } from "@/lib/jobs/job-view";
import { progressFigures } from "@/lib/domain/progress";
import { JobWaitingNote } from "@/components/jobs/job-waiting-note";
import { formatBytes, formatDuration, formatRate, toPercent } from "@/components/ui/format";

/**
 * The live panel for a running job (backup, restore): a heading, a status line, and a bar with
 * bytes, rate and time left. `measuredAt` is when the figures were fetched (ms), so rate and ETA
 * match the data shown. `phaseStartedAt` (ISO) is when the bytes being counted started moving,
 * when that is not the job's start (a restore counts bytes again in each phase); `bytes: false`
 * shows an indeterminate bar (queued, or a phase that moves no bytes).
 */
export function JobProgress({
  id,
  title,
  barLabel,
  header,
  job,
  measuredAt,
  bytes = true,
  phaseStartedAt,
}: {
  id: string;
  title: string;
  barLabel: string;
  header: React.ReactNode;
  job: JobView | null;
  measuredAt: number;
  bytes?: boolean;
  phaseStartedAt?: string | null;
}) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="rounded border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-950">
      <div className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id={headingId} className="font-semibold">
          {title}
        </h2>
        {header}
      </div>
      <JobWaitingNote job={job} />
      {bytes ? (
        <ByteFigures job={job} measuredAt={measuredAt} label={barLabel} startedAtIso={phaseStartedAt ?? job?.startedAt ?? null} />
      ) : (
        <ProgressBar percent={null} label={barLabel} />
      )}
    </section>
  );
}

function ByteFigures({
  job,
  measuredAt,
  label,
  startedAtIso,
}: {
  job: JobView | null;
  measuredAt: number;
  label: string;
  startedAtIso: string | null;
}) {
  const bytesDone = job?.bytesDone ?? null;
  const bytesTotal = job?.bytesTotal ?? null;
  const startedAt = startedAtIso ? new Date(startedAtIso) : null;
  const f = progressFigures({ bytesDone, bytesTotal, startedAt, now: new Date(measuredAt) });
  const percent = f.fraction === null ? null : toPercent(f.fraction);
  const jobStart = job?.startedAt ? Date.parse(job.startedAt) : null;
  return (
    <>
      <ProgressBar percent={percent} label={label} />
      <dl className="mt-2 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        <Figure term="Done">
          {formatBytes(bytesDone)} of {formatBytes(bytesTotal)}
          {percent === null ? null : ` (${percent}%)`}
        </Figure>
        <Figure term="Rate">{formatRate(f.bytesPerSecond)}</Figure>
        <Figure term="Time left">{f.secondsLeft === null || percent === 100 ? "—" : formatDuration(f.secondsLeft * 1000)}</Figure>
        <Figure term="Elapsed">{jobStart === null ? "—" : formatDuration(measuredAt - jobStart)}</Figure>
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
export function ProgressBar({ percent, label }: { percent: number | null; label: string }) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? "Size not known yet" : `${percent}%`}
      className="h-2.5 w-full overflow-hidden rounded-full bg-sky-100 ring-1 ring-sky-200 ring-inset"
    >
      {/* No width transition: an animated bar lags the figure beside it (40% drawn while the text already says 100%). */}
      <div
        className={`h-full rounded-full bg-sky-600 ${percent === null ? "w-1/4 animate-pulse" : ""}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
