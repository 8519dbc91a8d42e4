import pg from "pg";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";

/**
 * pg_switch_wal(): closes the segment being written so it reaches the archive now. Returns the
 * name of the segment that was closed.
 */
export async function switchWal(t: ConnectionTarget): Promise<string> {
  return withSslFallback(t, async (plain) => {
    const client = new pg.Client(clientConfig(t, { connectTimeoutMs: 10_000, plain }));
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS name");
      return rows[0]!.name;
    } finally {
      await client.end();
    }
  });
}
