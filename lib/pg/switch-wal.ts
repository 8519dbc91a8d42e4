import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/**
 * pg_switch_wal(): closes the segment being written so it reaches the archive now. Returns the
 * name of the segment that was closed.
 */
export async function switchWal(t: ConnectionTarget): Promise<string> {
  return withClient(t, async (client) => {
    const { rows } = await client.query<{ name: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS name");
    return rows[0]!.name;
  });
}
