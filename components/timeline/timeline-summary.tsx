import Link from "next/link";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { formatLocalTime, formatUtcTime } from "@/components/ui/format";
import { Time } from "@/components/ui/time";
import { drawsRepositoryLanes } from "@/components/timeline/repository-lanes";
import { describeDuration } from "@/lib/domain/alert-rules";
import { rpoWithinTarget } from "@/lib/domain/rpo";

const utc = (iso: string) => formatUtcTime(iso).replace(/ UTC$/, "");

/** The one figure that matters: how late a restore can reach, or why nothing can be restored yet. */
export function RecoverableFigure({ timeline: t }: { timeline: TimelineView }) {
  if (t.latestRecoverableTime) {
    const throughPartial = t.partial?.inWindow === true;
    return (
      <div className="space-y-0.5 text-sm text-neutral-800">
        <p>
          <span className="font-semibold">Latest recoverable time: </span>
          <time dateTime={t.latestRecoverableTime} className="tabular-nums">
            {formatLocalTime(t.latestRecoverableTime)} (UTC {utc(t.latestRecoverableTime)})
          </time>
          {throughPartial ? <span className="text-neutral-600"> — in the partial segment {t.partial!.name}</span> : null}
        </p>
        <MeasuredRpo rpo={t.rpo} />
      </div>
    );
  }
  return (
    <div className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <p className="font-semibold">No recoverable window yet</p>
      <NoWindowReason timeline={t} />
    </div>
  );
}

/** now − the newest recoverable commit, against the cluster's target. */
function MeasuredRpo({ rpo }: { rpo: TimelineView["rpo"] }) {
  if (rpo.measuredSeconds === null) return null;
  const within = rpoWithinTarget(rpo.measuredSeconds, rpo.targetSeconds);
  return (
    <p data-testid="measured-rpo">
      <span className="font-semibold">Measured RPO: </span>
      <span className={`tabular-nums ${within ? "text-green-800" : "text-amber-800"}`}>{describeDuration(rpo.measuredSeconds * 1000)}</span>
      <span className="text-neutral-600"> since the newest recoverable commit (target {describeDuration(rpo.targetSeconds * 1000)})</span>
      {rpo.partialFailure ? (
        <span data-testid="partial-upload-error" className="block text-red-800">
          Uploading the partial segment failed at <Time iso={rpo.partialFailure.at} />: {rpo.partialFailure.error}. The measured RPO grows
          until an upload works.
        </span>
      ) : null}
    </p>
  );
}

function NoWindowReason({ timeline: t }: { timeline: TimelineView }) {
  if (!t.backups.some((b) => b.status === "complete")) {
    return <p>No backup has completed yet: a restore starts from a complete backup.</p>;
  }
  const labels = new Map(t.backups.map((b) => [b.id, b.label]));
  if (t.unusableBackups.length === 0) return <p>WAL after the complete backups is missing.</p>;
  return (
    <ul aria-label="Unusable backups" className="mt-1 list-disc pl-5">
      {t.unusableBackups.map((u) => (
        <li key={u.id}>
          Backup <span className="font-mono text-xs">{labels.get(u.id) ?? u.id}</span>: {u.reason}
        </li>
      ))}
    </ul>
  );
}

/**
 * The windows, gaps and restore points as text: what the picture shows, for screen readers, tests
 * and copying segment names. With `restorePointHref` each restore point links to a restore to it.
 */
