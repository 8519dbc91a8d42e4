// The WAL inspector (issue 18): (a) indexing keeps up with the WAL pgbench writes — how many
// finished segments wait to be indexed, sampled every 2 s for WAYBACK_BENCH_ACTIVITY_SECONDS (60)
// of pgbench with a DELETE of pgbench_history every 10 s, must not grow; (b) the What-happened
// verb (getActivity, what GET /api/v1/clusters/:id/activity answers) over 1,000 indexed segments:
// p95 at most 200 ms. `npm run bench` runs it on its cluster; alone:
// `node --import tsx bench/activity.ts` (WAYBACK_BENCH_SCALE, 10 by default alone).
//
// 1,000 segments are the real segments (a) indexed, their catalog rows copied until there are
// 1,000 (each copy at segment numbers far above the live ones and earlier by the real span, so its
// minutes do not overlap): 16 GB of pgbench WAL cannot be written and indexed on a shared 2-core
// machine in a bench run, and 1 MB segments (initdb --wal-segsize=1) would make a sixteenth of the
// catalog rows per segment that the verb reads, measuring less than the issue asks.
import { setTimeout as sleep } from "node:timers/promises";
import { activityQuery } from "@/lib/domain/activity-input";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";
import { getActivity } from "@/lib/wal-activity/get-activity";
import { initialiseAlone, registerAlone } from "./lib/alone";
import { startBenchEnv, type BenchEnv } from "./lib/env";
import { percentile, timed } from "./lib/measure";
import { currentSegno, querySource } from "./lib/source";
import { until } from "./lib/until";

export interface ActivityFigures {
  indexing: {
    seconds: number;
    segmentsWritten: number;
    walMiBPerSecond: number;
    /** Finished segments not yet indexed: mean over the first and the last third of the run, and the most seen. */
    lagFirstThird: number;
    lagLastThird: number;
    lagMax: number;
    /** After pgbench stopped, until every finished segment was indexed. */
    catchUpSeconds: number;
    keepsUp: boolean;
  };
  api: {
    segments: number;
    realSegments: number;
    minuteRows: number;
    transactions: number;
    requests: number;
    p50Ms: number;
    p95Ms: number;
    maxMs: number;
    p95MsByQuery: Record<string, number>;
    goalP95Ms: number;
  };
}

const GOAL_P95_MS = 200;
const SEGMENTS = 1_000;
const REQUESTS = 200;
// Copies sit this far above any segment number the live cluster will reach during the bench.
const SEGNO_OFFSET = 1_000_000n;

export async function benchActivity(env: BenchEnv, clusterId: string, log: (m: string) => void): Promise<ActivityFigures> {
  const indexing = await measureIndexing(env, clusterId, Number(process.env.WAYBACK_BENCH_ACTIVITY_SECONDS ?? 60), log);
  const api = await measureApi(env, clusterId, log);
  return { indexing, api };
}

async function newestIndexed(env: BenchEnv, clusterId: string): Promise<bigint> {
  const s = await env.db.walSegment.findFirst({
    where: { clusterId, indexedAt: { not: null }, segno: { lt: SEGNO_OFFSET } },
    orderBy: { segno: "desc" },
    select: { segno: true },
  });
  return s?.segno ?? -1n;
}

/** Finished segments (below the one PostgreSQL writes) that are not indexed yet. */
async function lag(env: BenchEnv, clusterId: string): Promise<number> {
  const [current, indexed] = await Promise.all([currentSegno(env.source), newestIndexed(env, clusterId)]);
  return Math.max(0, Number(current - 1n - indexed));
}

