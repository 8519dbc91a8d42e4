import type { Db } from "@/lib/db/client";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import type { TestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";

/** Switches WAL and waits until everything written so far is archived and indexed (restorable). */
export async function archivedThroughCurrent(db: Db, source: TestCluster, clusterId: string): Promise<void> {
  const { rows } = await source.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  await source.query("SELECT pg_switch_wal()");
  const wanted = parseSegmentName(rows[0].name).segno;
  await until("WAL to be archived and indexed", async () => {
    const have = await db.walSegment.count({ where: { clusterId, segno: { gte: wanted } } });
    const unread = await db.walSegment.count({ where: { clusterId, indexedAt: null } });
    return have > 0 && unread === 0;
  });
}
