/**
 * Pure geometry for the recovery timeline: the time span to show, the x scale, tick marks, and
 * where each event goes when the catalog does not know its time. No React, so it is easy to test.
 */
import type { TimelineView } from "@/lib/timeline/timeline-view";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Down to 10 ms between ticks: a zoomed-in view of one second still has a labelled axis.
const STEPS = [
  10,
  20,
  50,
  100,
  200,
  500,
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);

export interface Span {
  start: number;
  end: number;
}

/**
 * From the oldest thing drawn (backup start, window start, gap, restore point), minus a margin, to
 * now plus a sliver so the "now" line is not on the edge. An empty picture shows the last hour.
 */
export function timeSpan(t: TimelineView): Span {
  const now = ms(t.now);
  const times = [
    ...t.backups.map((b) => ms(b.startedAt)),
    ...t.windows.map((w) => ms(w.from.time)),
    ...t.gaps.flatMap((g) => [ms(g.after), ms(g.before)]),
    ...t.restorePoints.map((r) => ms(r.createdAt)),
    ...t.switches.map((s) => ms(s.at)),
  ].filter((v) => Number.isFinite(v) && v <= now);
  const oldest = times.length > 0 ? Math.min(...times) : now - HOUR;
  const width = Math.max(now - oldest, 10 * MINUTE);
  return { start: now - width - width * 0.06, end: now + width * 0.03 };
}

/**
 * Maps a time (ms) to x between `left` and `right`, clamped to the drawing; `clamp: false` lets
 * times outside the span fall outside (a zoomed chart clips them instead of piling them at the edges).
 */
export function xScale(span: Span, left: number, right: number, clamp = true): (t: number) => number {
  const k = (right - left) / (span.end - span.start);
  return clamp ? (t) => Math.max(left, Math.min(right, left + (t - span.start) * k)) : (t) => left + (t - span.start) * k;
}

/** The inverse of xScale: the time (ms) at x, clamped to the span. */
export function timeAtX(span: Span, left: number, right: number): (x: number) => number {
  const k = (span.end - span.start) / (right - left);
  return (x) => Math.max(span.start, Math.min(span.end, span.start + (x - left) * k));
}

type Window = TimelineView["windows"][number];

/** The recoverable window on `timeline` holding `at` (ms), ends included; the highest-reaching one if several. */
export function windowAt(t: TimelineView, timeline: number, at: number, toleranceMs = 0): Window | null {
  const holding = t.windows.filter(
    (w) => w.timeline === timeline && ms(w.from.time) - toleranceMs <= at && at <= ms(w.to.time) + toleranceMs,
  );
  return holding.sort((a, b) => ms(b.to.time) - ms(a.to.time))[0] ?? null;
}

/**
 * The moment a click at `at` (ms, fractional) picks inside window `w`: rounded to `stepMs`, what a
 * pixel is worth at the current zoom (timeline-zoom.ts pickStepMs; a second by default), but
 * never outside the window (then the window's own edge).
 */
export function pickedMoment(w: Window, at: number, stepMs = 1000): number {
  const from = ms(w.from.time);
  const to = ms(w.to.time);
  // A double holds today's epoch milliseconds to about 0.2 µs: isoWithMicros rounds that away.
  const rounded = Math.round(at / stepMs) * stepMs;
  return Math.max(from, Math.min(to, rounded));
}

export interface Tick {
  at: number;
  withDate: boolean;
  /** The smallest unit the label needs: whole minutes, seconds, or milliseconds. */
  unit: "min" | "s" | "ms";
}

/** Round local-time ticks at least `minGapPx` apart; labels carry the date when the span crosses days. */
export function ticks(span: Span, widthPx: number, minGapPx = 100): Tick[] {
  const maxTicks = Math.max(2, Math.floor(widthPx / minGapPx));
  const step = STEPS.find((s) => (span.end - span.start) / s <= maxTicks) ?? STEPS[STEPS.length - 1]!;
  const startDay = new Date(span.start);
  startDay.setHours(0, 0, 0, 0);
  const sameDay = new Date(span.end).toDateString() === startDay.toDateString();
  const out: Tick[] = [];
  const unit = step < SECOND ? "ms" : step < MINUTE ? "s" : "min";
  if (step < DAY) {
    // Count from local midnight so ticks fall on :00, :15, 06:00 and so on.
    const base = startDay.getTime();
    for (let i = Math.ceil((span.start - base) / step); base + i * step <= span.end; i++) {
      out.push({ at: base + i * step, withDate: !sameDay || step >= 6 * HOUR, unit });
    }
  } else {
    const days = Math.round(step / DAY);
    const d = new Date(startDay);
    while (d.getTime() < span.start) d.setDate(d.getDate() + 1);
    for (; d.getTime() <= span.end; d.setDate(d.getDate() + days)) out.push({ at: d.getTime(), withDate: true, unit });
  }
  return out;
}

