import type { DbClient } from "@/lib/db/client";
import { recoverySegmentOrder, type ArchivedSegment } from "@/lib/domain/wal-prefetch";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { segmentOfLsn } from "@/lib/domain/wal-segment";

/** The archived segments a recovery into `timeline` from `fromLsn` will ask for, in order. */
export async function walForRecovery(
  db: DbClient,
  q: { clusterId: string; timeline: number; fromLsn: bigint; toLsn: bigint | null },
): Promise<ArchivedSegment[]> {
  const [rows, historyRow] = await Promise.all([
    db.walSegment.findMany({
      where: {
        clusterId: q.clusterId,
        segno: { gte: segmentOfLsn(q.fromLsn), ...(q.toLsn === null ? {} : { lte: segmentOfLsn(q.toLsn) }) },
        timeline: { lte: q.timeline },
      },
      select: { name: true, timeline: true, segno: true, sha256: true },
    }),
    q.timeline > 1 ? db.walHistory.findUnique({ where: { clusterId_timeline: { clusterId: q.clusterId, timeline: q.timeline } } }) : null,
  ]);
  const history = parseTimelineHistory(q.timeline, historyRow?.content ?? "");
  return recoverySegmentOrder({ segments: rows, history, fromLsn: q.fromLsn, toLsn: q.toLsn });
}