export function TimelineLists({ timeline: t, restorePointHref }: { timeline: TimelineView; restorePointHref?: (name: string) => string }) {
  return (
    <div className="grid grid-cols-1 gap-x-6 gap-y-2 text-xs text-neutral-700 md:grid-cols-3">
      {drawsRepositoryLanes(t) ? <RepositoryWindows timeline={t} /> : null}
      <div>
        <h3 className="font-medium text-neutral-500">Recoverable windows</h3>
        <ul aria-label="Recoverable windows" className="mt-0.5 space-y-0.5">
          {t.windows.map((w) => (
            <li key={`${w.timeline}-${w.fromBackupId}`}>
              Timeline {w.timeline}: from <Time iso={w.from.time} /> to <Time iso={w.to.time} />{" "}
              <span className="font-mono text-neutral-500">
                ({w.from.lsn} – {w.to.lsn})
              </span>
              {w.to.partial && t.partial ? (
                <>
                  {" "}
                  — ends in the partial segment <span className="font-mono">{t.partial.name}</span> (uploaded{" "}
                  <Time iso={t.partial.uploadedAt} />)
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {t.windows.length === 0 ? <p className="text-neutral-500">None</p> : null}
      </div>
      <div>
        <h3 className="font-medium text-neutral-500">WAL gaps</h3>
        <ul aria-label="WAL gaps" className="mt-0.5 space-y-1">
          {t.gaps.map((g) => (
            <GapItem key={`${g.timeline}-${g.firstSegment}`} gap={g} />
          ))}
        </ul>
        {t.gaps.length === 0 ? <p className="text-neutral-500">None</p> : null}
      </div>
      <div>
        <h3 className="font-medium text-neutral-500">Restore points</h3>
        <ul aria-label="Restore points" className="mt-0.5 space-y-0.5">
          {t.restorePoints.map((r) => (
            <li key={`${r.name}-${r.lsn}`}>
              {restorePointHref ? (
                <Link
                  href={restorePointHref(r.name)}
                  className="font-mono text-sky-800 hover:underline"
                  aria-label={`Restore to restore point ${r.name}`}
                >
                  {r.name}
                </Link>
              ) : (
                <span className="font-mono">{r.name}</span>
              )}{" "}
              at <Time iso={r.createdAt} /> <span className="font-mono text-neutral-500">({r.lsn})</span>
            </li>
          ))}
        </ul>
        {t.restorePoints.length === 0 ? <p className="text-neutral-500">None</p> : null}
      </div>
    </div>
  );
}

function GapItem({ gap: g }: { gap: TimelineView["gaps"][number] }) {
  const more = g.missingCount - g.missing.length;
  return (
    <li className="text-red-900">
      Timeline {g.timeline}: {g.missingCount} segment{g.missingCount === 1 ? "" : "s"} missing
      {g.after || g.before ? (
        <>
          {" "}
          (between <Time iso={g.after} /> and <Time iso={g.before} />)
        </>
      ) : null}
      : <span className="font-mono break-all">{g.missing.join(", ")}</span>
      {more > 0 ? ` and ${more} more (${g.firstSegment} to ${g.lastSegment})` : null}
    </li>
  );
}

/** What each repository alone can restore, as its lane shows it. */
function RepositoryWindows({ timeline: t }: { timeline: TimelineView }) {
  return (
    <div className="md:col-span-3">
      <h3 className="font-medium text-neutral-500">Recoverable from each repository</h3>
      <ul aria-label="Recoverable from each repository" className="mt-0.5 space-y-0.5">
        {t.repositories.map((r) => (
          <li key={r.repositoryId} data-repository={r.name}>
            <span className="font-medium">{r.name}</span> ({r.role === "primary" ? "primary" : "copy"}, {r.kind}):{" "}
            {r.windows.length === 0 ? (
              <span className="text-amber-800">nothing recoverable yet</span>
            ) : (
              r.windows.map((w, i) => (
                <span key={`${w.timeline}-${w.fromBackupId}`}>
                  {i > 0 ? "; " : ""}
                  timeline {w.timeline} from <Time iso={w.from.time} /> to <Time iso={w.to.time} />
                </span>
              ))
            )}
            {r.gaps.length > 0 ? (
              <span className="text-red-900">
                {" "}
                — lacks {r.gaps.reduce((n, g) => n + g.missingCount, 0)} WAL segment(s) in {r.gaps.length} gap(s)
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
