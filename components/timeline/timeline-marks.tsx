import type { TimelineView } from "@/lib/timeline/timeline-view";
import { formatLocalTick, formatLocalTime, formatUtcTime } from "@/components/ui/format";
import { restorePointAttr } from "@/components/timeline/timeline-picker";
import { backupTime, gapExtent, switchTime, ticks } from "@/components/timeline/timeline-scale";
import { LANE_H, LEFT, RIGHT } from "@/components/timeline/chart-layout";

/* The marks the recovery timeline chart draws, each with a <title> that says what it is in words. */

const MAX_NAMES_IN_TITLE = 12;

type Backup = TimelineView["backups"][number];

/** A moment in local time with UTC beside it, as every title shows it. */
export const when = (iso: string) => `${formatLocalTime(iso)} (${formatUtcTime(iso)})`;
const whenMs = (t: number) => when(new Date(t).toISOString());

/** The moment the restore form holds: a solid line with a label, so a pick can be checked at a glance. */
export function ChosenMoment({ x, iso, top, bottom }: { x: number; iso: string; top: number; bottom: number }) {
  return (
    <g className="text-violet-700" data-testid="timeline-chosen" pointerEvents="none">
      <line x1={x} x2={x} y1={top - 6} y2={bottom} stroke="currentColor" strokeWidth={2} />
      <circle cx={x} cy={top - 6} r={3.5} fill="currentColor" />
      <title>{`Chosen: ${when(iso)}`}</title>
    </g>
  );
}

export function Axis({
  span,
  width,
  x,
  top,
  bottom,
}: {
  span: { start: number; end: number };
  width: number;
  x: (t: number) => number;
  top: number;
  bottom: number;
}) {
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

export function Lane({ timeline, y, right }: { timeline: number; y: number; right: number }) {
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

export function GapBlock({ g, t, x, y }: { g: TimelineView["gaps"][number]; t: TimelineView; x: (t: number) => number; y: number }) {
  const extent = gapExtent(g, t);
  const x1 = x(extent.from);
  const w = Math.max(8, x(extent.to) - x1);
  const names = g.missing.slice(0, MAX_NAMES_IN_TITLE);
  const more = g.missingCount - names.length;
  const placed = extent.exact ? `between ${whenMs(extent.from)} and ${whenMs(extent.to)}` : "time not known; drawn where recovery stops";
  return (
    <rect
      x={x1 - (extent.exact ? 0 : w / 2)}
      y={y - 11}
      width={w}
      height={22}
      rx={1}
      className="fill-red-600/85 stroke-red-800"
      strokeWidth={1}
    >
      <title>{`WAL gap on timeline ${g.timeline}: ${g.missingCount} segment${g.missingCount === 1 ? "" : "s"} missing (${placed})\n${names.join("\n")}${more > 0 ? `\n… and ${more} more` : ""}`}</title>
    </rect>
  );
}

export function SwitchConnector({
  s,
  t,
  x,
  y1,
  y2,
}: {
  s: TimelineView["switches"][number];
  t: TimelineView;
  x: (t: number) => number;
  y1: number;
  y2: number;
}) {
  const at = switchTime(s, t);
  const sx = x(at.at);
  // The failover mark: the new timeline's number and, when the catalog bounds it, its time.
  const label = `TL ${s.timeline}${at.exact ? ` · ${formatLocalTick(at.at, false, "s")}` : ""}`;
  const since = s.notBefore ? `, after the last commit on timeline ${s.parent} at ${when(s.notBefore)}` : "";
  return (
    <g className="text-amber-600" data-kind="timeline-switch" data-timeline={s.timeline}>
      <line x1={sx} x2={sx} y1={y1} y2={y2} stroke="currentColor" strokeWidth={2} strokeDasharray={at.exact ? undefined : "4 2"} />
      <circle cx={sx} cy={y1} r={3} fill="currentColor" />
      <path d={`M ${sx - 4} ${y2 - 6} L ${sx} ${y2} L ${sx + 4} ${y2 - 6}`} fill="none" stroke="currentColor" strokeWidth={2} />
      <text x={sx + 5} y={y2 - 10} fill="currentColor" className="font-medium tabular-nums">
        {label}
      </text>
      <title>{`Timeline ${s.timeline} branched from timeline ${s.parent} at LSN ${s.switchLsn}${at.exact ? ` by ${whenMs(at.at)}${since}` : " (time not known)"}`}</title>
    </g>
  );
}

export function RestorePointFlag({
  r,
  x,
  y,
  pickable,
}: {
  r: TimelineView["restorePoints"][number];
  x: number;
  y: number;
  pickable: boolean;
}) {
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
export function AlertMarker({ a, x, top, bottom }: { a: TimelineView["alerts"][number]; x: number; top: number; bottom: number }) {
  return (
    <g className={a.severity === "critical" ? "text-red-600" : "text-amber-500"} data-kind="alert">
      <line x1={x} x2={x} y1={top} y2={bottom} stroke="currentColor" strokeWidth={1.5} strokeOpacity={0.7} />
      <path d={`M ${x} ${top - 12} L ${x + 6} ${top - 2} L ${x - 6} ${top - 2} Z`} fill="currentColor" />
      <title>{`${a.ruleLabel} (${a.severity}) since ${when(a.firstSeenAt)}`}</title>
    </g>
  );
}

export function BackupMarker({ b, x, y }: { b: Backup; x: (t: number) => number; y: number }) {
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
      <path
        d={`M ${bx} ${y - 7} L ${bx + 7} ${y} L ${bx} ${y + 7} L ${bx - 7} ${y} Z`}
        fill="currentColor"
        stroke="white"
        strokeWidth={1.5}
      />
      <title>{title}</title>
    </g>
  );
}
