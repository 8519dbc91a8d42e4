/**
 * Which archived WAL segments are contiguous, per timeline, and what is missing in between:
 * a hole in the archive is where point-in-time recovery stops.
 */
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "./wal-segment";

export const MAX_LISTED_MISSING = 20;

export interface SegmentRef {
  timeline: number;
  segno: bigint;
}

/** Inclusive segment numbers. */
export interface SegmentRange {
  first: bigint;
  last: bigint;
}

export interface WalGap extends SegmentRange {
  /** Names of the first missing segments; at most MAX_LISTED_MISSING, since a gap can be huge. */
  missing: string[];
  missingCount: bigint;
}

export interface TimelineWal {
  timeline: number;
  ranges: SegmentRange[];
  gaps: WalGap[];
}

/** Timelines in ascending order; duplicates in the input are harmless. */
export function walRanges(segments: readonly SegmentRef[], segSize: number = DEFAULT_WAL_SEGMENT_SIZE): TimelineWal[] {
  const byTimeline = new Map<number, bigint[]>();
  for (const { timeline, segno } of segments) {
    const list = byTimeline.get(timeline) ?? [];
    list.push(segno);
    byTimeline.set(timeline, list);
  }
  return [...byTimeline.keys()]
    .sort((a, b) => a - b)
    .map((timeline) => {
      const ranges = contiguousRanges(byTimeline.get(timeline) ?? []);
      const gaps = ranges.slice(1).map((range, i) => gapBetween(timeline, ranges[i] as SegmentRange, range, segSize));
      return { timeline, ranges, gaps };
    });
}

/** Sorted, de-duplicated runs of consecutive segment numbers. */
export function contiguousRanges(segnos: Iterable<bigint>): SegmentRange[] {
  const sorted = [...new Set(segnos)].sort(compareBigint);
  const ranges: SegmentRange[] = [];
  for (const segno of sorted) {
    const current = ranges.at(-1);
    if (current && segno === current.last + 1n) current.last = segno;
    else ranges.push({ first: segno, last: segno });
  }
  return ranges;
}

/** The holes between ranges already known (wal_ranges rows, maximal per timeline), per timeline in order. */
export function rangeGaps(
  ranges: readonly (SegmentRange & { timeline: number })[],
  segSize: number = DEFAULT_WAL_SEGMENT_SIZE,
): (WalGap & { timeline: number })[] {
  const sorted = [...ranges].sort((a, b) => a.timeline - b.timeline || compareBigint(a.first, b.first));
  return sorted.slice(1).flatMap((range, i) => {
    const before = sorted[i]!;
    return before.timeline === range.timeline ? [{ timeline: range.timeline, ...gapBetween(range.timeline, before, range, segSize) }] : [];
  });
}

export function rangeContains(range: SegmentRange, segno: bigint): boolean {
  return range.first <= segno && segno <= range.last;
}

export function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function gapBetween(timeline: number, before: SegmentRange, after: SegmentRange, segSize: number): WalGap {
  const first = before.last + 1n;
  const last = after.first - 1n;
  const missing: string[] = [];
  for (let segno = first; segno <= last && missing.length < MAX_LISTED_MISSING; segno++) {
    missing.push(segmentName(timeline, segno, segSize));
  }
  return { first, last, missing, missingCount: last - first + 1n };
}
