import type { DbClient } from "@/lib/db/client";
import type { WalRange } from "@/lib/db/generated/client";
import { recoveryPicture, type BackupPoint, type PartialSegmentInfo, type RecoveryPicture } from "@/lib/domain/recoverable-window";
import type { TimelineHistory } from "@/lib/domain/timeline-history";
import { rangePieces, rangeRecoveryPicture, type StoredRange } from "@/lib/domain/wal-range-pieces";
import { segmentOfLsn } from "@/lib/domain/wal-segment";
import { fillCommitReads } from "@/lib/timeline/commit-reads";

/** One cluster's wal_ranges rows in the order the range computations take them. */
export async function storedRanges(db: DbClient, clusterId: string): Promise<StoredRange[]> {
  const rows = await db.walRange.findMany({ where: { clusterId }, orderBy: [{ timeline: "asc" }, { firstSegno: "asc" }] });
  return rows.map(toStoredRange);
}

export function toStoredRange(r: WalRange): StoredRange {
  return { timeline: r.timeline, first: r.firstSegno, last: r.lastSegno, lastCommitAt: r.lastCommitAt, lastCommitSegno: r.lastCommitSegno };
}

/** How many segments the ranges hold: the cluster's segment count without counting its rows. */
export const segmentsIn = (ranges: readonly StoredRange[]) => ranges.reduce((n, r) => n + Number(r.last - r.first + 1n), 0);

/**
 * One cluster's whole recovery picture — windows, gaps and unusable backups with their reasons —
 * equal to recoveryPicture() over every segment row, from its wal_ranges (docs/decisions/0027):
 * the ranges, the rare commit reads they ask for, and for each backup that cannot be used the
 * segments it spans (its reason names the missing ones). The cost follows the backups, not the
 * archive's length.
 */
export async function rangePicture(
  db: DbClient,
  opts: {
    clusterId: string;
    backups: BackupPoint[];
    ranges: readonly StoredRange[];
    histories: TimelineHistory[];
    segmentSize: number;
    partial?: PartialSegmentInfo | null;
  },
): Promise<RecoveryPicture> {
  const { clusterId, backups, ranges, histories, segmentSize } = opts;
  const cut = rangePieces({ ranges, backups, histories, segmentSize });
  await fillCommitReads(db, [{ clusterId, ...cut }]);
  const { unusableBackupIds, ...picture } = rangeRecoveryPicture({ ...opts, pieces: cut.pieces });
  const unusable = new Set(unusableBackupIds);
  return { ...picture, unusableBackups: await unusableReasons(db, { ...opts, backups: backups.filter((b) => unusable.has(b.id)) }) };
}

/**
 * Why each of these backups cannot be used, as recoveryPicture() says it over every row: a missing
 * WAL reason looks only at the segments from the backup's start to its stop, so those are all it reads.
 */
async function unusableReasons(
  db: DbClient,
  opts: { clusterId: string; backups: BackupPoint[]; ranges: readonly StoredRange[]; histories: TimelineHistory[]; segmentSize: number },
): Promise<RecoveryPicture["unusableBackups"]> {
  const { backups, segmentSize } = opts;
  if (backups.length === 0) return [];
  const timelines = [...new Set(opts.ranges.map((r) => r.timeline))];
  const spans = backups
    .filter((b) => b.status === "complete" && b.stopLsn >= b.startLsn)
    .map((b) => ({
      gte: segmentOfLsn(b.startLsn, segmentSize),
      lte: segmentOfLsn(b.stopLsn > b.startLsn ? b.stopLsn - 1n : b.startLsn, segmentSize),
    }));
  const segments =
    spans.length === 0 || timelines.length === 0
      ? []
      : await db.walSegment.findMany({
          where: { clusterId: opts.clusterId, OR: timelines.flatMap((timeline) => spans.map((segno) => ({ timeline, segno }))) },
          select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
        });
  return recoveryPicture({ backups, segments, histories: opts.histories, segmentSize }).unusableBackups;
}

/** The commit times of the segments just before and just after each gap (the view places gaps on the time axis with them). */
export async function commitTimesAroundGaps(
  db: DbClient,
  clusterId: string,
  gaps: readonly { timeline: number; first: bigint; last: bigint }[],
): Promise<{ timeline: number; segno: bigint; firstCommitAt: Date | null; lastCommitAt: Date | null }[]> {
  if (gaps.length === 0) return [];
  return db.walSegment.findMany({
    where: { clusterId, OR: gaps.map((g) => ({ timeline: g.timeline, segno: { in: [g.first - 1n, g.last + 1n] } })) },
    select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
  });
}
