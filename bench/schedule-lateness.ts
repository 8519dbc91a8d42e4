// Schedule lateness (issue 20): 1,000 clusters, each with an hourly backup schedule staggered
// across the hour, fire on 4 real worker processes whose backup is a stand-in that returns at
// once (bench/lib/schedule-worker.ts): the figure is the scheduling path's (BullMQ's job
// schedulers, the tick's fireSchedule and requestBackup, the job runner taking the backup), not
// pg_basebackup's. Lateness = the backup job's start − the tick's due time, both from the catalog
// (jobs.started_at, scheduled_runs.due_at); the tick's own start (scheduled_runs.ran_at) too.
//
// Time is compressed (12 times by default: an hour in 5 minutes), so the bench does not wait
// hours: cluster i's schedule is the hourly "m * * * *" a user would save (m = i·60/clusters,
// validated by the policy schema), run with the hour's minute m at second m·60/compression of a
// period of 60/compression minutes. The bursts are the real ones (about 17 clusters share each
// minute, five-field cron has no finer stagger), `compression` times as often. The policy schema
// refuses the six-field pattern that takes, so it goes to the savePolicy verb directly; from there
// on every step is production's. At 60 times (16.7 ticks and backups a second) the 4 workers fell
// behind on this 2-core machine at load average 22: lateness grew without bound.
// Runs within bench:scale (on its catalog's clusters) or alone: `node --import tsx bench/schedule-lateness.ts`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "@/lib/db/client";
import { policyInput } from "@/lib/domain/policy-input";
import { redisUrl, startRedisServer, stopRedisServer } from "@/lib/embedded/redis-server";
import { freePort } from "@/lib/pg/free-port";
import { buildEnv } from "@/lib/pg/run-process";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { listWorkers } from "@/lib/workers/list-workers";
import { percentile } from "./lib/measure";
import { withThrowawayCatalog } from "./lib/throwaway-catalog";
import { until } from "./lib/until";
import { createPlaceholderClusters } from "./lib/placeholder-clusters";

