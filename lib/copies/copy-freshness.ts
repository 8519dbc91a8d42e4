import type { DbClient } from "@/lib/db/client";
import { copyLag } from "@/lib/domain/copy-lag";

export interface CopyFreshness {
  name: string;
  /** The cluster's newest complete backup is complete in this repository too. */
  holdsNewestBackup: boolean;
  walLagSegments: number;
  walLagSeconds: number;
}

/**
 * For the production checklist, of one cluster or the whole fleet in a fixed number of queries:
 * each copy repository, whether it holds the cluster's newest complete backup, and how long the
 * oldest archived segment not yet copied there (and not trimmed there by retention) has waited.
 */
export async function copyFreshness(db: DbClient, opts: { clusterIds: string[]; now: Date }): Promise<Map<string, CopyFreshness[]>> {
  const { clusterIds, now } = opts;
  const rows = await db.$queryRaw<
    { clusterId: string; name: string; holdsNewestBackup: boolean; oldestMissing: Date | null; missing: number }[]
  >`
    SELECT cc.cluster_id AS "clusterId", r.name,
           EXISTS (
             SELECT 1 FROM backup_copies bc
              WHERE bc.repository_id = cc.repository_id AND bc.status = 'complete' AND bc.backup_id = (
                SELECT b.id FROM backups b WHERE b.cluster_id = cc.cluster_id AND b.status = 'complete' ORDER BY b.finished_at DESC LIMIT 1)
           ) AS "holdsNewestBackup",
           missing.oldest AS "oldestMissing", missing.n AS missing
      FROM cluster_copy_repositories cc
      JOIN repositories r ON r.id = cc.repository_id
      CROSS JOIN LATERAL (
        SELECT min(s.archived_at) AS oldest, count(*)::int AS n FROM wal_segments s
         WHERE s.cluster_id = cc.cluster_id
           AND s.segno >= coalesce(cc.wal_kept_from_segno, 0)
           AND NOT EXISTS (SELECT 1 FROM wal_segment_copies w WHERE w.cluster_id = s.cluster_id AND w.repository_id = cc.repository_id AND w.name = s.name)
      ) missing
     WHERE cc.cluster_id = ANY(${clusterIds}::uuid[])
     ORDER BY cc.created_at`;
  const byCluster = new Map<string, CopyFreshness[]>();
  for (const r of rows) {
    const lag = copyLag({ now, missingSegments: r.missing, oldestMissingArchivedAt: r.oldestMissing });
    const list = byCluster.get(r.clusterId) ?? [];
    list.push({ name: r.name, holdsNewestBackup: r.holdsNewestBackup, walLagSegments: lag.segments, walLagSeconds: lag.seconds });
    byCluster.set(r.clusterId, list);
  }
  return byCluster;
}
