import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/**
 * Bytes of WAL the server keeps for the slot (current LSN minus the slot's restart LSN): the disk
 * a stopped or slow receiver costs the primary. Null when the slot does not exist.
 */
export async function slotLagBytes(t: ConnectionTarget, slot: string): Promise<bigint | null> {
  return withClient(t, async (client) => {
    const { rows } = await client.query<{ lag: string | null }>(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint::text AS lag FROM pg_replication_slots WHERE slot_name = $1",
      [slot],
    );
    return rows[0]?.lag == null ? null : BigInt(rows[0].lag);
  });
}
