import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, expect } from "vitest";
import { parseConfig, type Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { createWorker, type WorkerProcess } from "@/worker/create-worker";
import { useCatalog } from "@/test/harness/catalog";

/** The environment a worker process of this test run needs (real catalog and Redis). */
/**
 * The environment a worker of this test run needs (real catalog and Redis). The archive
 * supervisor is off unless a test turns it on: test files share one catalog, and a receiver
 * started for another file's cluster would be noise.
 */
export function workerEnv(
  cat: { databaseUrl: string; redisUrl: string; cli: { command: string; configFile: string } },
  secretKeyHex: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: cat.databaseUrl,
    REDIS_URL: cat.redisUrl,
    WAYBACK_SECRET_KEY: secretKeyHex,
    WAYBACK_LOG_LEVEL: "warn",
    WAYBACK_SUPERVISE_MS: "0",
    // Monitors raise alerts of their own (a test's deliberate WAL gap, say): only tests about
    // monitoring turn them on.
    WAYBACK_MONITOR_INTERVAL_MS: "0",
    // Test files share one Redis: each key gets its own queues, so workers never take another
    // file's jobs (encrypted with another key).
    WAYBACK_QUEUE_PREFIX: `test-${secretKeyHex.slice(0, 12)}`,
    WAYBACK_SPOOL_DIR: path.join(os.tmpdir(), `wayback-spool-${secretKeyHex.slice(0, 12)}`),
    WAYBACK_REPO_ROOTS: os.tmpdir(), // test repositories are temporary directories
    WAYBACK_RESTORE_ROOTS: os.tmpdir(),
    // Files running at the same time (restores, drills) must not propose the same ports: each
    // vitest worker gets its own block; files in one worker run one after another.
    WAYBACK_RESTORE_PORTS: restorePorts(),
    WAYBACK_CLI_COMMAND: cat.cli.command,
    WAYBACK_CLI_CONFIG: cat.cli.configFile,
    ...extra,
  };
}

// Below Linux's ephemeral range (32768-60999): outgoing connections and freePort() never hold them.
function restorePorts(): string {
  const pool = Number(process.env.VITEST_POOL_ID) || 1;
  const from = 31100 + ((pool - 1) % 8) * 100;
  return `${from}-${from + 99}`;
}

/**
 * A real BullMQ worker with every processor, in this test process, plus a producer queue and a
 * way to wait for a catalog job row to reach a state.
 */
export function useWorker(
  extraEnv: Record<string, string> = {},
  opts: { now?: () => Date } = {},
): { db: Db; queue: () => Queue; config: () => Config; waitForJob: (id: string, done?: (j: Job) => boolean) => Promise<Job> } {
  const cat = useCatalog();
  const keyHex = randomBytes(32).toString("hex");
  const cfg = parseConfig(workerEnv(cat, keyHex, extraEnv));
  logger.level = cfg.logLevel;
  let worker: WorkerProcess | undefined;
  let queue: Queue | undefined;
  beforeAll(async () => {
    worker = createWorker(cfg, cat.db, opts);
    queue = openQueue(QUEUE_NAME, createRedis(cfg.redisUrl, "producer"), cfg.queuePrefix);
    await Promise.all(worker.workers.map((w) => w.waitUntilReady()));
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await fs.rm(cfg.spoolDir, { recursive: true, force: true });
  });
  return {
    db: cat.db,
    queue: () => queue!,
    config: () => cfg,
    waitForJob: (id, done = (j) => j.status === "succeeded" || j.status === "failed") => waitForJob(cat.db, id, done),
  };
}

export async function waitForJob(db: Db, id: string, done: (j: Job) => boolean, timeoutMs = 300_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  let job: Job | null = null;
  while (Date.now() < deadline) {
    job = await db.job.findUnique({ where: { id } });
    if (job && done(job)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect.fail(
    `job ${id} did not reach the expected state in ${timeoutMs} ms; last seen: ${JSON.stringify(job, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`,
  );
}
