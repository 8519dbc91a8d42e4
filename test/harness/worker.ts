import { randomBytes } from "node:crypto";
import { Queue, type Worker } from "bullmq";
import { afterAll, beforeAll, expect } from "vitest";
import { parseConfig, type Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";
import { QUEUE_NAME } from "@/lib/queue/catalog";
import { createRedis } from "@/lib/queue/redis";
import { createWorker } from "@/worker/create-worker";
import { useCatalog } from "@/test/harness/catalog";

/** The environment a worker process of this test run needs (real catalog and Redis). */
export function workerEnv(cat: { databaseUrl: string; redisUrl: string }, secretKeyHex: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: cat.databaseUrl, REDIS_URL: cat.redisUrl, WAYBACK_SECRET_KEY: secretKeyHex, WAYBACK_LOG_LEVEL: "warn", ...extra };
}

/**
 * A real BullMQ worker with every processor, in this test process, plus a producer queue and a
 * way to wait for a catalog job row to reach a state.
 */
export function useWorker(): { db: Db; queue: () => Queue; config: () => Config; waitForJob: (id: string, done?: (j: Job) => boolean) => Promise<Job> } {
  const cat = useCatalog();
  const keyHex = randomBytes(32).toString("hex");
  const cfg = parseConfig(workerEnv(cat, keyHex));
  logger.level = cfg.logLevel;
  let worker: Worker | undefined;
  let queue: Queue | undefined;
  beforeAll(async () => {
    worker = createWorker(cfg, cat.db);
    queue = new Queue(QUEUE_NAME, { connection: createRedis(cfg.redisUrl, "producer") });
    await worker.waitUntilReady();
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
  });
  return {
    db: cat.db,
    queue: () => queue!,
    config: () => cfg,
    waitForJob: (id, done = (j) => j.status === "succeeded" || j.status === "failed") => waitForJob(cat.db, id, done),
  };
}

export async function waitForJob(db: Db, id: string, done: (j: Job) => boolean, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  let job: Job | null = null;
  while (Date.now() < deadline) {
    job = await db.job.findUnique({ where: { id } });
    if (job && done(job)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect.fail(`job ${id} did not reach the expected state in ${timeoutMs} ms; last seen: ${JSON.stringify(job, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
}
