import type { Db } from "@/lib/db/client";
import type { Backup } from "@/lib/db/generated/client";
import type { BackupPoint } from "@/lib/domain/recoverable-window";
import { rangePieces, rangeRecoveryPicture, type StoredRange } from "@/lib/domain/wal-range-pieces";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE } from "@/lib/domain/wal-segment";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { fillCommitReads } from "@/lib/timeline/commit-reads";
import { allPartialSegments, partialSegmentOf } from "@/lib/wal/partial-segment-info";

export type RangeBackup = Pick<Backup, "id" | "clusterId" | "status" | "timeline" | "startLsn" | "stopLsn" | "stopTime" | "finishedAt">;

/** One cluster's recovery inputs as ranges: its backups, timeline histories, wal_ranges rows and their pieces with commit times. */
export interface RangeRecovery {
  backups: RangeBackup[];
  histories: TimelineHistory[];
  ranges: StoredRange[];
  picture: ReturnType<typeof rangeRecoveryPicture>;
}

/**
 * The recovery picture of one cluster or of every cluster (no clusterId) from wal_ranges
 * (docs/decisions/0027): three reads whatever the history's length, and one more for the rare
 * pieces whose latest commit the ranges cannot give (lib/domain/wal-range-pieces.ts).
 */
export async function rangeRecovery(db: Db, opts: { clusterId?: string } = {}): Promise<Map<string, RangeRecovery>> {
  const where = opts.clusterId === undefined ? {} : { clusterId: opts.clusterId };
  const [backups, historyRows, rangeRows, partials] = await Promise.all([
    db.backup.findMany({
      where,
      select: { id: true, clusterId: true, status: true, timeline: true, startLsn: true, stopLsn: true, stopTime: true, finishedAt: true },
    }),
    db.walHistory.findMany({ where, select: { clusterId: true, timeline: true, content: true } }),
    db.walRange.findMany({ where, orderBy: [{ clusterId: "asc" }, { timeline: "asc" }, { firstSegno: "asc" }] }),
    opts.clusterId === undefined
      ? allPartialSegments(db)
      : partialSegmentOf(db, opts.clusterId).then((p) => new Map(p ? [[opts.clusterId!, p]] : [])),
  ]);
  const out = new Map<string, Omit<RangeRecovery, "picture"> & { points: BackupPoint[] }>();
  const of = (clusterId: string) => {
    let c = out.get(clusterId);
    if (!c) out.set(clusterId, (c = { backups: [], histories: [], ranges: [], points: [] }));
    return c;
  };
  for (const b of backups) of(b.clusterId).backups.push(b);
  for (const h of historyRows) of(h.clusterId).histories.push(parseTimelineHistory(h.timeline, h.content));
  for (const r of rangeRows) {
    of(r.clusterId).ranges.push({
      timeline: r.timeline,
      first: r.firstSegno,
      last: r.lastSegno,
      lastCommitAt: r.lastCommitAt,
      lastCommitSegno: r.lastCommitSegno,
    });
  }

  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const cut = [...out].map(([clusterId, c]) => {
    c.points = toBackupPoints(c.backups);
    return { clusterId, c, ...rangePieces({ ranges: c.ranges, backups: c.points, histories: c.histories, segmentSize }) };
  });
  await fillCommitReads(db, cut);
  return new Map(
    cut.map(({ clusterId, c, pieces }) => [
      clusterId,
      {
        backups: c.backups,
        histories: c.histories,
        ranges: c.ranges,
        picture: rangeRecoveryPicture({
          backups: c.points,
          ranges: c.ranges,
          pieces,
          histories: c.histories,
          segmentSize,
          partial: partials.get(clusterId) ?? null,
        }),
      },
    ]),
  );
}
