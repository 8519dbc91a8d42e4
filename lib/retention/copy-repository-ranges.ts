import type { DbClient } from "@/lib/db/client";
import type { StoredRange } from "@/lib/domain/wal-range-pieces";

/**
 * The WAL each copy repository of a cluster holds, as contiguous ranges per timeline (gaps and
 * islands in the catalog, not rows in the application). Without commit times: retention asks only
 * where recovery windows start, which is at a backup's end.
 */
export async function copyRepositoryRanges(db: DbClient, clusterId: string): Promise<Map<string, StoredRange[]>> {
  const rows = await db.$queryRaw<{ repositoryId: string; timeline: number; first: bigint; last: bigint }[]>`
    SELECT repository_id AS "repositoryId", timeline, min(segno) AS first, max(segno) AS last
    FROM (
      SELECT c.repository_id, s.timeline, s.segno,
             s.segno - row_number() OVER (PARTITION BY c.repository_id, s.timeline ORDER BY s.segno) AS island
      FROM wal_segment_copies c JOIN wal_segments s ON s.cluster_id = c.cluster_id AND s.name = c.name
      WHERE c.cluster_id = ${clusterId}::uuid
    ) numbered
    GROUP BY repository_id, timeline, island
    ORDER BY repository_id, timeline, first`;
  const out = new Map<string, StoredRange[]>();
  for (const { repositoryId, ...r } of rows) {
    const list = out.get(repositoryId) ?? [];
    list.push({ ...r, lastCommitAt: null, lastCommitSegno: null });
    out.set(repositoryId, list);
  }
  return out;
}
