import { config } from "@/lib/config";
import { createDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { QUEUE_NAME } from "@/lib/queue/catalog";
import { createWorker } from "@/worker/create-worker";

// The worker process: consumes the queue, runs PostgreSQL's tools, records everything in the
// catalog. It serves no HTTP.
const cfg = config();
logger.level = cfg.logLevel;
const db = createDb(cfg.databaseUrl);
const worker = createWorker(cfg, db);
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
