import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";

export interface NewestSegment {
  name: string;
  archivedAt: Date;
}

/**
 * Each cluster's archived segment with the highest number (across timelines), as the checklist
 * and the monitor read it: the end of its newest range in wal_ranges, then that one row, so the
 * cost does not grow with the archive (docs/decisions/0027). All clusters when `clusterIds` is absent.
 */
export async function newestSegments(db: Db, clusterIds?: string[]): Promise<Map<string, NewestSegment>> {
  const only = clusterIds === undefined ? Prisma.empty : Prisma.sql`WHERE c.id = ANY(${clusterIds}::uuid[])`;
  const rows = await db.$queryRaw<(NewestSegment & { clusterId: string })[]>`
    SELECT c.id AS "clusterId", s.name, s.archived_at AS "archivedAt"
    FROM clusters c
    CROSS JOIN LATERAL (SELECT timeline, last_segno FROM wal_ranges WHERE cluster_id = c.id ORDER BY last_segno DESC, timeline DESC LIMIT 1) r
    JOIN wal_segments s ON s.cluster_id = c.id AND s.timeline = r.timeline AND s.segno = r.last_segno
    ${only}`;
  return new Map(rows.map(({ clusterId, ...segment }) => [clusterId, segment]));
}

export async function newestSegment(db: Db, clusterId: string): Promise<NewestSegment | null> {
  return (await newestSegments(db, [clusterId])).get(clusterId) ?? null;
}
