import { Worker } from "bullmq";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { WORKER_STOPPED, markJobStalled } from "@/lib/jobs/job-record";
import { logger } from "@/lib/log";
import { createPgBinaries } from "@/lib/pg/binaries";
import { QUEUE_NAME, STREAM_QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { startArchiveSupervisor } from "@/worker/archive-supervisor";
import { startNotifier } from "@/worker/notifier";
import { PROCESSORS } from "@/worker/processors";
import { createJobRunner } from "@/worker/run-job";
import { createScheduleRunner } from "@/worker/run-schedule";

// Receivers are long-running and mostly idle: many per worker process.
const STREAM_CONCURRENCY = 100;

export interface WorkerProcess {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * The queue consumers of one worker process (jobs, and long-running WAL receivers on their own
 * queue), each mirroring job state into the catalog, plus the archive supervisor (receivers, WAL
 * indexing, monitors) and the notifier (alert events → deliveries).
 */
export function createWorker(cfg: Config, db: Db, opts: { now?: () => Date } = {}): WorkerProcess {
  const deps = {
    config: cfg,
    db,
    pgBinaries: createPgBinaries({ root: cfg.pg.binRoot, binDir: cfg.pg.binDir }),
    now: opts.now ?? (() => new Date()),
  };
  const runner = createJobRunner(deps, PROCESSORS);
  const connection = createRedis(cfg.redisUrl, "worker");
  const queues = {
    main: openQueue(QUEUE_NAME, connection, cfg.queuePrefix),
    stream: openQueue(STREAM_QUEUE_NAME, connection, cfg.queuePrefix),
  };
  const runMain = createScheduleRunner(deps, queues.main, runner);
  const common = { connection, prefix: cfg.queuePrefix, lockDuration: cfg.jobLockMs, stalledInterval: cfg.jobLockMs, maxStalledCount: 1 };
  const workers = [
    new Worker(QUEUE_NAME, runMain, { ...common, concurrency: cfg.workerConcurrency }),
    new Worker(STREAM_QUEUE_NAME, runner, { ...common, concurrency: STREAM_CONCURRENCY }),
  ];
  for (const w of workers) watch(w, db, cfg.jobLockMs);
  const supervisor =
    cfg.superviseMs > 0 ? startArchiveSupervisor(db, queues, { intervalMs: cfg.superviseMs, monitor: cfg.monitor.intervalMs > 0 }) : null;
  const notifier = cfg.notify.pollMs > 0 ? startNotifier(db, queues.main, cfg.notify) : null;

  return {
    workers,
    async close() {
      supervisor?.stop();
      notifier?.stop();
      // Receivers run until told to stop; jobs on the main queue get to finish.
      workers[1]!.cancelAllJobs("worker stopping");
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([queues.main.close(), queues.stream.close()]);
      // BullMQ closes the connections it duplicated, not the one it was given.
      connection.disconnect();
    },
  };
}

function watch(worker: Worker, db: Db, lockMs: number): void {
  // A worker that died mid-job (SIGKILL, power loss) stops renewing its lock; the stalled checker
  // of any live worker then puts the job back in the queue, or fails it past maxStalledCount.
  // Neither runs our processor, so the catalog is told here.
  worker.on("stalled", (jobId) => {
    logger.warn({ jobId }, "job stalled: its worker stopped; it goes back to the queue");
    markJobStalled(db, jobId, { error: WORKER_STOPPED, willRetry: true, lockMs }).catch((err) =>
      logger.error({ err, jobId }, "could not record a stalled job"),
    );
  });
  worker.on("failed", (job, err) => {
    if (job?.id && /stalled/i.test(err.message)) {
      markJobStalled(db, job.id, { error: `${WORKER_STOPPED}, more often than allowed`, willRetry: false, lockMs }).catch((e) =>
        logger.error({ err: e, jobId: job.id }, "could not record a failed job"),
      );
    }
  });
  worker.on("error", (err) => logger.error({ err }, "worker error"));
}
