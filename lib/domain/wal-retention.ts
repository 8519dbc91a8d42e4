/**
 * Which archived WAL no retained backup needs. Recovery from a backup replays forward from the
 * segment holding its start LSN, on its timeline or any later one, so a segment whose number is
 * below every retained backup's start segment can never be read again, whatever its timeline.
 * Everything from the oldest retained backup's start segment on is kept: that is the
 * point-in-time window the policy promises.
 *
 * Timeline history files are never removed (pgBackRest keeps them too): they are a few bytes, and
 * a live timeline's history is needed to follow any switch.
 */
import { parseSegmentName, segmentOfLsn } from "./wal-segment";

export interface RetainedBackupStart {
  startLsn: bigint;
}

export interface WalCutoff {
  /** Segments numbered below this can go; null keeps all WAL. */
  keepFromSegno: bigint | null;
  /** Why all WAL is kept, when it is. */
  keptBecause: string | null;
}

export function walCutoff(opts: { retained: RetainedBackupStart[]; segmentSize: number; hold: string | null }): WalCutoff {
  if (opts.hold) return { keepFromSegno: null, keptBecause: opts.hold };
  if (opts.retained.length === 0) return { keepFromSegno: null, keptBecause: "No complete backup is retained: WAL is kept." };
  const starts = opts.retained.map((b) => segmentOfLsn(b.startLsn, opts.segmentSize));
  return { keepFromSegno: starts.reduce((min, s) => (s < min ? s : min)), keptBecause: null };
}

/**
 * Whether an archived WAL file (a segment, `<segment>.partial` or `<segment>.<offset>.backup`) lies
 * wholly below the cutoff. History files and unknown names never do.
 */
export function isBelowCutoff(fileName: string, cutoff: WalCutoff, segmentSize: number): boolean {
  if (cutoff.keepFromSegno === null) return false;
  const segment = /^[0-9A-F]{24}/.exec(fileName)?.[0];
  if (!segment) return false;
  return parseSegmentName(segment, segmentSize).segno < cutoff.keepFromSegno;
}

export interface RemovedRange {
  timeline: number;
  first: string;
  last: string;
  count: number;
}

/** Removed segment names summarised as contiguous runs per timeline, for the expiry record. */
export function summariseRanges(names: string[], segmentSize: number): RemovedRange[] {
  const parsed = names
    .map((name) => ({ name, ...parseSegmentName(name, segmentSize) }))
    .sort((a, b) => a.timeline - b.timeline || (a.segno < b.segno ? -1 : a.segno > b.segno ? 1 : 0));
  const ranges: (RemovedRange & { lastSegno: bigint })[] = [];
  for (const s of parsed) {
    const open = ranges.at(-1);
    if (open && open.timeline === s.timeline && s.segno === open.lastSegno + 1n) {
      open.last = s.name;
      open.lastSegno = s.segno;
      open.count += 1;
    } else {
      ranges.push({ timeline: s.timeline, first: s.name, last: s.name, count: 1, lastSegno: s.segno });
    }
  }
  return ranges.map(({ timeline, first, last, count }) => ({ timeline, first, last, count }));
}

/**
 * The primary repository's cutoff once its copy repositories are considered: the copy job reads
 * WAL from the primary, so a segment a copy repository still needs (at or above its own cutoff)
 * and has not received yet stays in the primary, whatever the primary's own plan says.
 * `lowestLacking`: per copy repository, the lowest such segment number below the primary's own
 * cutoff, or null when it lacks none.
 */
export function cutoffServingCopies(own: WalCutoff, lowestLacking: (bigint | null)[]): WalCutoff {
  if (own.keepFromSegno === null) return own;
  const needed = lowestLacking.filter((s): s is bigint => s !== null);
  return needed.reduce<WalCutoff>((c, s) => (s < c.keepFromSegno! ? { keepFromSegno: s, keptBecause: null } : c), own);
}
