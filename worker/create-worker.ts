import { Worker } from "bullmq";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { markJobFailed } from "@/lib/jobs/job-record";
import { logger } from "@/lib/log";
import { createPgBinaries } from "@/lib/pg/binaries";
import { QUEUE_NAME } from "@/lib/queue/catalog";
import { createRedis } from "@/lib/queue/redis";
import { PROCESSORS } from "@/worker/processors";
import { createJobRunner } from "@/worker/run-job";

/** A queue consumer with every processor, mirroring job state into the catalog. */
export function createWorker(cfg: Config, db: Db): Worker {
  const deps = { config: cfg, db, pgBinaries: createPgBinaries({ root: cfg.pg.binRoot, binDir: cfg.pg.binDir }) };
  const connection = createRedis(cfg.redisUrl, "worker");
  const worker = new Worker(QUEUE_NAME, createJobRunner(deps, PROCESSORS), {
    connection,
    concurrency: cfg.workerConcurrency,
    lockDuration: cfg.jobLockMs,
    stalledInterval: cfg.jobLockMs,
    maxStalledCount: 1,
  });

  // A worker that died mid-job (SIGKILL, power loss) stops renewing its lock; the stalled checker
  // of any live worker then puts the job back in the queue, or fails it past maxStalledCount.
  // Neither runs our processor, so the catalog is told here.
  worker.on("stalled", (jobId) => {
    logger.warn({ jobId }, "job stalled: its worker stopped; it goes back to the queue");
    markJobFailed(db, jobId, "The worker running this job stopped", true).catch((err) => logger.error({ err, jobId }, "could not record a stalled job"));
  });
  worker.on("failed", (job, err) => {
    if (job?.id && /stalled/i.test(err.message)) {
      markJobFailed(db, job.id, "The worker running this job stopped, more often than allowed", false).catch((e) =>
        logger.error({ err: e, jobId: job.id }, "could not record a failed job"),
      );
    }
  });
  worker.on("error", (err) => logger.error({ err }, "worker error"));
  // BullMQ closes the connections it duplicated, not the one it was given.
  worker.on("closed", () => connection.disconnect());
  return worker;
}
