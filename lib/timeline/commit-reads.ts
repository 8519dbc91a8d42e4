import type { DbClient } from "@/lib/db/client";
import type { RangePieces } from "@/lib/domain/wal-range-pieces";

/** One cluster's pieces and the reads they asked for (lib/domain/wal-range-pieces.ts). */
export interface PendingReads extends RangePieces {
  clusterId: string;
}

/**
 * Fills the pieces whose latest commit the stored ranges cannot give, for any number of clusters in
 * one query: each read is an index range scan over its segments (wal_ranges_latest()).
 */
export async function fillCommitReads(db: DbClient, pending: readonly PendingReads[]): Promise<void> {
  const reads = pending.flatMap(({ clusterId, pieces, reads }) => reads.map((r) => ({ clusterId, pieces, ...r })));
  if (reads.length === 0) return;
  const latest = await db.$queryRaw<{ i: bigint; commitAt: Date | null }[]>`
    SELECT r.i, (wal_ranges_latest(r.cluster_id, r.timeline, r.first, r.last)).commit_at AS "commitAt"
    FROM unnest(${reads.map((r) => r.clusterId)}::uuid[], ${reads.map((r) => r.read.timeline)}::int[],
                ${reads.map((r) => r.read.first.toString())}::bigint[], ${reads.map((r) => r.read.last.toString())}::bigint[])
         WITH ORDINALITY AS r(cluster_id, timeline, first, last, i)`;
  for (const { i, commitAt } of latest) {
    const r = reads[Number(i) - 1]!;
    r.pieces[r.piece]!.lastCommitAt = commitAt;
  }
}
