// `npm run bench:scale` (issue 20, docs/decisions/0027): 1,000 clusters, 10,000 backups and
// 1,000,000 WAL segment rows (100,000 on the largest cluster) in a throwaway embedded catalog,
// then the latencies of the verbs the route handlers call (in process, not over HTTP: the figures
// are the catalog's and the computation's, without Next's request handling), the cost of a
// monitor evaluation and a retention plan at 100 and at 100,000 segments, and EXPLAIN (ANALYZE,
// BUFFERS) of the WAL range reads; then the clusters' staggered hourly schedules fire on 4 worker
// processes (bench/schedule-lateness.ts). Sizes: WAYBACK_BENCH_SCALE_CLUSTERS, _WAL_ROWS, _LARGEST,
// _REQUESTS; WAYBACK_BENCH_SCHEDULE_COMPRESSION and _HOURS; WAYBACK_BENCH_SCALE_SKIP_SCHEDULES=1
// leaves the schedules out (they take some 8 minutes).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { listBackups } from "@/lib/backups/find-backups";
import type { Db } from "@/lib/db/client";
import { evaluateCluster } from "@/lib/monitor/evaluate-cluster";
import { getFleet } from "@/lib/monitor/get-fleet";
import { getMonitoring } from "@/lib/monitor/get-monitoring";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { retentionPlanForCluster } from "@/lib/retention/plan-for-cluster";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { percentile, timed } from "./lib/measure";
import { withThrowawayCatalog } from "./lib/throwaway-catalog";
import { seedScale } from "./scale-seed";
import { benchScheduleLateness, type ScheduleLatenessResult } from "./schedule-lateness";

interface Latency {
  p50Ms: number;
  p95Ms: number;
  goalMs: number | null;
}

export interface ScaleBenchResult {
  clusters: number;
  backups: number;
  walRows: number;
  largestSegments: number;
  seedSeconds: number;
  fleet: Latency;
  timeline: Latency | null;
  backupsList: Latency;
  monitoring: Latency;
  restorePlan: Latency | null;
  /** p50 at the smallest and at the largest cluster. */
  monitorEvaluation: { smallMs: number; largeMs: number; smallSegments: number; largeSegments: number };
  retentionPlan: { smallMs: number; largeMs: number; smallSegments: number; largeSegments: number };
  explain: Record<string, string>;
  schedules: ScheduleLatenessResult | null;
}

const config = {
  monitor: { intervalMs: 30_000, archiveStaleMs: 600_000, maxSegmentsBehind: 8, slotLagMaxBytes: 1n << 30n },
};
const rules = { keepDaily: 7, keepWeekly: 4, keepMonthly: 0, keepYearly: 0, minComplete: 1, timeZone: "UTC" };