/** Timelines to draw as lanes, TLI 1 (or the oldest seen) first. Always at least one. */
export function laneTimelines(t: TimelineView): number[] {
  const set = new Set<number>([
    ...t.windows.map((w) => w.timeline),
    ...t.gaps.map((g) => g.timeline),
    ...t.backups.flatMap((b) => (b.timeline === null ? [] : [b.timeline])),
    ...t.switches.flatMap((s) => [s.timeline, s.parent]),
    ...t.restorePoints.map((r) => r.timeline),
  ]);
  if (set.size === 0) set.add(1);
  return [...set].sort((a, b) => a - b);
}

/**
 * A backup without a timeline yet (running, or failed early) is drawn on the timeline that was
 * current when it started: the newest one that had branched off by then.
 */
export function backupLane(b: TimelineView["backups"][number], t: TimelineView, lanes: readonly number[]): number {
  if (b.timeline !== null) return b.timeline;
  const started = ms(b.startedAt);
  const begun = t.switches.filter((s) => switchTime(s, t).at <= started).map((s) => s.timeline);
  return begun.length > 0 ? Math.max(...begun) : lanes[0]!;
}

/** Where a backup marker goes: a complete backup at its consistent point (stop), others at their start. */
export function backupTime(b: TimelineView["backups"][number]): number {
  const stop = ms(b.stopTime);
  return b.status === "complete" && Number.isFinite(stop) ? stop : ms(b.startedAt);
}

/**
 * A gap's place in time. With both commit times known it spans them; otherwise it sits at the
 * edge of its timeline's windows (where recovery stops), or at the lane's newest backup.
 */
export function gapExtent(g: TimelineView["gaps"][number], t: TimelineView): { from: number; to: number; exact: boolean } {
  const after = ms(g.after);
  const before = ms(g.before);
  if (Number.isFinite(after) && Number.isFinite(before)) return { from: after, to: before, exact: true };
  if (Number.isFinite(after)) return { from: after, to: after, exact: false };
  if (Number.isFinite(before)) return { from: before, to: before, exact: false };
  const edge = laneEdge(g.timeline, t);
  return { from: edge, to: edge, exact: false };
}

function laneEdge(timeline: number, t: TimelineView): number {
  const windowEnds = t.windows.filter((w) => w.timeline === timeline).map((w) => ms(w.to.time));
  if (windowEnds.length > 0) return Math.max(...windowEnds);
  const backups = t.backups
    .filter((b) => b.timeline === timeline)
    .map(backupTime)
    .filter(Number.isFinite);
  if (backups.length > 0) return Math.max(...backups);
  return ms(t.now);
}

/**
 * When a timeline branched. The catalog does not always know: then it is drawn where the child's
 * first known event is, or at the end of the parent's windows.
 */
export function switchTime(s: TimelineView["switches"][number], t: TimelineView): { at: number; exact: boolean } {
  const at = ms(s.at);
  if (Number.isFinite(at)) return { at, exact: true };
  const child = [
    ...t.windows.filter((w) => w.timeline === s.timeline).map((w) => ms(w.from.time)),
    ...t.backups.filter((b) => b.timeline === s.timeline).map((b) => ms(b.startedAt)),
    ...t.restorePoints.filter((r) => r.timeline === s.timeline).map((r) => ms(r.createdAt)),
    ...t.gaps.filter((g) => g.timeline === s.timeline).flatMap((g) => [ms(g.after), ms(g.before)]),
  ].filter(Number.isFinite);
  if (child.length > 0) return { at: Math.min(...child), exact: false };
  return { at: laneEdge(s.parent, t), exact: false };
}
