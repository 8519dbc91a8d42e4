import pg from "pg";
import { clientConfig, withSslFallback, type ConnectionTarget } from "@/lib/pg/connect";

/**
 * Runs `fn` connected to every database of a server that the login may connect to (templates
 * excluded), in name order, one connection at a time.
 */
export async function forEachDatabase<T>(target: ConnectionTarget, fn: (client: pg.Client, database: string) => Promise<T>, signal?: AbortSignal): Promise<T[]> {
  const connect = (database: string) =>
    withSslFallback(target, async (plain) => {
      const c = new pg.Client(clientConfig({ ...target, database }, { connectTimeoutMs: 10_000, plain }));
      await c.connect();
      return c;
    });
  const first = await connect(target.database);
  let databases: string[];
  try {
    const { rows } = await first.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT') ORDER BY datname",
    );
    databases = rows.map((r) => r.datname);
  } finally {
    await first.end();
  }
  const out: T[] = [];
  for (const database of databases) {
    signal?.throwIfAborted();
    const c = await connect(database);
    try {
      out.push(await fn(c, database));
    } finally {
      await c.end();
    }
  }
  return out;
}