async function measureIndexing(
  env: BenchEnv,
  clusterId: string,
  seconds: number,
  log: (m: string) => void,
): Promise<ActivityFigures["indexing"]> {
  const { spec, password } = env.source;
  const startSegno = await currentSegno(env.source);
  log(`activity: pgbench for ${seconds} s, a DELETE of pgbench_history every 10 s, index lag sampled every 2 s`);
  const started = Date.now();
  const pgbench = withPgPass([{ host: "127.0.0.1", port: spec.port, user: "postgres", password }], async (e) =>
    runProcess(
      await env.bins.path("pgbench"),
      ["-h", "127.0.0.1", "-p", String(spec.port), "-U", "postgres", "-c", "4", "-j", "2", "-T", String(seconds), "-n", "postgres"],
      { env: e, timeoutMs: (seconds + 600) * 1000 },
    ),
  );
  let running = true;
  void pgbench.finally(() => (running = false)).catch(() => undefined);
  const samples: number[] = [];
  let lastDelete = Date.now();
  while (running) {
    samples.push(await lag(env, clusterId));
    if (Date.now() - lastDelete >= 10_000) {
      lastDelete = Date.now();
      // Destructive transactions for the list: rows pgbench appended more than 5 s ago.
      await querySource(env.source, "DELETE FROM pgbench_history WHERE mtime < now() - interval '5 seconds'");
    }
    await sleep(2_000);
  }
  await pgbench;
  const loadMs = Date.now() - started;
  const endSegno = await currentSegno(env.source);
  const stopped = Date.now();
  await until(async () =>
    (await lag(env, clusterId)) === 0 ? { done: true } : { done: false, missing: "the index to catch up with the finished segments" },
  );
  const catchUpSeconds = (Date.now() - stopped) / 1000;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
  const lagFirstThird = mean(samples.slice(0, third));
  const lagLastThird = mean(samples.slice(-third));
  const segmentsWritten = Number(endSegno - startSegno);
  const figures = {
    seconds,
    segmentsWritten,
    walMiBPerSecond: Math.round(((segmentsWritten * 16) / (loadMs / 1000)) * 10) / 10,
    lagFirstThird,
    lagLastThird,
    lagMax: Math.max(0, ...samples),
    catchUpSeconds,
    // Keeping up: the backlog at the end of the load is no longer than at its start, give or take a segment.
    keepsUp: lagLastThird <= lagFirstThird + 1,
  };
  log(
    `activity: ${segmentsWritten} segments in ${seconds} s (${figures.walMiBPerSecond} MiB/s); lag ${lagFirstThird} → ${lagLastThird} segments (max ${figures.lagMax}); caught up ${catchUpSeconds.toFixed(1)} s after the load`,
  );
  return figures;
}

async function measureApi(env: BenchEnv, clusterId: string, log: (m: string) => void): Promise<ActivityFigures["api"]> {
  const real = await env.db.walSegment.count({ where: { clusterId, indexedAt: { not: null }, segno: { lt: SEGNO_OFFSET } } });
  const copies = Math.max(0, Math.ceil(SEGMENTS / real) - 1);
  log(`activity: ${real} indexed segments, copying their catalog rows ${copies} times`);
  await copyIndexedSegments(env, clusterId, copies);
  await env.db.$executeRawUnsafe("VACUUM ANALYZE");
  const segments = await env.db.walSegment.count({ where: { clusterId, indexedAt: { not: null } } });
  const minuteRows = await env.db.walActivityMinute.count({ where: { clusterId } });
  const transactions = await env.db.walTransaction.count({ where: { clusterId } });

  const queries: Record<string, Record<string, string>> = {
    "last 24 h": {},
    "table pgbench_accounts": { table: "pgbench_accounts" },
    "min 1000 rows": { minRows: "1000" },
    "deletes of pgbench_history": { table: "public.pgbench_history", kind: "delete" },
  };
  const ask = (q: Record<string, string>) => getActivity(env.db, { clusterId, query: activityQuery.parse(q) });
  for (const q of Object.values(queries)) await ask(q); // warm-up: connections, query plans
  const all: number[] = [];
  const byQuery: Record<string, number[]> = {};
  const names = Object.keys(queries);
  for (let i = 0; i < REQUESTS; i++) {
    const name = names[i % names.length]!;
    const { ms } = await timed(() => ask(queries[name]!));
    all.push(ms);
    (byQuery[name] ??= []).push(ms);
  }
  const figures = {
    segments,
    realSegments: real,
    minuteRows,
    transactions,
    requests: REQUESTS,
    p50Ms: percentile(all, 50),
    p95Ms: percentile(all, 95),
    maxMs: percentile(all, 100),
    p95MsByQuery: Object.fromEntries(Object.entries(byQuery).map(([k, v]) => [k, percentile(v, 95)])),
    goalP95Ms: GOAL_P95_MS,
  };
  log(
    `activity: What happened over ${segments} segments (${minuteRows} minute rows, ${transactions} transactions): p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms (goal ${GOAL_P95_MS})`,
  );
  return figures;
}

