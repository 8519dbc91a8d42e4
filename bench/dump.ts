import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import type { BenchEnv } from "./lib/env";
import { ratio, timed } from "./lib/measure";

interface WaybackRun {
  jobs: number;
  /** Enqueue to complete: pg_dump, reading the archive back, manifest, catalog. */
  dumpMs: number;
  pgDumpMs: number;
  verifyMs: number;
  storedBytes: number;
  /** Enqueue to complete: checksums, CREATE DATABASE, pg_restore. */
  restoreMs: number;
}

export interface DumpFigures {
  wayback: WaybackRun[];
  plainDumpMs: number;
  plainRestoreMs: number;
  /** Wayback with 2 jobs against plain pg_dump -Fd -j 2 / pg_restore -j 2. */
  dumpRatio: number;
  restoreRatio: number;
}

async function waitFor<T extends { status: string; error: string | null }>(what: string, read: () => Promise<T>): Promise<T> {
  for (;;) {
    const row = await read();
    if (row.status === "complete") return row;
    if (row.status === "failed") throw new Error(`${what} failed: ${row.error}`);
    await sleep(50);
  }
}

/**
 * Dump and restore of the pgbench database: Wayback's directory-format dump and restore jobs with
 * 1 and 2 parallel jobs, against plain `pg_dump -Fd -j 2` and `pg_restore -j 2` of the same
 * database, in the same run.
 */
export async function benchDump(env: BenchEnv, clusterId: string, log: (m: string) => void): Promise<DumpFigures> {
  const { spec, password } = env.source;
  const pass = [{ host: "127.0.0.1", port: spec.port, user: "postgres", password }];
  const conn = ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "--no-password"];

  const wayback: WaybackRun[] = [];
  for (const jobs of [1, 2]) {
    log(`Wayback dump and restore, ${jobs} job(s)`);
    const dump = await timed(async () => {
      const d = await requestDump(env.db, env.queue, {
        clusterId,
        input: requestDumpBody.parse({ database: "postgres", format: "directory", jobs, globals: false }),
      });
      return waitFor("dump", () => env.db.dump.findUniqueOrThrow({ where: { id: d.id } }));
    });
    const restore = await timed(async () => {
      const input = requestDumpRestoreBody.parse({ targetClusterId: clusterId, targetDatabase: `bench_wayback_${jobs}`, jobs });
      const r = await requestDumpRestore(env.db, env.queue, { dumpId: dump.value.id, input, userId: null });
      return waitFor("restore", () => env.db.dumpRestore.findUniqueOrThrow({ where: { id: r.id } }));
    });
    wayback.push({
      jobs,
      dumpMs: Math.round(dump.ms),
      pgDumpMs: dump.value.dumpMs ?? 0,
      verifyMs: dump.value.verifyMs ?? 0,
      storedBytes: Number(dump.value.storedSizeBytes ?? 0),
      restoreMs: Math.round(restore.ms),
    });
  }

  log("plain pg_dump -Fd -j 2 and pg_restore -j 2");
  const dir = path.join(env.dir, "plain-dump");
  const plainDump = await timed(() =>
    withPgPass(pass, async (e) =>
      runProcess(await env.bins.path("pg_dump"), [...conn, "-Fd", "-j", "2", "-f", dir, "postgres"], { env: e, timeoutMs: 3_600_000 }),
    ),
  );
  const plainRestore = await timed(() =>
    withPgPass(pass, async (e) => {
      await runProcess(await env.bins.path("createdb"), [...conn, "bench_plain"], { env: e });
      await runProcess(await env.bins.path("pg_restore"), [...conn, "-j", "2", "-d", "bench_plain", dir], { env: e, timeoutMs: 3_600_000 });
    }),
  );
  await fs.rm(dir, { recursive: true, force: true });

  const two = wayback.find((w) => w.jobs === 2)!;
  return {
    wayback,
    plainDumpMs: Math.round(plainDump.ms),
    plainRestoreMs: Math.round(plainRestore.ms),
    dumpRatio: ratio(two.dumpMs, plainDump.ms),
    restoreRatio: ratio(two.restoreMs, plainRestore.ms),
  };
}
