"use client";

import { useId, useState } from "react";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { formatLocalTick, formatLocalTime, formatUtcTime } from "@/components/ui/format";
import type { TimelinePick } from "@/components/restores/restore-links";
import { RecoverableFigure, TimelineLists } from "@/components/timeline/timeline-summary";
import { restorePointAttr, useTimelinePicker } from "@/components/timeline/timeline-picker";
import { backupLane, backupTime, gapExtent, laneTimelines, switchTime, ticks, timeSpan, xScale, type Span } from "@/components/timeline/timeline-scale";
import { clampSpan, pickStepMs } from "@/components/timeline/timeline-zoom";
import { TimelineOverview, TimelineZoomBar } from "@/components/timeline/timeline-zoom-controls";
import { useElementWidth } from "@/components/ui/use-element-width";

const LEFT = 48;
const RIGHT = 14;
const TOP = 18;
const LANE_H = 36;
const AXIS_H = 24;
const MAX_NAMES_IN_TITLE = 12;

type Backup = TimelineView["backups"][number];

const when = (iso: string) => `${formatLocalTime(iso)} (${formatUtcTime(iso)})`;
const whenMs = (t: number) => when(new Date(t).toISOString());

/**
 * The cluster's recovery picture: one lane per PostgreSQL timeline, the recoverable windows in
 * green, missing WAL in red, backups, restore points and timeline switches, up to now. Below it,
 * the latest recoverable time and the same facts as lists for screen readers and tests.
 * It zooms and pans (buttons, and a brush on the overview strip under it), so a short window
 * stays readable however long the history is.
 * With `onPick`, a click inside a window picks that moment (to the precision a pixel is worth at
 * the current zoom, down to the microsecond) and a click on a restore point flag picks the
 * restore point; `marked` (ISO) draws the moment already chosen; `restorePointHref` makes the
 * listed restore points links. `compact` leaves the lists out (a copy of the picture for context).
 */
export function RecoveryTimeline({
  timeline,
  onPick,
  marked = null,
  restorePointHref,
  compact = false,
}: {
  timeline: TimelineView;
  onPick?: (pick: TimelinePick) => void;
  marked?: string | null;
  restorePointHref?: (name: string) => string;
  compact?: boolean;
}) {
  return (
    <div className="space-y-2">
      <TimelineChart t={timeline} onPick={onPick} marked={marked} />
      {onPick ? <p className="text-xs text-neutral-500">Click a moment in a green window, or a restore point flag, to restore to it. Zoom in to pick to the millisecond.</p> : null}
      <RecoverableFigure timeline={timeline} />
      {compact ? null : <TimelineLists timeline={timeline} restorePointHref={restorePointHref} />}
    </div>
  );
}

