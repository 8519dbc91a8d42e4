/**
 * The latest recoverable time from WAL ranges instead of every segment row, for views over many
 * clusters (the fleet) where reading and walking each segment is the whole cost.
 *
 * recoveryPicture() reads a segment's commit time only through "the latest commit from segment q
 * to the end of its run", and only at a few segments q: where a backup starts or stops, and where a
 * timeline history switches. So the catalog hands over contiguous ranges cut at exactly those
 * segments, each with its latest commit (`recoveryCutPoints` says where to cut).
 *
 * `compactRecoveryInputs` then renumbers segments so each range becomes one segment (or a few):
 * every segment number the computation looks at — range ends, the segment after each range, cut
 * points — is kept in order, with neighbours still neighbours and gaps still gaps, and LSNs move
 * with their segment (offset kept). A backup's last byte (stop - 1) needs no number of its own:
 * the segments between the kept number before its stop and the stop are all archived or all
 * missing, as one kept number stands for them. Runs, windows,
 * merges and timeline switches then come out as from every row, with the same times; the LSNs and
 * segment numbers in the result are the renumbered ones, so use its times only.
 */
import type { BackupPoint, RecoveryInputs } from "./recoverable-window";
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

type LsnPoints = Pick<BackupPoint, "startLsn" | "stopLsn">;

/** The segments where a range must start, on every timeline: each backup's start and stop segment, each history switch. */
export function recoveryCutPoints(backups: readonly LsnPoints[], histories: readonly TimelineHistory[], segmentSize: number): bigint[] {
  const cuts = new Set<bigint>();
  for (const b of backups) {
    cuts.add(segmentOfLsn(b.startLsn, segmentSize));
    cuts.add(segmentOfLsn(b.stopLsn, segmentSize));
  }
  for (const h of histories) for (const p of h.parents) cuts.add(segmentOfLsn(p.switchLsn, segmentSize));
  return [...cuts];
}

/** recoveryPicture()'s inputs over renumbered segments: the same times, far fewer segments. */
export function compactRecoveryInputs(opts: CompactOptions): RecoveryInputs {
  return compactRecovery(opts).inputs;
}

interface CompactOptions {
  backups: BackupPoint[];
  ranges: readonly SegmentRange[];
  histories: readonly TimelineHistory[];
  segmentSize: number;
  partial?: RecoveryInputs["partial"];
}

/**
 * The compact inputs, and the way back from an LSN in their picture to the real one: every LSN a
 * window holds is a backup's stop LSN or the start of the segment after a range's last, both kept.
 */
export function compactRecovery(opts: CompactOptions): { inputs: RecoveryInputs; realLsn: (lsn: bigint) => bigint } {
  const { backups, ranges, histories, segmentSize, partial } = opts;
  const seg = BigInt(segmentSize);
  const kept = new Set<bigint>(recoveryCutPoints(backups, histories, segmentSize));
  if (partial) kept.add(partial.segno).add(partial.segno + 1n);
  for (const r of ranges) {
    kept.add(r.first);
    kept.add(r.last);
    kept.add(r.last + 1n);
  }
  const order = [...kept].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(order.map((segno, i) => [segno, BigInt(i)]));
  const renumber = (segno: bigint) => rank.get(segno)!;
  const moveLsn = (lsn: bigint) => renumber(lsn / seg) * seg + (lsn % seg);

  const segments: RecoveryInputs["segments"] = [];
  for (const r of ranges) {
    // Every piece carries the range's latest commit: runs are read from cut points, which start
    // ranges, so a range is either wholly after the point read from or wholly before it.
    for (let segno = renumber(r.first); segno <= renumber(r.last); segno++) {
      segments.push({ timeline: r.timeline, segno, firstCommitAt: null, lastCommitAt: r.lastCommitAt });
    }
  }
  const inputs = {
    backups: backups.map((b) => ({ ...b, startLsn: moveLsn(b.startLsn), stopLsn: moveLsn(b.stopLsn) })),
    segments,
    histories: histories.map((h) => ({ ...h, parents: h.parents.map((p) => ({ ...p, switchLsn: moveLsn(p.switchLsn) })) })),
    segmentSize,
    partial: partial && { ...partial, segno: renumber(partial.segno), endLsn: moveLsn(partial.endLsn) },
  };
  return { inputs, realLsn: (lsn) => order[Number(lsn / seg)]! * seg + (lsn % seg) };
}
