// The bench's source cluster: queries against it, and bringing it to the same state before
// every measured run.
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { instanceLogPath, readLogTail } from "@/lib/pg/instance";
import type { BenchEnv } from "./env";
import { until } from "./until";

type Source = BenchEnv["source"];

/** One statement on a connection of its own (the bench has no long-lived session to keep). */
export async function querySource<R extends Record<string, unknown>>(source: Source, sql: string): Promise<R[]> {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: source.spec.port,
    user: "postgres",
    password: source.password,
    database: "postgres",
  });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The first row of a statement that returns one. */
export async function querySourceRow<R extends Record<string, unknown>>(source: Source, sql: string): Promise<R> {
  const [row] = await querySource<R>(source, sql);
  if (!row) throw new Error(`No row from the source cluster for: ${sql}`);
  return row;
}

/**
 * Waits until PostgreSQL's archiver has nothing waiting (no `.ready` file), so a measured run does
 * not share the machine with a backlog of archive-push processes. A failed archive_command will
 * not clear by waiting: that stops the bench with the server log.
 */
export async function waitForArchiver(source: Source): Promise<void> {
  const status = path.join(source.spec.dataDir, "pg_wal", "archive_status");
  await until(async () => {
    const { failed } = await querySourceRow<{ failed: string }>(source, "SELECT failed_count AS failed FROM pg_stat_archiver");
    if (Number(failed) > 0) {
      throw new Error(
        `archive_command failed on the source cluster; its log says:\n${await readLogTail(instanceLogPath(source.spec), 20)}`,
      );
    }
    const waiting = (await fs.readdir(status)).filter((f) => f.endsWith(".ready")).length;
    return waiting === 0
      ? { done: true }
      : { done: false, missing: `PostgreSQL's archiver (pgBackRest archive-push) still has ${waiting} segment(s) to archive` };
  });
}

/** The segment number of the source's current (unfinished) WAL segment. */
export async function currentSegno(source: Source): Promise<bigint> {
  const { name } = await querySourceRow<{ name: string }>(source, "SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  return parseSegmentName(name).segno;
}

/**
 * Waits until Wayback's archive of the cluster holds segment `through` (null: whatever it has)
 * and has indexed every segment it holds: indexing runs pg_waldump, work no measured run should
 * share the machine with, and a restore needs the WAL up to its target.
 */
export async function waitForWaybackArchive(env: BenchEnv, clusterId: string, through: bigint | null): Promise<void> {
  await until(async () => {
    const newest = await env.db.walSegment.findFirst({ where: { clusterId }, orderBy: { segno: "desc" }, select: { segno: true } });
    const unindexed = await env.db.walSegment.count({ where: { clusterId, indexedAt: null } });
    if (unindexed === 0 && (through === null || (newest !== null && newest.segno >= through))) return { done: true };
    return {
      done: false,
      missing: `Wayback's archive has segno ${newest?.segno ?? "none"} (wanted ${through ?? "any"}) and ${unindexed} segment(s) not indexed: are the worker's wal.stream and wal.index jobs running?`,
    };
  });
}

/**
 * The same starting point for every measured run: both archivers idle (PostgreSQL's, running
 * pgBackRest's archive-push, and Wayback's receiver with its indexing) and a CHECKPOINT, so no run
 * pays for dirty buffers, WAL or archiving left by the load or by the run before it.
 */
export async function settleSource(env: BenchEnv, clusterId: string): Promise<void> {
  await waitForArchiver(env.source);
  // Wayback streams from its slot's start: before it has any segment there is nothing finished to wait for.
  const streamed = await env.db.walSegment.count({ where: { clusterId } });
  await waitForWaybackArchive(env, clusterId, streamed > 0 ? (await currentSegno(env.source)) - 1n : null);
  await querySource(env.source, "CHECKPOINT");
}