/**
 * The index's rows of every real segment, `copies` times: copy k at segment numbers
 * SEGNO_OFFSET + k × (the real range) and times k × (the real span of minutes) earlier. Done in
 * the catalog with temporary tables copied whole (SELECT *), so columns added later come along.
 */
async function copyIndexedSegments(env: BenchEnv, clusterId: string, copies: number): Promise<void> {
  if (copies === 0) return;
  await env.db.$transaction(
    async (tx) => {
      // Literals, not parameters: most of these are utility statements. The id is the catalog's own uuid.
      const id = `'${clusterId}'::uuid`;
      const runSql = (sql: string) => tx.$executeRawUnsafe(sql);
      await runSql(`
        CREATE TEMP TABLE bench_map ON COMMIT DROP AS
        WITH real AS (SELECT * FROM wal_segments WHERE cluster_id = ${id} AND indexed_at IS NOT NULL AND segno < ${SEGNO_OFFSET}),
             span AS (SELECT min(segno) AS lo, max(segno) - min(segno) + 1 AS n FROM real),
             mins AS (SELECT max(minute) - min(minute) + interval '1 minute' AS span FROM wal_activity_minutes WHERE cluster_id = ${id})
        SELECT r.name AS old_name, k AS copy, r.segno + ${SEGNO_OFFSET} + k * span.n AS new_segno,
               upper(lpad(to_hex(r.timeline), 8, '0') || lpad(to_hex((r.segno + ${SEGNO_OFFSET} + k * span.n) / 256), 8, '0')
                     || lpad(to_hex((r.segno + ${SEGNO_OFFSET} + k * span.n) % 256), 8, '0')) AS new_name,
               k * coalesce(mins.span, interval '1 minute') AS shift
        FROM real r, span, mins, generate_series(1, ${copies}) k`);
      const copy = async (table: string, set: string) => {
        await runSql(
          `CREATE TEMP TABLE bench_rows ON COMMIT DROP AS SELECT t.*, m.new_name, m.new_segno, m.shift FROM ${table} t JOIN bench_map m ON t.name = m.old_name WHERE t.cluster_id = ${id}`,
        );
        await runSql(`UPDATE bench_rows SET name = new_name${set ? `, ${set}` : ""}`);
        await runSql(`ALTER TABLE bench_rows DROP COLUMN new_name, DROP COLUMN new_segno, DROP COLUMN shift`);
        await runSql(`INSERT INTO ${table} SELECT * FROM bench_rows`);
        await runSql(`DROP TABLE bench_rows`);
      };
      await copy(
        "wal_segments",
        "segno = new_segno, archived_at = archived_at - shift, first_commit_at = first_commit_at - shift, last_commit_at = last_commit_at - shift",
      );
      await copy("wal_activity_minutes", "minute = minute - shift");
      await copy("wal_transactions", "ended_at = ended_at - shift");
      await copy("wal_transaction_relations", "");
    },
    { timeout: 600_000 },
  );
}

if (import.meta.filename === process.argv[1]) {
  const log = (m: string) => console.log(`bench: ${m}`);
  const env = await startBenchEnv(log);
  try {
    await initialiseAlone(env, Number(process.env.WAYBACK_BENCH_SCALE ?? 10), log);
    const clusterId = await registerAlone(env, log);
    console.log(JSON.stringify(await benchActivity(env, clusterId, log), null, 2));
  } finally {
    await env.close();
  }
}
