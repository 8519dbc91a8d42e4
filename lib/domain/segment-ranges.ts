/**
 * The recovery picture from WAL ranges instead of every segment row, for views over many clusters
 * (the fleet) where reading each segment is the whole cost.
 *
 * recoveryPicture() reads a segment's commit time only through "the latest commit from segment q
 * to the end of its run", and only at a few segments q: where a backup starts or stops, and where a
 * timeline history switches. So the catalog can hand over contiguous ranges cut at exactly those
 * segments, each with its latest commit: expanded back into segments (the range's latest commit on
 * its first segment, none on the others), every run, gap and window comes out as from the rows
 * themselves. `recoveryCutPoints` says where to cut; `segmentsFromRanges` expands.
 */
import type { BackupPoint, SegmentInfo } from "./recoverable-window";
import type { TimelineHistory } from "./timeline-history";
import { segmentOfLsn } from "./wal-segment";

/** Contiguous archived segments first..last of one timeline, none of them a cut point but the first. */
export interface SegmentRange {
  timeline: number;
  first: bigint;
  last: bigint;
  /** The latest commit in the range's segments. */
  lastCommitAt: Date | null;
}

/** The segments where a range must start, on every timeline: each backup's start and stop segment, each history switch. */
export function recoveryCutPoints(backups: readonly Pick<BackupPoint, "startLsn" | "stopLsn">[], histories: readonly TimelineHistory[], segmentSize: number): bigint[] {
  const cuts = new Set<bigint>();
  for (const b of backups) {
    cuts.add(segmentOfLsn(b.startLsn, segmentSize));
    cuts.add(segmentOfLsn(b.stopLsn, segmentSize));
  }
  for (const h of histories) for (const p of h.parents) cuts.add(segmentOfLsn(p.switchLsn, segmentSize));
  return [...cuts];
}

export function segmentsFromRanges(ranges: readonly SegmentRange[]): SegmentInfo[] {
  const segments: SegmentInfo[] = [];
  for (const r of ranges) {
    for (let segno = r.first; segno <= r.last; segno++) {
      segments.push({ timeline: r.timeline, segno, firstCommitAt: null, lastCommitAt: segno === r.first ? r.lastCommitAt : null });
    }
  }
  return segments;
}
