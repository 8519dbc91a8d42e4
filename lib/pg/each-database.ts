import type pg from "pg";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";

/**
 * Runs `fn` connected to every database of a server that the login may connect to (templates
 * excluded), in name order, one connection at a time.
 */
export async function forEachDatabase<T>(
  target: ConnectionTarget,
  fn: (client: pg.Client, database: string) => Promise<T>,
  signal?: AbortSignal,
): Promise<T[]> {
  const databases = await withClient(target, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT') ORDER BY datname",
    );
    return rows.map((r) => r.datname);
  });
  const out: T[] = [];
  for (const database of databases) {
    signal?.throwIfAborted();
    out.push(await withClient({ ...target, database }, (c) => fn(c, database)));
  }
  return out;
}
