import pg from "pg";
import { clientConfig, type ConnectionTarget } from "@/lib/pg/connect";

/**
 * pg_wal_replay_resume() on a copy paused at its recovery target: recovery then ends. Only a
 * superuser may call it by default, so `superuser` is the copy's own (copySuperuser()).
 */
export async function resumeReplay(superuser: ConnectionTarget): Promise<void> {
  const c = new pg.Client(clientConfig(superuser, { connectTimeoutMs: 10_000 }));
  await c.connect();
  try {
    await c.query("SELECT pg_wal_replay_resume()");
  } finally {
    await c.end();
  }
}
