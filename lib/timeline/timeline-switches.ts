import type { Db } from "@/lib/db/client";
import { formatLsn } from "@/lib/domain/lsn";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { switchMoments } from "@/lib/domain/timeline-switch";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentOfLsn } from "@/lib/domain/wal-segment";
import type { TimelineView } from "@/lib/timeline/timeline-view";

/**
 * The timeline picture's failover marks: each archived history file and the two WAL index rows
 * that bound its switch (the parent's last segment with a commit before the switch segment, the
 * new timeline's first one after it), placed by lib/domain/timeline-switch.ts. Two indexed reads
 * per switch, whatever the archive's size.
 */
export async function timelineSwitches(
  db: Db,
  opts: { clusterId: string; histories: readonly { timeline: number; content: string; archivedAt: Date }[]; segmentSize?: number },
): Promise<TimelineView["switches"]> {
  const { clusterId } = opts;
  const segmentSize = opts.segmentSize ?? DEFAULT_WAL_SEGMENT_SIZE;
  const histories = opts.histories.map((h) => ({ history: parseTimelineHistory(h.timeline, h.content), archivedAt: h.archivedAt }));
  const select = { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true } as const;
  const bounds = await Promise.all(
    histories.flatMap(({ history }) => {
      const last = history.parents.at(-1);
      if (!last) return [];
      const switchSegno = segmentOfLsn(last.switchLsn, segmentSize);
      return [
        db.walSegment.findFirst({
          where: { clusterId, timeline: last.timeline, segno: { lt: switchSegno }, lastCommitAt: { not: null } },
          orderBy: { segno: "desc" },
          select,
        }),
        db.walSegment.findFirst({
          where: { clusterId, timeline: history.timeline, segno: { gt: switchSegno }, firstCommitAt: { not: null } },
          orderBy: { segno: "asc" },
          select,
        }),
      ];
    }),
  );
  const segments = bounds.filter((s) => s !== null);
  return switchMoments({ histories, segments, segmentSize }).map((s) => ({
    timeline: s.timeline,
    parent: s.parent,
    switchLsn: formatLsn(s.switchLsn),
    at: s.at?.toISOString() ?? null,
    notBefore: s.notBefore?.toISOString() ?? null,
  }));
}
