/**
 * The recovery picture from the catalog's WAL ranges (wal_ranges: maximal contiguous runs per
 * timeline, each with its latest commit and the highest segment holding it), reading segment rows
 * only where a range's own latest commit cannot answer (docs/decisions/0027).
 *
 * recoveryPicture() reads commit times only as "the latest commit from cut point q to the end of
 * its run" (lib/domain/segment-ranges.ts). A run follows one timeline until the next switch, so
 * each range is cut at the cut points, and each piece carries the latest commit from its first
 * segment to the next switch cut in its range (or the range's end): the latest commits of the
 * pieces after q then give exactly the latest commit from q on, along any timeline path. That
 * value is the range's own latest commit whenever the range's latest-commit segment lies in the
 * piece's reach — always while commit times grow with segment numbers; otherwise the piece asks
 * for a read of those segments (an index range scan).
 */
import type { PartialSegmentInfo, RecoveryPicture, TimelineGap } from "./recoverable-window";
import { recoveryPicture, type BackupPoint } from "./recoverable-window";
import { compactRecovery, recoveryCutPoints, type SegmentRange } from "./segment-ranges";
import type { TimelineHistory } from "./timeline-history";
import { compareBigint, rangeGaps } from "./wal-ranges";
import { segmentOfLsn } from "./wal-segment";

/** One row of wal_ranges. */
export interface StoredRange {
  timeline: number;
  first: bigint;
  last: bigint;
  lastCommitAt: Date | null;
  lastCommitSegno: bigint | null;
}

/** A piece whose latest commit must be read from segments first..last of its timeline. */
export interface CommitRead {
  timeline: number;
  first: bigint;
  last: bigint;
}

export interface RangePieces {
  /** In the order of `reads` for the pieces that need one, lastCommitAt null until filled. */
  pieces: SegmentRange[];
  reads: { piece: number; read: CommitRead }[];
}

/** Ranges cut at the recovery picture's cut points, each piece with its latest commit or a read to do. */
export function rangePieces(opts: {
  ranges: readonly StoredRange[];
  backups: readonly Pick<BackupPoint, "startLsn" | "stopLsn">[];
  histories: readonly TimelineHistory[];
  segmentSize: number;
}): RangePieces {
  const cuts = [...new Set(recoveryCutPoints(opts.backups, opts.histories, opts.segmentSize))].sort(compareBigint);
  const switches = new Set(opts.histories.flatMap((h) => h.parents.map((p) => segmentOfLsn(p.switchLsn, opts.segmentSize))));
  const pieces: SegmentRange[] = [];
  const reads: RangePieces["reads"] = [];
  for (const range of opts.ranges) {
    const starts = [range.first, ...cuts.filter((q) => range.first < q && q <= range.last)];
    // Where each piece's reach ends: just before the next switch cut in the range, or at its end.
    let reachEnd = range.last;
    const reach: bigint[] = [];
    for (let i = starts.length - 1; i >= 0; i--) {
      reach[i] = reachEnd;
      if (switches.has(starts[i]!)) reachEnd = starts[i]! - 1n;
    }
    starts.forEach((first, i) => {
      const last = i + 1 < starts.length ? starts[i + 1]! - 1n : range.last;
      const holder = range.lastCommitSegno;
      if (range.lastCommitAt === null || (holder !== null && first <= holder && holder <= reach[i]!)) {
        pieces.push({ timeline: range.timeline, first, last, lastCommitAt: range.lastCommitAt });
      } else {
        reads.push({ piece: pieces.length, read: { timeline: range.timeline, first, last: reach[i]! } });
        pieces.push({ timeline: range.timeline, first, last, lastCommitAt: null });
      }
    });
  }
  return { pieces, reads };
}

/**
 * The recovery picture over filled pieces: windows with the real LSNs, gaps from the stored
 * ranges. Unusable backups only by id: their reasons name segments, which the pieces renumber
 * (the caller explains them from the few segments each one spans).
 */
export function rangeRecoveryPicture(opts: {
  backups: BackupPoint[];
  ranges: readonly StoredRange[];
  pieces: readonly SegmentRange[];
  histories: readonly TimelineHistory[];
  segmentSize: number;
  partial?: PartialSegmentInfo | null;
}): Omit<RecoveryPicture, "unusableBackups"> & { unusableBackupIds: string[] } {
  const { inputs, realLsn } = compactRecovery({ ...opts, ranges: opts.pieces });
  const picture = recoveryPicture(inputs);
  const gaps: TimelineGap[] = rangeGaps(opts.ranges, opts.segmentSize);
  return {
    windows: picture.windows.map((w) => ({
      ...w,
      from: { ...w.from, lsn: realLsn(w.from.lsn) },
      to: { ...w.to, lsn: realLsn(w.to.lsn) },
    })),
    latestRecoverableTime: picture.latestRecoverableTime,
    gaps,
    unusableBackupIds: picture.unusableBackups.map((u) => u.id),
  };
}
