import type { RestoreView } from "@/lib/restores/restore-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { BYTE_PHASES, restorePhaseLabel } from "@/components/restores/restore-status";
import { StatusBadge } from "@/components/ui/status-badge";
import { Time } from "@/components/ui/time";

/**
 * The live panel for a queued or running restore: phase, bar, bytes, rate and time left. Bytes
 * count again in each phase, so the rate is measured from the phase's start: the job's start for
 * the base restore, and that plus the base restore's time for replay.
 */
export function RestoreProgress({ restore: r, measuredAt }: { restore: RestoreView; measuredAt: number }) {
  const phase = r.job?.phase ?? null;
  const running = r.status === "running" && r.job?.status === "running";
  return (
    <JobProgress
      id="restore-progress"
      title="Progress"
      barLabel="Restore progress"
      header={
        <>
          <StatusBadge tone={running ? "blue" : "grey"}>{running ? restorePhaseLabel(phase) : "Queued"}</StatusBadge>
          <span className="text-sky-900/80">
            {r.job?.startedAt ? (
              <>
                started <Time iso={r.job.startedAt} />
              </>
            ) : (
              <>
                queued <Time iso={r.createdAt} />
              </>
            )}
          </span>
        </>
      }
      job={r.job}
      bytes={running && phase !== null && BYTE_PHASES.has(phase)}
      phaseStartedAt={phaseStart(r)}
      measuredAt={measuredAt}
    />
  );
}

function phaseStart(r: RestoreView): string | null {
  const started = r.job?.startedAt;
  if (!started) return null;
  if (r.job?.phase === "replay" && r.timings.baseMs !== null) return new Date(Date.parse(started) + r.timings.baseMs).toISOString();
  return started;
}