export async function benchScale(
  log: (m: string) => void,
  opts: {
    clusters?: number;
    walRows?: number;
    largest?: number;
    requests?: number;
    schedules?: { compression?: number; windowHours?: number } | null;
  } = {},
): Promise<ScaleBenchResult> {
  const clusters = opts.clusters ?? 1000;
  const walRows = opts.walRows ?? 1_000_000;
  const largest = opts.largest ?? 100_000;
  const requests = opts.requests ?? 40;
  return withThrowawayCatalog("scale", log, async (db, dir, databaseUrl) => {
    const now = new Date();
    const seeded = await timed(() =>
      seedScale(
        db,
        {
          clusters,
          backupsPerCluster: 10,
          walRows,
          largestSegments: largest,
          smallestSegments: 100,
          samplesPerCluster: 120,
          segmentMinutes: 1,
          now,
        },
        log,
      ),
    );
    const { clusterIds } = seeded.value;
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    const big = clusterIds[0]!;
    const small = clusterIds.at(-1)!;
    const cli = { command: "wayback", configFile: path.join(dir, "wal.conf") };

    const latency = async (name: string, n: number, goalMs: number | null, fn: () => Promise<unknown>): Promise<Latency> => {
      for (let i = 0; i < 3; i++) await fn(); // warm-up: connections, plans
      const times: number[] = [];
      for (let i = 0; i < n; i++) times.push((await timed(fn)).ms);
      const result = { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), goalMs };
      log(`scale: ${name}: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms${goalMs === null ? "" : ` (goal p95 ≤ ${goalMs} ms)`}`);
      return result;
    };
    const fleet = await latency("fleet overview (getFleet, 1,000 rows)", requests, 200, () => getFleet(db, { config, now }));
    // WAYBACK_BENCH_SCALE_SKIP_SLOW=1 leaves out the two verbs that still read every WAL row (docs/decisions/0027).
    const skipSlow = process.env.WAYBACK_BENCH_SCALE_SKIP_SLOW === "1";
    const timeline = skipSlow
      ? null
      : await latency("largest cluster's timeline (getTimeline)", requests, 100, () => getTimeline(db, { clusterId: big, cli, now }));
    const backupsList = await latency("largest cluster's backups (listBackups)", requests, 100, () =>
      listBackups(db, { clusterId: big, order: "desc", limit: 100 }),
    );
    const monitoring = await latency("largest cluster's archiving/monitoring (getMonitoring)", requests, 100, () =>
      getMonitoring(db, { clusterId: big, config, now }),
    );
    const restorePlan = skipSlow
      ? null
      : await latency("restore plan dry run, latest (planForCluster)", Math.min(requests, 20), 200, () =>
          planForCluster(db, { clusterId: big, target: { kind: "latest" }, now }),
        );
    const thresholds = { archiveStaleMs: 600_000, maxSegmentsBehind: 8, slotLagMaxBytes: 1n << 30n };
    const p50 = async (fn: () => Promise<unknown>) => (await latency("…", 15, null, fn)).p50Ms;
    const monitorEvaluation = {
      smallMs: await p50(() => evaluateCluster(db, { clusterId: small, thresholds, cli, now })),
      largeMs: await p50(() => evaluateCluster(db, { clusterId: big, thresholds, cli, now })),
      smallSegments: 100,
      largeSegments: largest,
    };
    log(`scale: monitor evaluation p50: ${monitorEvaluation.smallMs} ms at 100 segments, ${monitorEvaluation.largeMs} ms at ${largest}`);
    const retentionPlan = {
      smallMs: await p50(() => retentionPlanForCluster(db, { clusterId: small, rules, now })),
      largeMs: await p50(() => retentionPlanForCluster(db, { clusterId: big, rules, now })),
      smallSegments: 100,
      largeSegments: largest,
    };
    log(`scale: retention plan p50: ${retentionPlan.smallMs} ms at 100 segments, ${retentionPlan.largeMs} ms at ${largest}`);

    const explain = {
      rangesOfLargest: await explainOf(db, `SELECT * FROM wal_ranges WHERE cluster_id = '${big}' ORDER BY timeline, first_segno`),
      newestSegmentOfLargest: await explainOf(
        db,
        `SELECT s.name, s.archived_at FROM clusters c
         CROSS JOIN LATERAL (SELECT timeline, last_segno FROM wal_ranges WHERE cluster_id = c.id ORDER BY last_segno DESC, timeline DESC LIMIT 1) r
         JOIN wal_segments s ON s.cluster_id = c.id AND s.timeline = r.timeline AND s.segno = r.last_segno WHERE c.id = '${big}'`,
      ),
      latestCommitRead: await explainOf(db, `SELECT * FROM wal_ranges_latest('${big}', 1, ${largest - 1000}, ${largest})`),
    };
    for (const [name, plan] of Object.entries(explain)) log(`scale: EXPLAIN ${name}:\n${plan}`);
    const schedules =
      opts.schedules === null ? null : await benchScheduleLateness({ db, databaseUrl, dir, clusterIds }, log, opts.schedules);

    const result: ScaleBenchResult = {
      clusters,
      backups: await db.backup.count(),
      walRows: await db.walSegment.count(),
      largestSegments: largest,
      seedSeconds: Math.round(seeded.ms / 100) / 10,
      fleet,
      timeline,
      backupsList,
      monitoring,
      restorePlan,
      monitorEvaluation,
      retentionPlan,
      explain,
      schedules,
    };
    return result;
  });
}

async function explainOf(db: Db, sql: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  return rows.map((r) => r["QUERY PLAN"]).join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const result = await benchScale((m) => console.log(`bench: ${m}`), {
    clusters: num("WAYBACK_BENCH_SCALE_CLUSTERS"),
    walRows: num("WAYBACK_BENCH_SCALE_WAL_ROWS"),
    largest: num("WAYBACK_BENCH_SCALE_LARGEST"),
    requests: num("WAYBACK_BENCH_SCALE_REQUESTS"),
    schedules:
      process.env.WAYBACK_BENCH_SCALE_SKIP_SCHEDULES === "1"
        ? null
        : { compression: num("WAYBACK_BENCH_SCHEDULE_COMPRESSION"), windowHours: num("WAYBACK_BENCH_SCHEDULE_HOURS") },
  });
  const { explain: _explain, ...figures } = result;
  console.log(JSON.stringify(figures, null, 2));
}
