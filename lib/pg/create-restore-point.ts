import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/**
 * pg_create_restore_point(name) on the cluster, then a WAL switch so the segment holding it is
 * complete and reaches the archive now, not when it fills up (a restore to it needs it archived).
 * Returns the LSN PostgreSQL reports (the end of the record) and its timeline.
 */
export async function createRestorePoint(t: ConnectionTarget, name: string): Promise<{ lsn: string; timeline: number; createdAt: Date }> {
  return withClient(t, async (client) => {
    const { rows } = await client.query<{ lsn: string; wal: string; at: Date }>(
      "SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS wal, now() AS at FROM pg_create_restore_point($1) AS lsn",
      [name],
    );
    await client.query("SELECT pg_switch_wal()");
    const r = rows[0]!;
    return { lsn: r.lsn, timeline: parseInt(r.wal.slice(0, 8), 16), createdAt: r.at };
  });
}
