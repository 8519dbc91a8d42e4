import path from "node:path";
import { requestBackup } from "@/lib/backups/request-backup";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import type { BenchEnv } from "./env";
import { benchPosixRepository, registerSource } from "./register-source";
import { querySource } from "./source";
import { until } from "./until";

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

/**
 * For a bench part run on its own that needs Wayback's cluster: the source registered with a
 * repository of its own and WAL streamed, and one full backup taken (it also records the relation
 * names the WAL index names its events by). Returns the cluster's id.
 */
export async function registerAlone(env: BenchEnv, log: (m: string) => void): Promise<string> {
  const repo = await benchPosixRepository(env, { name: "bench", dir: path.join(env.dir, "repo") });
  const clusterId = await registerSource(env, { name: "bench", repositoryId: repo.id });
  log("a full backup of the source");
  const job = await requestBackup(env.db, env.queue, clusterId);
  await until(async () => {
    const row = await env.db.job.findUniqueOrThrow({ where: { id: job.id } });
    if (row.status === "failed") throw new Error(`backup failed: ${row.error}`);
    return row.status === "succeeded" ? { done: true } : { done: false, missing: `the backup job (${row.status})` };
  });
  return clusterId;
}