export interface Lateness {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface ScheduleLatenessResult {
  clusters: number;
  workers: number;
  /** How many times faster than real time the schedules run. */
  compression: number;
  /** Compressed hours measured, after one that warms the workers up. */
  windowHours: number;
  /** Ticks due in the window: every cluster once a (compressed) hour. */
  expected: number;
  /** Ticks recorded (scheduled_runs) of those; the rest never fired. */
  fired: number;
  /** Ticks that started their backup; the others were skipped, with the outcome as reason. */
  started: number;
  skipped: Record<string, number>;
  tick: Lateness;
  /** The machine's 1-minute load average as the window closed: on a shared 2-core machine it decides the figure. */
  loadAverage: number;
  /** The goal: p99 ≤ goalP99Ms, and every tick due fired. */
  backupStart: Lateness & { goalP99Ms: number; met: boolean };
}

const GOAL_P99_MS = 5_000;
const root = path.resolve(import.meta.dirname, "..");

export async function benchScheduleLateness(
  catalog: { db: Db; databaseUrl: string; dir: string; clusterIds: string[] },
  log: (m: string) => void,
  opts: { workers?: number; compression?: number; windowHours?: number } = {},
): Promise<ScheduleLatenessResult> {
  const { db, clusterIds } = catalog;
  const workerCount = opts.workers ?? 4;
  const compression = opts.compression ?? 12;
  const windowHours = opts.windowHours ?? 1;
  if (60 % compression !== 0) throw new Error(`the compression divides 60 (an hour's minutes into whole seconds), not ${compression}`);
  const hourMs = 3_600_000 / compression;
  const redis = { dir: path.join(catalog.dir, "schedule-redis"), port: await freePort(), password: randomBytes(12).toString("hex") };
  await startRedisServer(redis);
  const queuePrefix = `bench-${randomBytes(3).toString("hex")}`;
  const connection = createRedis(redisUrl(redis), "producer");
  const queue = openQueue(QUEUE_NAME, connection, queuePrefix);
  const children: ChildProcess[] = [];
  try {
    // 1. One policy per minute of the hour, its clusters assigned through the verbs that sync their job schedulers.
    const minuteOf = (i: number) => Math.floor((i * 60) / clusterIds.length);
    const policies = new Map<number, string>();
    for (const minute of new Set(clusterIds.map((_, i) => minuteOf(i)))) {
      const hourly = policyInput.parse({
        name: `hourly at :${String(minute).padStart(2, "0")}`,
        timeZone: "UTC",
        backupCron: `${minute} * * * *`,
        verifyCron: "",
        drillCron: "",
        retentionCron: "",
        keepDaily: 7,
        keepWeekly: 4,
        keepMonthly: 0,
        keepYearly: 0,
        minComplete: 1,
      });
      const policy = await savePolicy(db, queue, { input: { ...hourly, backupCron: compressed(hourly.backupCron!, compression) } });
      policies.set(minute, policy.id);
    }
    for (const [i, clusterId] of clusterIds.entries()) await assignPolicy(db, queue, { clusterId, policyId: policies.get(minuteOf(i))! });
    log(`schedules: ${clusterIds.length} clusters on ${policies.size} staggered hourly policies, run ${compression} times faster`);

    // 2. The worker processes, live in the workers table (their heartbeat) before the window opens.
    // The harmless part of this environment (PATH, locale, TZ) and the worker's configuration.
    const env = buildEnv({
      DATABASE_URL: catalog.databaseUrl,
      REDIS_URL: redisUrl(redis),
      WAYBACK_SECRET_KEY: randomBytes(32).toString("hex"),
      WAYBACK_QUEUE_PREFIX: queuePrefix,
      WAYBACK_SPOOL_DIR: path.join(catalog.dir, "schedule-spool"),
      // Nothing but schedules and jobs: the clusters are not reachable, so no receivers or monitors.
      WAYBACK_SUPERVISE_MS: "0",
      WAYBACK_MONITOR_INTERVAL_MS: "0",
      WAYBACK_NOTIFY_POLL_MS: "0",
      WAYBACK_HEARTBEAT_MS: "1000",
      WAYBACK_LOG_LEVEL: "warn",
    });
    for (let k = 0; k < workerCount; k++) children.push(startWorker(env, log));
    await until(async () => {
      const live = (await listWorkers(db, queuePrefix)).filter((w) => w.state === "live").length;
      return live === workerCount ? { done: true } : { done: false, missing: `${workerCount - live} of ${workerCount} workers live` };
    }, 300_000);

    // 3. The window: whole compressed hours (any span of one holds each cluster's tick once), from a
    // minute after the workers are live: a process's first ticks pay for warming up (Prisma
    // compiling each query's plan, BullMQ loading its scripts) and ran 5–8 s late at load average
    // 20; the workers of a fleet run for days.
    const windowStart = new Date(Math.ceil((Date.now() + 60_000) / 1000) * 1000);
    const windowEnd = new Date(windowStart.getTime() + windowHours * hourMs);
    const expected = clusterIds.length * windowHours;
    log(
      `schedules: ${workerCount} workers live; measuring ${expected} ticks due ${windowStart.toISOString()} – ${windowEnd.toISOString()}`,
    );
    const runsInWindow = () =>
      db.$queryRaw<{ dueAt: Date; ranAt: Date; outcome: string; startedAt: Date | null }[]>`
        SELECT r.due_at AS "dueAt", r.ran_at AS "ranAt", r.outcome, j.started_at AS "startedAt"
        FROM scheduled_runs r LEFT JOIN jobs j ON j.id = r.job_id
        WHERE r.kind = 'backup' AND r.due_at >= ${windowStart} AND r.due_at < ${windowEnd}`;
    // Until every due tick fired and every backup it started has started, or a minute past the window.
    await until(
      async () => {
        const runs = await runsInWindow();
        const pending = expected - runs.filter((r) => r.outcome !== "started" || r.startedAt !== null).length;
        if (pending === 0) return { done: true };
        return Date.now() > windowEnd.getTime() + 60_000 ? { done: true } : { done: false, missing: `${pending} ticks or backups` };
      },
      windowHours * hourMs + 5 * 60_000,
    );
    const runs = await runsInWindow();
    const loadAverage = Math.round(os.loadavg()[0]! * 10) / 10;

    const started = runs.filter((r) => r.outcome === "started" && r.startedAt !== null);
    const skipped: Record<string, number> = {};
    for (const r of runs.filter((r) => r.outcome !== "started")) skipped[r.outcome] = (skipped[r.outcome] ?? 0) + 1;
    const tick = lateness(runs.map((r) => r.ranAt.getTime() - r.dueAt.getTime()));
    const backup = lateness(started.map((r) => r.startedAt!.getTime() - r.dueAt.getTime()));
    const met = runs.length === expected && started.length === expected && backup.p99Ms !== null && backup.p99Ms <= GOAL_P99_MS;
    const result: ScheduleLatenessResult = {
      clusters: clusterIds.length,
      workers: workerCount,
      compression,
      windowHours,
      expected,
      fired: runs.length,
      started: started.length,
      skipped,
      tick,
      loadAverage,
      backupStart: { ...backup, goalP99Ms: GOAL_P99_MS, met },
    };
    log(
      `schedules: ${runs.length} of ${expected} ticks fired, ${started.length} backups started (load average ${loadAverage}); ` +
        `tick lateness p50 ${tick.p50Ms} ms, p99 ${tick.p99Ms} ms, max ${tick.maxMs} ms; ` +
        `backup start lateness p50 ${backup.p50Ms} ms, p99 ${backup.p99Ms} ms, max ${backup.maxMs} ms (goal p99 ≤ ${GOAL_P99_MS} ms, every tick: ${met ? "met" : "NOT met"})`,
    );
    return result;
  } finally {
    await Promise.all(children.map(stopWorker));
    await queue.close();
    connection.disconnect();
    await stopRedisServer(redis);
  }
}

/**
 * "m * * * *" (minute m of every hour) run `compression` times as often: second m·60/compression
 * of every period of 60/compression minutes ("m * * * * *" at 60 times, "55 4-59/5 * * * *" for
 * m = 59 at 12 times).
 */
function compressed(hourly: string, compression: number): string {
  const [minute, ...rest] = hourly.split(" ");
  if (rest.join(" ") !== "* * * *") throw new Error(`not an hourly pattern: ${hourly}`);
  const offset = (Number(minute) * 60) / compression;
  const periodMinutes = 60 / compression;
  return `${offset % 60} ${Math.floor(offset / 60)}-59/${periodMinutes} * * * *`;
}

function lateness(ms: number[]): Lateness {
  if (ms.length === 0) return { count: 0, p50Ms: null, p99Ms: null, maxMs: null };
  return { count: ms.length, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), maxMs: percentile(ms, 100) };
}

function startWorker(env: NodeJS.ProcessEnv, log: (m: string) => void): ChildProcess {
  // node itself, not the tsx CLI, so that signals reach the worker (as the tests start workers).
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench/lib/schedule-worker.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Its logs (warnings and errors only) and crashes: the last few shown if it stops early.
  let tail = "";
  for (const stream of [child.stdout!, child.stderr!])
    stream.setEncoding("utf8").on("data", (text: string) => (tail = (tail + text).slice(-4000)));
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") log(`schedules: a worker exited (${code ?? signal}):\n${tail}`);
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const log = (m: string) => console.log(`bench: ${m}`);
  const result = await withThrowawayCatalog("schedules", log, async (db, dir, databaseUrl) => {
    const { clusterIds } = await createPlaceholderClusters(db, { prefix: "scale", count: num("WAYBACK_BENCH_SCALE_CLUSTERS") ?? 1000 });
    return benchScheduleLateness({ db, databaseUrl, dir, clusterIds }, log, {
      compression: num("WAYBACK_BENCH_SCHEDULE_COMPRESSION"),
      windowHours: num("WAYBACK_BENCH_SCHEDULE_HOURS"),
    });
  });
  console.log(JSON.stringify(result, null, 2));
}
