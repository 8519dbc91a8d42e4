"use client";

import { useState, type PointerEvent } from "react";
import { ChevronLeft, ChevronRight, Maximize2, ZoomIn, ZoomOut } from "lucide-react";
import type { TimelineView } from "@/lib/timeline/timeline-view";
import { formatDuration, formatLocalTime } from "@/components/ui/format";
import { timeAtX, xScale, type Span } from "@/components/timeline/timeline-scale";
import { brushSpan, panSpan, presetSpan, showsAll, zoomSpan, type ViewPreset } from "@/components/timeline/timeline-zoom";

const iconButton =
  "inline-flex items-center gap-1 rounded border border-neutral-300 bg-white px-2 py-1 text-xs font-medium text-neutral-700 hover:bg-neutral-50 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 disabled:cursor-not-allowed disabled:opacity-40";

const PRESETS: { preset: ViewPreset; label: string }[] = [
  { preset: "all", label: "Fit all" },
  { preset: "window", label: "Fit window" },
  { preset: "hour", label: "Last hour" },
];

/** The timeline's zoom buttons and the range they show: presets, zoom in/out around the middle, pan by half a view. */
export function TimelineZoomBar({
  t,
  bounds,
  view,
  onView,
}: {
  t: TimelineView;
  bounds: Span;
  view: Span;
  onView: (view: Span | null) => void;
}) {
  const all = showsAll(view, bounds);
  const mid = (view.start + view.end) / 2;
  const half = (view.end - view.start) / 2;
  return (
    <div role="group" aria-label="Timeline zoom" className="flex flex-wrap items-center gap-1.5">
      {PRESETS.map((p) => (
        <button
          key={p.preset}
          type="button"
          className={iconButton}
          onClick={() => onView(p.preset === "all" ? null : presetSpan(p.preset, t, bounds))}
        >
          {p.preset === "all" ? <Maximize2 aria-hidden="true" className="size-3.5" /> : null}
          {p.label}
        </button>
      ))}
      <span className="mx-1 h-4 w-px bg-neutral-200" aria-hidden="true" />
      <button
        type="button"
        className={iconButton}
        aria-label="Zoom in"
        title="Zoom in"
        onClick={() => onView(zoomSpan(view, 0.5, mid, bounds))}
      >
        <ZoomIn aria-hidden="true" className="size-3.5" />
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label="Zoom out"
        title="Zoom out"
        disabled={all}
        onClick={() => onView(zoomSpan(view, 2, mid, bounds))}
      >
        <ZoomOut aria-hidden="true" className="size-3.5" />
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label="Earlier"
        title="Earlier"
        disabled={view.start <= bounds.start}
        onClick={() => onView(panSpan(view, -half, bounds))}
      >
        <ChevronLeft aria-hidden="true" className="size-3.5" />
      </button>
      <button
        type="button"
        className={iconButton}
        aria-label="Later"
        title="Later"
        disabled={view.end >= bounds.end}
        onClick={() => onView(panSpan(view, half, bounds))}
      >
        <ChevronRight aria-hidden="true" className="size-3.5" />
      </button>
      <p data-testid="timeline-range" className="ml-auto text-xs text-neutral-500 tabular-nums">
        {all ? "Everything, " : "Showing "}
        {formatLocalTime(new Date(view.start).toISOString())} – {formatLocalTime(new Date(view.end).toISOString())} (
        {formatDuration(view.end - view.start)})
      </p>
    </div>
  );
}

const STRIP_H = 26;

/**
 * The whole history in a thin strip under the chart, with the range the chart shows as a
 * shaded brush. Dragging across the strip chooses a new range; a click centres the view there.
 */
export function TimelineOverview({
  t,
  bounds,
  view,
  width,
  left,
  right,
  onView,
}: {
  t: TimelineView;
  bounds: Span;
  view: Span;
  width: number;
  left: number;
  right: number;
  onView: (view: Span) => void;
}) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const x = xScale(bounds, left, width - right);
  const timeAt = timeAtX(bounds, left, width - right);
  const pointerTime = (e: PointerEvent<SVGSVGElement>) => timeAt(e.clientX - e.currentTarget.getBoundingClientRect().left);
  const shown = drag ? { start: Math.min(drag.from, drag.to), end: Math.max(drag.from, drag.to) } : view;
  return (
    <svg
      role="img"
      aria-label="Timeline overview: drag across it to choose the range shown above"
      data-testid="timeline-overview"
      width={width}
      height={STRIP_H}
      viewBox={`0 0 ${width} ${STRIP_H}`}
      className="block cursor-ew-resize touch-none select-none"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        const at = pointerTime(e);
        setDrag({ from: at, to: at });
      }}
      onPointerMove={(e) => {
        if (drag) setDrag({ ...drag, to: pointerTime(e) });
      }}
      onPointerUp={() => {
        if (!drag) return;
        const moved = Math.abs(x(drag.to) - x(drag.from)) > 3;
        const middle = (view.start + view.end) / 2;
        onView(moved ? brushSpan(drag.from, drag.to, bounds) : panSpan(view, drag.to - middle, bounds));
        setDrag(null);
      }}
      onPointerCancel={() => setDrag(null)}
    >
      <rect x={left} y={6} width={width - left - right} height={STRIP_H - 12} rx={2} className="fill-neutral-100" />
      {t.windows.map((w) => (
        <rect
          key={`o-${w.timeline}-${w.fromBackupId}`}
          x={x(Date.parse(w.from.time))}
          y={9}
          width={Math.max(2, x(Date.parse(w.to.time)) - x(Date.parse(w.from.time)))}
          height={STRIP_H - 18}
          className="fill-green-500/70"
        />
      ))}
      {/* Showing everything, there is no range to point out. */}
      {drag || !showsAll(view, bounds) ? (
        <rect
          data-testid="timeline-brush"
          x={x(shown.start)}
          y={2}
          width={Math.max(2, x(shown.end) - x(shown.start))}
          height={STRIP_H - 4}
          rx={2}
          className="fill-sky-500/15 stroke-sky-700"
          strokeWidth={1.5}
        />
      ) : null}
    </svg>
  );
}
