import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { tableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import { destroyInstance } from "@/lib/pg/instance";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { requestRestore } from "@/lib/restores/request-restore";
import { requestTableRestore } from "@/lib/table-restores/request-table-restore";
import { initialiseAlone, registerAlone } from "./lib/alone";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";
import { currentSegno, querySource, querySourceRow, waitForWaybackArchive } from "./lib/source";

export interface TableRestoreFigures {
  /** The table-restore job, request to complete (copy recovered, table loaded, copy removed). */
  tableRestoreMs: number;
  /** A whole-cluster restore job to the same target, request to complete. */
  wholeRestoreMs: number;
  /** pg_dump -Fc -t of the table from that copy and pg_restore into a new database of the source. */
  dumpRestoreMs: number;
  /** tableRestoreMs over (wholeRestoreMs + dumpRestoreMs): the issue wants at most 1.2. */
  toByHand: number;
}

const TABLE = { schema: "public", name: "pgbench_accounts" };

// `npm run bench` runs it on its cluster; alone: `node --import tsx bench/table-restore.ts`
// (WAYBACK_BENCH_SCALE, 10 by default alone).

/**
 * One-table restore of pgbench_accounts against what a user would do without it: restore the
 * whole cluster to the same moment with Wayback, then pg_dump -t / pg_restore the table by hand.
 */
export async function benchTableRestore(env: BenchEnv, clusterId: string, log: (m: string) => void): Promise<TableRestoreFigures> {
  const { spec, password } = env.source;
  const { t: time } = await querySourceRow<{ t: string }>(
    env.source,
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`,
  );
  await sleep(1100);
  // A commit after the moment: the recoverable window ends at the last commit, so an idle source
  // (the bench run alone) would leave the moment outside it. txid_current() writes one.
  await querySource(env.source, "SELECT txid_current()");
  const wanted = await currentSegno(env.source);
  await querySource(env.source, "SELECT pg_switch_wal()");
  await waitForWaybackArchive(env, clusterId, wanted);
  const user = await env.db.user.upsert({
    where: { username: "bench" },
    create: { username: "bench", passwordHash: "x", role: "admin" },
    update: {},
  });
  const target = { kind: "time", time };

  log("table restore of pgbench_accounts");
  const table = await timed(async () => {
    const { tableRestore } = await requestTableRestore(env.db, env.queue, {
      clusterId,
      input: tableRestoreRequestInput.parse({ target, tables: [TABLE], destination: { kind: "schema", name: "bench_tables" } }),
      userId: user.id,
      secretKey: env.cfg.secretKey,
    });
    for (;;) {
      const t = await env.db.tableRestore.findUniqueOrThrow({ where: { id: tableRestore!.id } });
      if (t.status === "complete" && t.cleanedUpAt) return t;
      if (t.status === "failed") throw new Error(`table restore failed: ${t.error}\n${t.logTail}`);
      await sleep(100);
    }
  });
  await querySource(env.source, "DROP SCHEMA bench_tables CASCADE");

  log("whole-cluster restore, then pg_dump -t / pg_restore by hand");
  const whole = await timed(async () => {
    const { restore } = await requestRestore(env.db, env.queue, {
      clusterId,
      input: restoreRequestInput.parse({ target }),
      userId: user.id,
      restore: { roots: [path.join(env.dir, "restores")], ports: { from: 57_100, to: 57_199 } },
    });
    for (;;) {
      const r = await env.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
      if (r.status === "complete") return r;
      if (r.status === "failed") throw new Error(`restore failed: ${r.error}\n${r.logTail}`);
      await sleep(100);
    }
  });
  const copy = whole.value;
  const archive = path.join(env.dir, "bench-table.dump");
  const conn = (port: number) => ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres"];
  const passwords = [copy.port, spec.port].map((port) => ({ host: "127.0.0.1", port, user: "postgres", password }));
  await querySource(env.source, "DROP DATABASE IF EXISTS bench_tables");
  const byHand = await timed(() =>
    withPgPass(passwords, async (e) => {
      await runProcess(
        await env.bins.path("pg_dump"),
        [...conn(copy.port), "-Fc", "-t", "public.pgbench_accounts", "-f", archive, "postgres"],
        {
          env: e,
          timeoutMs: 3_600_000,
        },
      );
      await runProcess(await env.bins.path("createdb"), [...conn(spec.port), "bench_tables"], { env: e });
      await runProcess(await env.bins.path("pg_restore"), [...conn(spec.port), "--no-owner", "-d", "bench_tables", archive], {
        env: e,
        timeoutMs: 3_600_000,
      });
    }),
  );
  await destroyInstance({ dataDir: copy.dataDir, port: copy.port, bins: env.bins, osUser: env.osUser });
  await querySource(env.source, "DROP DATABASE bench_tables");
  return {
    tableRestoreMs: table.ms,
    wholeRestoreMs: whole.ms,
    dumpRestoreMs: byHand.ms,
    toByHand: ratio(table.ms, whole.ms + byHand.ms),
  };
}

if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    await initialiseAlone(env, Number(process.env.WAYBACK_BENCH_SCALE ?? 10), log);
    console.log(JSON.stringify(await benchTableRestore(env, await registerAlone(env, log), log), null, 2));
  } finally {
    await env.close();
  }
}
