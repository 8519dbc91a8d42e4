import { randomBytes } from "node:crypto";
import { Worker, type Job as QueueJob } from "bullmq";
import { z } from "zod";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { WORKER_STOPPED, markJobStalled } from "@/lib/jobs/job-record";
import { logger } from "@/lib/log";
import { createPgBinaries } from "@/lib/pg/binaries";
import { queuesOfHost } from "@/lib/queue/host-queues";
import { QUEUE_NAME, STREAM_QUEUE_NAME, type JobType } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { startArchiveSupervisor } from "@/worker/archive-supervisor";
import { startHeartbeat, WORKER_VERSION } from "@/worker/heartbeat";
import { startNotifier } from "@/worker/notifier";
import type { Processor } from "@/worker/processor";
import { PROCESSORS } from "@/worker/processors";
import { createJobRunner } from "@/worker/run-job";
import { createScheduleRunner } from "@/worker/run-schedule";

// Receivers are long-running and mostly idle: many per worker process.
const STREAM_CONCURRENCY = 100;

export interface WorkerProcess {
  /** `<host>:<pid>:<random>`: its row in the workers table. */
  id: string;
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * The queue consumers of one worker process (jobs, and long-running WAL receivers on their own
 * queue; each shared queue and its worker host's own, docs/decisions/0026), each mirroring job
 * state into the catalog, plus the archive supervisor (receivers, WAL indexing, monitors), the
 * notifier (alert events → deliveries) and the heartbeat (the workers table).
 */
export function createWorker(
  cfg: Config,
  db: Db,
  // processors: every job type's, unless a benchmark stands one in (bench/lib/schedule-worker.ts).
  opts: { now?: () => Date; processors?: { [T in JobType]: Processor<T> } } = {},
): WorkerProcess {
  const deps = {
    config: cfg,
    db,
    pgBinaries: createPgBinaries({ root: cfg.pg.binRoot, binDir: cfg.pg.binDir }),
    now: opts.now ?? (() => new Date()),
  };
  const id = `${cfg.workerHost}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const running = new Set<string>();
  const runner = tracked(createJobRunner(deps, opts.processors ?? PROCESSORS), running);
  const connection = createRedis(cfg.redisUrl, "worker");
  const queues = {
    main: openQueue(QUEUE_NAME, connection, cfg.queuePrefix),
    stream: openQueue(STREAM_QUEUE_NAME, connection, cfg.queuePrefix),
  };
  const runMain = createScheduleRunner(deps, queues.main, runner);
  const common = { connection, prefix: cfg.queuePrefix, lockDuration: cfg.jobLockMs, stalledInterval: cfg.jobLockMs, maxStalledCount: 1 };
  // Each queue's stalled-job check runs in its consumers only: a job on this host's queue is taken
  // over by a worker of this host, never by one elsewhere.
  const [mainShared, mainHost] = queuesOfHost(QUEUE_NAME, cfg.workerHost);
  const [streamShared, streamHost] = queuesOfHost(STREAM_QUEUE_NAME, cfg.workerHost);
  const mainWorkers = [
    new Worker(mainShared, runMain, { ...common, concurrency: cfg.workerConcurrency }),
    new Worker(mainHost, runner, { ...common, concurrency: cfg.workerConcurrency }),
  ];
  const streamWorkers = [
    new Worker(streamShared, runner, { ...common, concurrency: STREAM_CONCURRENCY }),
    new Worker(streamHost, runner, { ...common, concurrency: STREAM_CONCURRENCY }),
  ];
  const workers = [...mainWorkers, ...streamWorkers];
  for (const w of workers) watch(w, db, cfg.jobLockMs);
  const supervisor =
    cfg.superviseMs > 0
      ? startArchiveSupervisor(db, queues, { intervalMs: cfg.superviseMs, monitor: cfg.monitor.intervalMs > 0, config: cfg })
      : null;
  const notifier = cfg.notify.pollMs > 0 ? startNotifier(db, queues.main, cfg.notify) : null;
  const heartbeat = startHeartbeat(
    db,
    () => ({
      id,
      queuePrefix: cfg.queuePrefix,
      host: cfg.workerHost,
      version: WORKER_VERSION,
      queues: workers.map((w) => w.name),
      concurrency: cfg.workerConcurrency,
      runningJobIds: [...running],
      heartbeatMs: cfg.heartbeatMs,
    }),
    cfg.heartbeatMs,
  );

  return {
    id,
    workers,
    async close() {
      supervisor?.stop();
      notifier?.stop();
      // Receivers run until told to stop; jobs on the main queues get to finish.
      for (const w of streamWorkers) w.cancelAllJobs("worker stopping");
      await Promise.all(workers.map((w) => w.close()));
      await heartbeat.stop();
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

/** Keeps the catalog ids of the jobs `run` is running in `running`, for the heartbeat. */
function tracked<R>(run: (job: QueueJob, token?: string, signal?: AbortSignal) => Promise<R>, running: Set<string>) {
  return async (job: QueueJob, token?: string, signal?: AbortSignal): Promise<R> => {
    // Mirrored jobs carry their catalog id; a schedule's tick has none and is over in a moment.
    const parsed = z.uuid().safeParse((job.data as { jobId?: unknown } | undefined)?.jobId);
    const jobId = parsed.success ? parsed.data : null;
    if (jobId) running.add(jobId);
    try {
      return await run(job, token, signal);
    } finally {
      if (jobId) running.delete(jobId);
    }
  };
}
