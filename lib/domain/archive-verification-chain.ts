/**
 * Whether the WAL archive holds an unbroken chain of segments from each backup to the newest
 * segment, following timeline history files the way recovery does (recovery_target_timeline =
 * 'latest'): a backup's chain runs into the newest timeline that branched from the backup's own
 * timeline at or after the backup's end, and each segment number is read from the timeline that
 * had begun by it (the child's copy from the switch segment on, as recoverable-window.ts reads it).
 *
 * A backup that carries its own WAL (pg_basebackup -X stream: pg_wal.tar, checked by
 * pg_verifybackup) needs the archive only from the segment holding its stop LSN, whose full
 * contents replay past the backup's end needs; any other backup needs it from its start.
 */
import { isAncestor, switchPointOf, timelineOfLsnOnPath, type TimelineHistory } from "./timeline-history";
import { compareBigint, type SegmentRef } from "./wal-ranges";
import { segmentEndLsn, segmentOfLsn } from "./wal-segment";

export interface ChainBackup {
  id: string;
  label: string;
  timeline: number;
  startLsn: bigint;
  stopLsn: bigint;
  carriesWal: boolean;
}

/** Missing segment numbers first..last (inclusive) on one timeline. */
export interface MissingStretch {
  timeline: number;
  first: bigint;
  last: bigint;
}

export interface ChainGap {
  /** The missing segments in order, one stretch per timeline the gap spans. */
  stretches: MissingStretch[];
  count: bigint;
  /** The archived segment before the gap; null when the chain's first segments are missing. */
  before: SegmentRef | null;
  /** The archived segment after the gap (a chain ends at its newest segment, so there is one). */
  after: SegmentRef;
  /** The backup whose chain starts with the gap, when `before` is null. */
  neededBy: ChainBackup | null;
}

export interface ChainInput {
  backups: readonly ChainBackup[];
  /** Every segment the archive holds (readable or not: a damaged file is its own finding). */
  segments: readonly SegmentRef[];
  histories: readonly TimelineHistory[];
  segmentSize: number;
}

/** Gaps in the chains of all backups, each reported once, in timeline and segment order. */
export function chainGaps(input: ChainInput): ChainGap[] {
  const { segments, histories, segmentSize } = input;
  const historyOf = (timeline: number): TimelineHistory => histories.find((h) => h.timeline === timeline) ?? { timeline, parents: [] };
  const timelines = new Set([
    ...segments.map((s) => s.timeline),
    ...histories.map((h) => h.timeline),
    ...input.backups.map((b) => b.timeline),
  ]);

  // One chain per target timeline, from the earliest segment any backup into it needs.
  const chains = new Map<number, { from: bigint; backup: ChainBackup }>();
  for (const backup of input.backups) {
    const target = Math.max(...[...timelines].filter((t) => reaches(backup, historyOf(t))));
    const from = segmentOfLsn(backup.carriesWal ? backup.stopLsn : backup.startLsn, segmentSize);
    const chain = chains.get(target);
    if (!chain || from < chain.from) chains.set(target, { from, backup });
  }

  const gaps = new Map<string, ChainGap>();
  for (const [target, { from, backup }] of [...chains].sort(([a], [b]) => a - b)) {
    const history = historyOf(target);
    const timelineOf = (segno: bigint) => timelineOfLsnOnPath(history, segmentEndLsn(segno, segmentSize) - 1n);
    const onPath = [...new Set(segments.filter((s) => s.segno >= from && timelineOf(s.segno) === s.timeline).map((s) => s.segno))].sort(
      compareBigint,
    );
    let expected = from;
    let before: SegmentRef | null = null;
    for (const segno of onPath) {
      if (segno > expected) {
        const stretches = splitByTimeline(expected, segno - 1n, timelineOf);
        const key = `${stretches[0]!.timeline}:${expected}`;
        if (!gaps.has(key)) {
          gaps.set(key, {
            stretches,
            count: segno - expected,
            before,
            after: { timeline: timelineOf(segno), segno },
            neededBy: before ? null : backup,
          });
        }
      }
      before = { timeline: timelineOf(segno), segno };
      expected = segno + 1n;
    }
  }
  return [...gaps.values()].sort(
    (a, b) => a.stretches[0]!.timeline - b.stretches[0]!.timeline || compareBigint(a.stretches[0]!.first, b.stretches[0]!.first),
  );
}

/** A backup serves a timeline it is on, or a child that branched off at or after its end. */
function reaches(backup: ChainBackup, target: TimelineHistory): boolean {
  if (!isAncestor(target, backup.timeline)) return false;
  return backup.timeline === target.timeline || backup.stopLsn <= switchPointOf(target, backup.timeline)!;
}

function splitByTimeline(first: bigint, last: bigint, timelineOf: (segno: bigint) => number): MissingStretch[] {
  const stretches: MissingStretch[] = [];
  // Timelines change only at switch segments, and a path has few: stepping a long gap segment by
  // segment would be slow, so find each boundary by bisection.
  let start = first;
  while (start <= last) {
    const timeline = timelineOf(start);
    let lo = start;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1n) / 2n;
      if (timelineOf(mid) === timeline) lo = mid;
      else hi = mid - 1n;
    }
    stretches.push({ timeline, first: start, last: lo });
    start = lo + 1n;
  }
  return stretches;
}
