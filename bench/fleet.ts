// The fleet overview's latency: GET /api/v1/fleet's verb (getFleet) over a seeded fleet in a
// throwaway embedded catalog. Goal: p95 at most 200 ms for 100 clusters. Runs alone with
// `node --import tsx bench/fleet.ts` (WAYBACK_BENCH_FLEET_CLUSTERS, _SEGMENTS, _REQUESTS to change
// the size), or from bench/run.ts as `await benchFleet(log)`.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getFleet } from "@/lib/monitor/get-fleet";
import { getMonitoring } from "@/lib/monitor/get-monitoring";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { seedFleet } from "./fleet-seed";
import { percentile, timed } from "./lib/measure";
import { withThrowawayCatalog } from "./lib/throwaway-catalog";

export interface FleetBenchResult {
  clusters: number;
  segmentsPerCluster: number;
  walRows: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The same numbers gathered cluster by cluster through each cluster's own pages (the old way), over a few requests. */
  perClusterP50Ms: number;
  goalP95Ms: number;
}

const GOAL_P95_MS = 200;

export async function benchFleet(
  log: (m: string) => void,
  opts: { clusters?: number; segmentsPerCluster?: number; requests?: number } = {},
): Promise<FleetBenchResult> {
  const clusters = opts.clusters ?? 100;
  const segmentsPerCluster = opts.segmentsPerCluster ?? 500;
  const requests = opts.requests ?? 200;
  return withThrowawayCatalog("fleet", log, async (db, dir) => {
    const now = new Date();
    log(`fleet: seeding ${clusters} clusters, ${segmentsPerCluster} WAL segments each`);
    await seedFleet(db, {
      clusters,
      segmentsPerCluster,
      segmentMinutes: 5,
      backupsPerCluster: 14,
      samplesPerCluster: 120,
      now,
      secretKey: randomBytes(32),
    });
    // As autovacuum leaves a catalog that has run a while: statistics, and a visibility map for index-only scans.
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    const config = {
      monitor: { intervalMs: 30_000, archiveStaleMs: 600_000, maxSegmentsBehind: 8, slotLagMaxBytes: 1n << 30n },
      cli: { command: "wayback", configFile: path.join(dir, "wal.conf") },
    };

    const fleet = () => getFleet(db, { config, now });
    for (let i = 0; i < 5; i++) await fleet(); // warm-up: connections, query plans, JIT
    const times: number[] = [];
    for (let i = 0; i < requests; i++) times.push((await timed(fleet)).ms);

    // The per-cluster way, for comparison: each cluster's timeline and monitoring, one cluster after another.
    const ids = (await db.cluster.findMany({ select: { id: true } })).map((c) => c.id);
    const perCluster: number[] = [];
    for (let i = 0; i < 3; i++) {
      perCluster.push(
        (
          await timed(async () => {
            for (const clusterId of ids)
              await Promise.all([getTimeline(db, { clusterId, cli: config.cli, now }), getMonitoring(db, { clusterId, config, now })]);
          })
        ).ms,
      );
    }

    const result: FleetBenchResult = {
      clusters,
      segmentsPerCluster,
      walRows: await db.walSegment.count(),
      requests,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
      maxMs: round(Math.max(...times)),
      perClusterP50Ms: percentile(perCluster, 50),
      goalP95Ms: GOAL_P95_MS,
    };
    log(
      `fleet: ${requests} requests over ${clusters} clusters (${result.walRows} WAL rows): p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (goal p95 ≤ ${GOAL_P95_MS} ms); per-cluster pages: ${result.perClusterP50Ms} ms`,
    );
    return result;
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const result = await benchFleet((m) => console.log(`bench: ${m}`), {
    clusters: num("WAYBACK_BENCH_FLEET_CLUSTERS"),
    segmentsPerCluster: num("WAYBACK_BENCH_FLEET_SEGMENTS"),
    requests: num("WAYBACK_BENCH_FLEET_REQUESTS"),
  });
  console.log(JSON.stringify(result, null, 2));
  if (result.p95Ms > result.goalP95Ms) process.exitCode = 1;
}
