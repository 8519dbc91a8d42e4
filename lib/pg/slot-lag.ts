import pg from "pg";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";

/**
 * Bytes of WAL the server keeps for the slot (current LSN minus the slot's restart LSN): the disk
 * a stopped or slow receiver costs the primary. Null when the slot does not exist.
 */
export async function slotLagBytes(t: ConnectionTarget, slot: string): Promise<bigint | null> {
  return withSslFallback(t, async (plain) => {
    const client = new pg.Client(clientConfig(t, { connectTimeoutMs: 10_000, plain }));
    await client.connect();
    try {
      const { rows } = await client.query<{ lag: string | null }>(
        "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint::text AS lag FROM pg_replication_slots WHERE slot_name = $1",
        [slot],
      );
      return rows[0]?.lag == null ? null : BigInt(rows[0].lag);
    } finally {
      await client.end();
    }
  });
}
