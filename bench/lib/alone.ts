import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import type { BenchEnv } from "./env";
import { querySource } from "./source";

/**
 * For a bench part run on its own (not from bench/run.ts): `pgbench -i` at `scale`, and the
 * source's archive_command, which run.ts gives to pgBackRest, set to `true` so PostgreSQL's
 * archiver keeps nothing waiting (settleSource waits for it).
 */
export async function initialiseAlone(env: BenchEnv, scale: number, log: (m: string) => void): Promise<void> {
  const { spec, password } = env.source;
  await querySource(env.source, "ALTER SYSTEM SET archive_command = 'true'");
  await querySource(env.source, "SELECT pg_reload_conf()");
  log(`pgbench -i -s ${scale}`);
  await withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
    runProcess(
      await env.bins.path("pgbench"),
      ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-i", "-q", "-s", String(scale), "postgres"],
      { env: e, timeoutMs: 3_600_000 },
    ),
  );
}
