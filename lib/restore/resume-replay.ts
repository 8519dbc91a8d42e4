import pg from "pg";
import type { LocalLogin } from "@/lib/restore/watch-recovery";

/** pg_wal_replay_resume() on a copy paused at its recovery target: recovery then ends. */
export async function resumeReplay(opts: { port: number; login: LocalLogin }): Promise<void> {
  const c = new pg.Client({ host: "127.0.0.1", port: opts.port, user: opts.login.user, password: opts.login.password ?? undefined, database: opts.login.database });
  await c.connect();
  try {
    await c.query("SELECT pg_wal_replay_resume()");
  } finally {
    await c.end();
  }
}
