"use client";

import { useId, useState } from "react";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import type { TimelinePick } from "@/components/restores/restore-links";
import { AXIS_H, LANE_H, LEFT, REPO_LANE_H, RIGHT, TOP } from "@/components/timeline/chart-layout";
import { drawsRepositoryLanes, RepositoryLanes } from "@/components/timeline/repository-lanes";
import {
  AlertMarker,
  Axis,
  BackupMarker,
  ChosenMoment,
  GapBlock,
  Lane,
  RestorePointFlag,
  SwitchConnector,
  when,
} from "@/components/timeline/timeline-marks";
import { PartialSegmentMark } from "@/components/timeline/partial-mark";
import { useTimelinePicker } from "@/components/timeline/timeline-picker";
import { backupLane, laneTimelines, timeSpan, xScale, type Span } from "@/components/timeline/timeline-scale";
import { clampSpan, pickStepMs } from "@/components/timeline/timeline-zoom";
import { TimelineOverview, TimelineZoomBar } from "@/components/timeline/timeline-zoom-controls";
import { useElementWidth } from "@/components/ui/use-element-width";

/** The zoomable picture itself: lanes, windows, gaps, switches, restore points, backups, alerts, now and the chosen moment. */
export function TimelineChart({ t, onPick, marked }: { t: TimelineView; onPick?: (pick: TimelinePick) => void; marked: string | null }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(960);
  const clipId = useId();
  const lanes = laneTimelines(t);
  const bounds = timeSpan(t);
  // null: everything. A chosen range is kept in absolute times, so it stays put as "now" moves on.
  const [view, setView] = useState<Span | null>(null);
  const span = view ? clampSpan(view, bounds) : bounds;
  // Drawn unclamped inside a clip path: what lies outside the range is cut off, not piled at the edges.
  const x = xScale(span, LEFT, width - RIGHT, false);
  const laneY = (tli: number) => TOP + Math.max(0, lanes.indexOf(tli)) * LANE_H + LANE_H / 2;
  const lanesBottom = TOP + lanes.length * LANE_H;
  const bottom = lanesBottom + (drawsRepositoryLanes(t) ? t.repositories.length * REPO_LANE_H + 4 : 0);
  const height = bottom + AXIS_H;
  const now = Date.parse(t.now);
  const labels = new Map(t.backups.map((b) => [b.id, b.label]));
  const step = pickStepMs(span, width - LEFT - RIGHT);
  const picker = useTimelinePicker(t, { span, left: LEFT, right: width - RIGHT, top: TOP, laneH: LANE_H, lanes, x, step }, onPick);
  const markedAt = marked ? Date.parse(marked) : NaN;

  return (
    <div className="space-y-1.5">
      <TimelineZoomBar t={t} bounds={bounds} view={span} onView={setView} />
      <div ref={ref} className="w-full overflow-hidden rounded border border-neutral-200 bg-white">
        <svg
          role="img"
          aria-label="Recovery timeline"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          className={`block text-[11px] ${picker.active ? "cursor-crosshair" : ""}`}
          {...picker.handlers}
        >
          <defs>
            <clipPath id={clipId}>
              <rect x={LEFT} y={0} width={width - LEFT - RIGHT} height={height} />
            </clipPath>
          </defs>
          <Axis span={span} width={width} x={x} top={TOP} bottom={bottom} />
          {lanes.map((tli) => (
            <Lane key={tli} timeline={tli} y={laneY(tli)} right={width - RIGHT} />
          ))}
          <g clipPath={`url(#${clipId})`}>
            {t.windows.map((w) => (
              <rect
                key={`w-${w.timeline}-${w.fromBackupId}`}
                x={x(Date.parse(w.from.time))}
                y={laneY(w.timeline) - 7}
                width={Math.max(3, x(Date.parse(w.to.time)) - x(Date.parse(w.from.time)))}
                height={14}
                rx={2}
                className="fill-green-500/80"
                data-kind="window"
              >
                <title>{`Recoverable on timeline ${w.timeline}, from backup ${labels.get(w.fromBackupId) ?? w.fromBackupId}\nfrom ${when(w.from.time)} (LSN ${w.from.lsn})\nto ${when(w.to.time)} (LSN ${w.to.lsn})`}</title>
              </rect>
            ))}
            {t.partial
              ? t.windows
                  .filter((w) => w.to.partial)
                  .map((w) => (
                    <PartialSegmentMark key={`p-${w.timeline}-${w.fromBackupId}`} w={w} partial={t.partial!} x={x} y={laneY(w.timeline)} />
                  ))
              : null}
            {t.switches.map((s) => (
              <SwitchConnector key={`s-${s.timeline}`} s={s} t={t} x={x} y1={laneY(s.parent)} y2={laneY(s.timeline)} />
            ))}
            {t.gaps.map((g) => (
              <GapBlock key={`g-${g.timeline}-${g.firstSegment}`} g={g} t={t} x={x} y={laneY(g.timeline)} />
            ))}
            {drawsRepositoryLanes(t) ? <RepositoryLanes t={t} x={x} top={lanesBottom} left={LEFT} right={width - RIGHT} /> : null}
            {t.restorePoints.map((r) => (
              <RestorePointFlag
                key={`r-${r.name}-${r.lsn}`}
                r={r}
                x={x(Date.parse(r.createdAt))}
                y={laneY(r.timeline)}
                pickable={Boolean(onPick)}
              />
            ))}
            {t.backups.map((b) => (
              <BackupMarker key={b.id} b={b} x={x} y={laneY(backupLane(b, t, lanes))} />
            ))}
            {t.alerts.map((a) => (
              <AlertMarker key={a.id} a={a} x={x(Math.max(span.start, Date.parse(a.firstSeenAt)))} top={TOP} bottom={bottom} />
            ))}
            <g className="text-sky-700">
              <line x1={x(now)} x2={x(now)} y1={TOP - 6} y2={bottom} stroke="currentColor" strokeDasharray="3 3" />
              <text x={x(now)} y={TOP - 8} textAnchor="end" fill="currentColor">
                now
              </text>
              <title>{`Now: ${when(t.now)}`}</title>
            </g>
            {Number.isFinite(markedAt) ? <ChosenMoment x={x(markedAt)} iso={marked!} top={TOP} bottom={bottom} /> : null}
          </g>
          {picker.overlay}
        </svg>
      </div>
      <TimelineOverview t={t} bounds={bounds} view={span} width={width} left={LEFT} right={RIGHT} onView={setView} />
    </div>
  );
}
