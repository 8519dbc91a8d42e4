import path from "node:path";
import { config } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { sweepStalePgPass } from "@/lib/pg/pgpass";
import { recordProcessGroupsIn } from "@/lib/pg/process-groups";
import { reapGroupsOfDeadWorkers } from "@/lib/pg/reap-groups";
import { createWorker } from "@/worker/create-worker";
import { startReaper } from "@/worker/start-reaper";

// The worker process: consumes the queue, runs PostgreSQL's tools, records everything in the
// catalog. It serves no HTTP.
const cfg = config();
logger.level = cfg.logLevel;
const db = createDb(cfg.databaseUrl);
// A worker killed mid-job (SIGKILL) leaves its 0600 password files behind: the next one removes them.
const swept = await sweepStalePgPass();
if (swept) logger.info({ swept }, "removed password files left by a stopped worker");
// ...and maybe programs still running (when its reaper died too): end them before taking jobs.
const processRecords = path.join(cfg.spoolDir, ".processes");
const reaped = await reapGroupsOfDeadWorkers(processRecords);
if (reaped) logger.warn({ reaped }, "ended programs left running by a stopped worker");
startReaper(recordProcessGroupsIn(processRecords), cfg.spoolDir);
const worker = createWorker(cfg, db);
worker.workers[0]!.on("ready", () =>
  logger.info(
    { id: worker.id, host: cfg.workerHost, queues: worker.workers.map((w) => w.name), concurrency: cfg.workerConcurrency },
    "worker ready",
  ),
);

// Running jobs get this long to finish; after that (or when Redis is gone and close() cannot
// complete) the process leaves anyway and the stalled-job check hands its jobs to another worker.
const SHUTDOWN_GRACE_MS = 30_000;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: letting running jobs finish");
  const closed = await Promise.race([
    worker.close().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref()),
  ]);
  if (!closed) logger.warn("running jobs did not finish in time; leaving them to the stalled-job check");
  await db.$disconnect();
  process.exit(closed ? 0 : 1);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
