"use client";

import { useState, type PointerEvent, type MouseEvent } from "react";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { formatLocalTime, formatUtcTime, isoFraction } from "@/components/ui/format";
import type { TimelinePick } from "@/components/restores/restore-links";
import { pickedMoment, timeAtX, windowAt, type Span } from "@/components/timeline/timeline-scale";
import { isoWithMicros } from "@/components/timeline/timeline-zoom";

interface Geometry {
  span: Span;
  left: number;
  right: number;
  top: number;
  laneH: number;
  lanes: readonly number[];
  x: (t: number) => number;
  /** What a pixel is worth (ms): picks are rounded to it (timeline-zoom.ts pickStepMs). */
  step: number;
}

interface Hover {
  at: number;
  lane: number;
}

/** Marks an SVG element as a restore point flag: a click on it picks that restore point. */
export const restorePointAttr = (name: string) => ({ "data-restore-point": name });

/**
 * Pointer picking on the recovery timeline: inside a recoverable window the pointer shows a line
 * and the moment under it, and a click picks that moment; a click on a restore point flag picks
 * the restore point. Mouse only: keyboard users have the restore form and the lists below.
 */
export function useTimelinePicker(t: TimelineView, g: Geometry, onPick: ((pick: TimelinePick) => void) | undefined) {
  const [hover, setHover] = useState<Hover | null>(null);
  if (!onPick) return { handlers: {}, overlay: null, active: false };
  const timeAt = timeAtX(g.span, g.left, g.right);

  const locate = (e: PointerEvent<SVGSVGElement> | MouseEvent<SVGSVGElement>): Hover | null => {
    const box = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - box.left;
    const py = e.clientY - box.top;
    const lane = g.lanes[Math.floor((py - g.top) / g.laneH)];
    if (lane === undefined || px < g.left || px > g.right) return null;
    const raw = timeAt(px);
    // A window a few seconds long is a few pixels wide: a click near it counts.
    const w = windowAt(t, lane, raw, timeAt(px + NEAR_PX) - raw);
    return w ? { at: pickedMoment(w, raw, g.step), lane } : null;
  };

  const handlers = {
    onPointerMove: (e: PointerEvent<SVGSVGElement>) => {
      const next = locate(e);
      setHover((prev) => (prev?.at === next?.at && prev?.lane === next?.lane ? prev : next));
    },
    onPointerLeave: () => setHover(null),
    onClick: (e: MouseEvent<SVGSVGElement>) => {
      const flag = (e.target as Element).closest("[data-restore-point]");
      const name = flag?.getAttribute("data-restore-point");
      if (name) return onPick({ kind: "name", name });
      const picked = locate(e);
      if (picked) onPick({ kind: "time", time: isoWithMicros(picked.at) });
    },
  };
  const overlay = hover ? <HoverLine hover={hover} g={g} /> : null;
  return { handlers, overlay, active: hover !== null };
}

const NEAR_PX = 4;
const TIP_W = 212;
const TIP_H = 30;

function HoverLine({ hover, g }: { hover: Hover; g: Geometry }) {
  const hx = g.x(hover.at);
  const laneTop = g.top + g.lanes.indexOf(hover.lane) * g.laneH;
  const tipX = Math.max(g.left, Math.min(g.right - TIP_W, hx + 6));
  const tipY = Math.max(0, laneTop - TIP_H + 2);
  const iso = isoWithMicros(hover.at);
  const fraction = isoFraction(iso);
  return (
    <g pointerEvents="none" data-testid="timeline-hover">
      <line x1={hx} x2={hx} y1={g.top - 4} y2={g.top + g.lanes.length * g.laneH} stroke="#0c4a6e" strokeWidth={1.5} />
      <rect x={tipX} y={tipY} width={TIP_W} height={TIP_H} rx={3} fill="#0c4a6e" />
      <text x={tipX + 6} y={tipY + 12} fill="white" className="tabular-nums">
        {formatLocalTime(iso)}
        {fraction}
      </text>
      <text x={tipX + 6} y={tipY + 25} fill="#bae6fd" className="tabular-nums">
        {formatUtcTime(iso).replace(" UTC", `${fraction} UTC`)}
      </text>
    </g>
  );
}
