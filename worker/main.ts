import { Worker } from "bullmq";
import { config } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { markJobFailed } from "@/lib/jobs/job-record";
import { logger } from "@/lib/log";
import { createPgBinaries } from "@/lib/pg/binaries";
import { QUEUE_NAME } from "@/lib/queue/catalog";
import { createRedis } from "@/lib/queue/redis";
import { PROCESSORS } from "@/worker/processors";
import { createJobRunner } from "@/worker/run-job";

// The worker process: consumes the queue, runs PostgreSQL's tools, records everything in the
// catalog. It serves no HTTP.
const cfg = config();
logger.level = cfg.logLevel;
const db = createDb(cfg.databaseUrl);
const deps = { config: cfg, db, pgBinaries: createPgBinaries({ root: cfg.pg.binRoot, binDir: cfg.pg.binDir }) };

const worker = new Worker(QUEUE_NAME, createJobRunner(deps, PROCESSORS), {
  connection: createRedis(cfg.redisUrl, "worker"),
  concurrency: cfg.workerConcurrency,
  lockDuration: cfg.jobLockMs,
  stalledInterval: cfg.jobLockMs,
  maxStalledCount: 1,
});

// A worker that died mid-job (SIGKILL, power loss) stops renewing its lock; the stalled checker of
// any live worker then puts the job back in the queue, or fails it past maxStalledCount. Neither
// runs our processor, so the catalog is told here.
worker.on("stalled", (jobId) => {
  logger.warn({ jobId }, "job stalled: its worker stopped; it goes back to the queue");
  void markJobFailed(db, jobId, "The worker running this job stopped", true).catch((err) => logger.error({ err, jobId }, "could not record stalled job"));
});
worker.on("failed", (job, err) => {
  if (job && err.message.includes("stalled")) {
    void markJobFailed(db, job.id!, "The worker running this job stopped, more often than allowed", false).catch((e) =>
      logger.error({ err: e, jobId: job.id }, "could not record failed job"),
    );
  }
});
worker.on("error", (err) => logger.error({ err }, "worker error"));
worker.on("ready", () => logger.info({ queue: QUEUE_NAME, concurrency: cfg.workerConcurrency }, "worker ready"));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: letting running jobs finish");
  await worker.close();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
