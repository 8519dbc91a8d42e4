import type { RepositoryLaneView, TimelineView } from "@/lib/timeline/timeline-view";
import { REPO_LANE_H } from "@/components/timeline/chart-layout";
import { when } from "@/components/timeline/timeline-marks";
import { gapExtent } from "@/components/timeline/timeline-scale";

const BAR_H = 8;

/** Shown once a cluster has copy repositories: with one repository its lane would repeat the lanes above. */
export const drawsRepositoryLanes = (t: TimelineView) => t.repositories.length > 1;

/**
 * One thin lane per repository under the PostgreSQL timelines: the moments each repository alone
 * can restore (green) and the WAL it lacks (red). A copy the copy job has not caught up with ends
 * earlier than the primary; a copy that has, ends with it.
 */
export function RepositoryLanes({
  t,
  x,
  top,
  left,
  right,
}: {
  t: TimelineView;
  x: (ms: number) => number;
  top: number;
  left: number;
  right: number;
}) {
  return (
    <g data-testid="repository-lanes">
      <line x1={left} x2={right} y1={top} y2={top} className="stroke-neutral-300" />
      {t.repositories.map((lane, i) => (
        <RepositoryLane key={lane.repositoryId} lane={lane} t={t} x={x} top={top + i * REPO_LANE_H} left={left} />
      ))}
    </g>
  );
}

function RepositoryLane({
  lane,
  t,
  x,
  top,
  left,
}: {
  lane: RepositoryLaneView;
  t: TimelineView;
  x: (ms: number) => number;
  top: number;
  left: number;
}) {
  const barY = top + REPO_LANE_H - BAR_H - 3;
  const role = lane.role === "primary" ? "primary" : "copy";
  const until = lane.latestRecoverableTime ? `recoverable until ${when(lane.latestRecoverableTime)}` : "nothing recoverable yet";
  return (
    <g data-repository={lane.name} aria-label={`Repository ${lane.name}`}>
      <text x={left + 2} y={top + 10} className="fill-neutral-600 text-[10px]">
        {`${lane.name} (${role}, ${lane.kind})`}
        <title>{`Repository ${lane.name} (${role}): ${until}`}</title>
      </text>
      {lane.windows.map((w) => (
        <rect
          key={`${w.timeline}-${w.fromBackupId}`}
          x={x(Date.parse(w.from.time))}
          y={barY}
          width={Math.max(3, x(Date.parse(w.to.time)) - x(Date.parse(w.from.time)))}
          height={BAR_H}
          rx={1}
          className="fill-green-600/70"
          data-kind="repository-window"
        >
          <title>{`Recoverable from ${lane.name} on timeline ${w.timeline}\nfrom ${when(w.from.time)} (LSN ${w.from.lsn})\nto ${when(w.to.time)} (LSN ${w.to.lsn})`}</title>
        </rect>
      ))}
      {lane.gaps.map((g) => {
        // Placed like the timeline's own gaps, against this repository's windows.
        const extent = gapExtent(g, { ...t, windows: lane.windows });
        const x1 = x(extent.from);
        const w = Math.max(6, x(extent.to) - x1);
        return (
          <rect
            key={`${g.timeline}-${g.firstSegment}`}
            x={x1 - (extent.exact ? 0 : w / 2)}
            y={barY - 2}
            width={w}
            height={BAR_H + 4}
            className="fill-red-600/85"
            data-kind="repository-gap"
          >
            <title>{`${lane.name} lacks ${g.missingCount} WAL segment${g.missingCount === 1 ? "" : "s"} on timeline ${g.timeline} (${g.firstSegment} to ${g.lastSegment})`}</title>
          </rect>
        );
      })}
    </g>
  );
}