function TimelineChart({ t, onPick, marked }: { t: TimelineView; onPick?: (pick: TimelinePick) => void; marked: string | null }) {
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
  const bottom = TOP + lanes.length * LANE_H;
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
          <rect key={`w-${w.timeline}-${w.fromBackupId}`} x={x(Date.parse(w.from.time))} y={laneY(w.timeline) - 7}
            width={Math.max(3, x(Date.parse(w.to.time)) - x(Date.parse(w.from.time)))} height={14} rx={2} className="fill-green-500/80" data-kind="window">
            <title>{`Recoverable on timeline ${w.timeline}, from backup ${labels.get(w.fromBackupId) ?? w.fromBackupId}\nfrom ${when(w.from.time)} (LSN ${w.from.lsn})\nto ${when(w.to.time)} (LSN ${w.to.lsn})`}</title>
          </rect>
        ))}
        {t.switches.map((s) => (
          <SwitchConnector key={`s-${s.timeline}`} s={s} t={t} x={x} y1={laneY(s.parent)} y2={laneY(s.timeline)} />
        ))}
        {t.gaps.map((g) => (
          <GapBlock key={`g-${g.timeline}-${g.firstSegment}`} g={g} t={t} x={x} y={laneY(g.timeline)} />
        ))}
        {t.restorePoints.map((r) => (
          <RestorePointFlag key={`r-${r.name}-${r.lsn}`} r={r} x={x(Date.parse(r.createdAt))} y={laneY(r.timeline)} pickable={Boolean(onPick)} />
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

/** The moment the restore form holds: a solid line with a label, so a pick can be checked at a glance. */
function ChosenMoment({ x, iso, top, bottom }: { x: number; iso: string; top: number; bottom: number }) {
  return (
    <g className="text-violet-700" data-testid="timeline-chosen" pointerEvents="none">
      <line x1={x} x2={x} y1={top - 6} y2={bottom} stroke="currentColor" strokeWidth={2} />
      <circle cx={x} cy={top - 6} r={3.5} fill="currentColor" />
      <title>{`Chosen: ${when(iso)}`}</title>
    </g>
  );
}

function Axis({ span, width, x, top, bottom }: { span: { start: number; end: number }; width: number; x: (t: number) => number; top: number; bottom: number }) {
  return (
    <g className="text-neutral-500">
      <line x1={LEFT} x2={width - RIGHT} y1={bottom} y2={bottom} stroke="currentColor" strokeOpacity={0.5} />
      {ticks(span, width - LEFT - RIGHT).map((tick) => {
        const tx = x(tick.at);
        const anchor = tx < LEFT + 34 ? "start" : tx > width - RIGHT - 34 ? "end" : "middle";
        return (
          <g key={tick.at}>
            <line x1={tx} x2={tx} y1={top} y2={bottom} stroke="currentColor" strokeOpacity={0.12} />
            <line x1={tx} x2={tx} y1={bottom} y2={bottom + 4} stroke="currentColor" strokeOpacity={0.5} />
            <text x={tx} y={bottom + 16} textAnchor={anchor} fill="currentColor" className="tabular-nums">
              {formatLocalTick(tick.at, tick.withDate, tick.unit)}
              <title>{whenMs(tick.at)}</title>
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Lane({ timeline, y, right }: { timeline: number; y: number; right: number }) {
  return (
    <g>
      <rect x={LEFT} y={y - LANE_H / 2 + 4} width={right - LEFT} height={LANE_H - 8} rx={3} className="fill-neutral-100/70" />
      <text x={LEFT - 6} y={y + 4} textAnchor="end" className="fill-neutral-600 font-medium">
        {`TL ${timeline}`}
        <title>{`Timeline ${timeline}`}</title>
      </text>
    </g>
  );
}

function GapBlock({ g, t, x, y }: { g: TimelineView["gaps"][number]; t: TimelineView; x: (t: number) => number; y: number }) {
  const extent = gapExtent(g, t);
  const x1 = x(extent.from);
  const w = Math.max(8, x(extent.to) - x1);
  const names = g.missing.slice(0, MAX_NAMES_IN_TITLE);
  const more = g.missingCount - names.length;
  const placed = extent.exact ? `between ${whenMs(extent.from)} and ${whenMs(extent.to)}` : "time not known; drawn where recovery stops";
  return (
    <rect x={x1 - (extent.exact ? 0 : w / 2)} y={y - 11} width={w} height={22} rx={1} className="fill-red-600/85 stroke-red-800" strokeWidth={1}>
      <title>{`WAL gap on timeline ${g.timeline}: ${g.missingCount} segment${g.missingCount === 1 ? "" : "s"} missing (${placed})\n${names.join("\n")}${more > 0 ? `\n… and ${more} more` : ""}`}</title>
    </rect>
  );
}

function SwitchConnector({ s, t, x, y1, y2 }: { s: TimelineView["switches"][number]; t: TimelineView; x: (t: number) => number; y1: number; y2: number }) {
  const at = switchTime(s, t);
  const sx = x(at.at);
  return (
    <g className="text-amber-600">
      <line x1={sx} x2={sx} y1={y1} y2={y2} stroke="currentColor" strokeWidth={2} strokeDasharray={at.exact ? undefined : "4 2"} />
      <circle cx={sx} cy={y1} r={3} fill="currentColor" />
      <path d={`M ${sx - 4} ${y2 - 6} L ${sx} ${y2} L ${sx + 4} ${y2 - 6}`} fill="none" stroke="currentColor" strokeWidth={2} />
      <title>{`Timeline ${s.timeline} branched from timeline ${s.parent} at LSN ${s.switchLsn}${at.exact ? ` (${whenMs(at.at)})` : " (time not known)"}`}</title>
    </g>
  );
}

function RestorePointFlag({ r, x, y, pickable }: { r: TimelineView["restorePoints"][number]; x: number; y: number; pickable: boolean }) {
  return (
    <g className={`text-violet-700 ${pickable ? "cursor-pointer" : ""}`} {...(pickable ? restorePointAttr(r.name) : {})}>
      {pickable ? <rect x={x - 4} y={y - 18} width={17} height={30} fill="transparent" /> : null}
      <line x1={x} x2={x} y1={y + 9} y2={y - 15} stroke="currentColor" strokeWidth={1.5} />
      <path d={`M ${x} ${y - 15} L ${x + 9} ${y - 11.5} L ${x} ${y - 8} Z`} fill="currentColor" />
      <title>{`Restore point "${r.name}" on timeline ${r.timeline}\n${when(r.createdAt)}\nLSN ${r.lsn}${pickable ? "\nClick to restore to it" : ""}`}</title>
    </g>
  );
}

/** Where an unresolved alert's problem began: a red (amber for warnings) line across the lanes with a warning sign on top. */
function AlertMarker({ a, x, top, bottom }: { a: TimelineView["alerts"][number]; x: number; top: number; bottom: number }) {
  return (
    <g className={a.severity === "critical" ? "text-red-600" : "text-amber-500"} data-kind="alert">
      <line x1={x} x2={x} y1={top} y2={bottom} stroke="currentColor" strokeWidth={1.5} strokeOpacity={0.7} />
      <path d={`M ${x} ${top - 12} L ${x + 6} ${top - 2} L ${x - 6} ${top - 2} Z`} fill="currentColor" />
      <title>{`${a.ruleLabel} (${a.severity}) since ${when(a.firstSeenAt)}`}</title>
    </g>
  );
}

function BackupMarker({ b, x, y }: { b: Backup; x: (t: number) => number; y: number }) {
  const bx = x(backupTime(b));
  const title = [
    `Backup ${b.label} (${b.status})`,
    `started ${when(b.startedAt)}`,
    b.stopTime ? `consistent at ${when(b.stopTime)}` : null,
    b.stopLsn ? `stop LSN ${b.stopLsn}` : null,
  ]
    .filter(Boolean)
    .join("\n");
  if (b.status === "failed") {
    return (
      <g className="text-red-700" strokeWidth={2.5} strokeLinecap="round" stroke="currentColor">
        <line x1={bx - 5} x2={bx + 5} y1={y - 5} y2={y + 5} />
        <line x1={bx - 5} x2={bx + 5} y1={y + 5} y2={y - 5} />
        <title>{title}</title>
      </g>
    );
  }
  if (b.status === "running") {
    return (
      <g className="text-sky-700">
        <circle cx={bx} cy={y} r={6} fill="white" stroke="currentColor" strokeWidth={2} />
        <title>{title}</title>
      </g>
    );
  }
  const startX = x(Date.parse(b.startedAt));
  return (
    <g className="text-neutral-900">
      {bx - startX > 2 ? <line x1={startX} x2={bx} y1={y} y2={y} stroke="currentColor" strokeWidth={2} strokeOpacity={0.6} /> : null}
      <path d={`M ${bx} ${y - 7} L ${bx + 7} ${y} L ${bx} ${y + 7} L ${bx - 7} ${y} Z`} fill="currentColor" stroke="white" strokeWidth={1.5} />
      <title>{title}</title>
    </g>
  );
}
