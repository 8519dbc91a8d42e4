import type { DbClient } from "@/lib/db/client";
import type { PartialSegmentInfo } from "@/lib/domain/recoverable-window";

const columns = { timeline: true, segno: true, endLsn: true, lastCommitAt: true } as const;

/** The cluster's newest uploaded partial segment as the recovery picture takes it; null when none. */
export async function partialSegmentOf(db: DbClient, clusterId: string): Promise<PartialSegmentInfo | null> {
  return db.walPartial.findUnique({ where: { clusterId }, select: columns });
}

/** Every cluster's partial segment, by cluster id (the fleet overview reads them in one query). */
export async function allPartialSegments(db: DbClient): Promise<Map<string, PartialSegmentInfo>> {
  const rows = await db.walPartial.findMany({ select: { clusterId: true, ...columns } });
  return new Map(rows.map(({ clusterId, ...p }) => [clusterId, p]));
}
