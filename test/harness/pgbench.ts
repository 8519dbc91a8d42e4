import type { TestCluster } from "@/test/harness/cluster";
import { testBinaries } from "@/test/harness/cluster";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";

async function pgbench(c: TestCluster, args: string[], signal?: AbortSignal): Promise<void> {
  const program = await testBinaries().path("pgbench");
  await withPgPass([{ host: c.host, port: c.port, user: c.superuser, password: c.password }], (env) =>
    runProcess(program, ["-h", c.host, "-p", String(c.port), "-U", c.superuser, ...args, "postgres"], { env, signal, timeoutMs: 600_000 }),
  );
}

/** pgbench tables at `scale` (100,000 accounts per unit) in the cluster's postgres database. */
export const pgbenchInit = (c: TestCluster, scale: number) => pgbench(c, ["-i", "-q", "-s", String(scale)]);

/** Writes for `seconds` with `clients` connections: the load a backup or archive runs under. */
export const pgbenchRun = (c: TestCluster, opts: { seconds: number; clients?: number; signal?: AbortSignal }) =>
  pgbench(c, ["-n", "-c", String(opts.clients ?? 2), "-T", String(opts.seconds)], opts.signal);
