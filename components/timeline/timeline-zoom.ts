/**
 * Pure zoom and pan for the recovery timeline: which slice of time (a Span) the chart shows,
 * moved by buttons, the wheel, dragging, or a brush on the overview strip; and how precisely a
 * click picks a moment at that zoom. No React, so it is easy to test.
 */
import type { TimelineView } from "@/lib/timeline/timeline-view";
import type { Span } from "@/components/timeline/timeline-scale";

const HOUR = 3_600_000;
/** The narrowest view: one second across the chart, about a millisecond per pixel. */
export const MIN_VIEW_MS = 1_000;

const width = (s: Span) => s.end - s.start;

/** `view` moved (not resized) to lie inside `bounds`; a view wider than the bounds becomes the bounds. */
export function clampSpan(view: Span, bounds: Span): Span {
  const w = Math.max(MIN_VIEW_MS, width(view));
  if (w >= width(bounds)) return { ...bounds };
  if (view.start < bounds.start) return { start: bounds.start, end: bounds.start + w };
  if (view.end > bounds.end) return { start: bounds.end - w, end: bounds.end };
  return { start: view.start, end: view.start + w };
}

/**
 * `view` scaled by `factor` (< 1 zooms in) around the time `anchor`, which stays under the same
 * pixel: the wheel zooms around the pointer, the buttons around the middle.
 */
export function zoomSpan(view: Span, factor: number, anchor: number, bounds: Span): Span {
  const w = Math.min(width(bounds), Math.max(MIN_VIEW_MS, width(view) * factor));
  const ratio = (anchor - view.start) / width(view);
  const start = anchor - ratio * w;
  return clampSpan({ start, end: start + w }, bounds);
}

/** `view` shifted by `deltaMs` (positive: later), kept inside `bounds`. */
export function panSpan(view: Span, deltaMs: number, bounds: Span): Span {
  return clampSpan({ start: view.start + deltaMs, end: view.end + deltaMs }, bounds);
}

/** The view a brush from `a` to `b` (either order) on the overview strip selects. */
export function brushSpan(a: number, b: number, bounds: Span): Span {
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  const mid = (start + end) / 2;
  const w = Math.max(MIN_VIEW_MS, end - start);
  return clampSpan({ start: mid - w / 2, end: mid + w / 2 }, bounds);
}

export type ViewPreset = "all" | "window" | "hour";

/**
 * The preset views: everything; the newest recoverable window with a margin either side, so a
 * 90-second window fills the chart however long ago the first backup was; the last hour to now.
 */
export function presetSpan(preset: ViewPreset, t: TimelineView, bounds: Span): Span {
  const now = Date.parse(t.now);
  if (preset === "hour") return clampSpan({ start: now - HOUR, end: Math.max(now, bounds.end) }, bounds);
  if (preset === "window") {
    const newest = [...t.windows].sort((a, b) => Date.parse(b.to.time) - Date.parse(a.to.time))[0];
    if (!newest) return { ...bounds };
    const from = Date.parse(newest.from.time);
    const to = Date.parse(newest.to.time);
    const margin = Math.max((to - from) * 0.08, MIN_VIEW_MS / 4);
    return clampSpan({ start: from - margin, end: to + margin }, bounds);
  }
  return { ...bounds };
}

/** Whether `view` shows all of `bounds` (so "zoom out" and panning have nothing to do). */
export const showsAll = (view: Span, bounds: Span) => view.start <= bounds.start && view.end >= bounds.end;

/**
 * How finely a click picks a moment: the power of ten (in ms) that one pixel is worth, from a
 * microsecond (0.001 ms, PostgreSQL's own resolution) to a second.
 */
export function pickStepMs(view: Span, widthPx: number): number {
  const perPx = width(view) / Math.max(1, widthPx);
  const step = 10 ** Math.ceil(Math.log10(Math.max(perPx, 0.001)));
  return Math.min(1000, Math.max(0.001, step));
}

/**
 * An instant in fractional milliseconds as ISO 8601 in UTC with as many fractional digits as it
 * needs, up to microseconds ("2026-01-01T10:00:00.123456Z"): Date keeps only milliseconds.
 */
export function isoWithMicros(ms: number): string {
  let whole = Math.floor(ms);
  let micros = Math.round((ms - whole) * 1000);
  if (micros === 1000) {
    whole += 1;
    micros = 0;
  }
  const iso = new Date(whole).toISOString();
  if (micros === 0) return iso.endsWith(".000Z") ? iso.replace(".000Z", "Z") : iso;
  return iso.replace("Z", `${String(micros).padStart(3, "0")}Z`.replace(/0+Z$/, "Z"));
}
