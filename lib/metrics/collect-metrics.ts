import { Queue } from "bullmq";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { JOB_TYPES, STREAM_QUEUE_NAME } from "@/lib/queue/job-types";
import { readCatalogMetrics } from "@/lib/metrics/read-catalog-metrics";
import { readQueueMetrics, type QueueFigures } from "@/lib/metrics/read-queue-metrics";
import { renderMetrics } from "@/lib/metrics/render-metrics";
import { within } from "@/lib/metrics/within";
import { hostQueueName, siblingQueue } from "@/lib/queue/host-queues";
import { liveWorkers } from "@/lib/workers/read-workers";

// The stream queue's handle, opened once per main queue, on its connection and under its prefix.
const streamQueues = new WeakMap<Queue, Queue>();
// Well inside Prometheus's default scrape timeout (10 s).
const REDIS_TIMEOUT_MS = 3_000;

/**
 * One scrape of /metrics: the catalog's figures and both queues' depth and workers, read at once,
 * as Prometheus text. Redis failing does not fail the scrape (the catalog's figures are what
 * matter most when things break); the catalog failing does.
 */
export async function collectMetrics(opts: { db: Db; queue: Queue; config: Config; now?: Date }): Promise<string> {
  const live = await liveWorkers(opts.db, opts.config.queuePrefix);
  // The shared queues, and the own queues of every host with a live worker.
  const hosts = [...new Set(live.map((w) => w.host))].sort();
  const stream = streamQueueOf(opts.queue);
  const queues = [opts.queue, stream, ...hosts.flatMap((h) => [opts.queue, stream].map((q) => siblingQueue(q, hostQueueName(q.name, h))))];
  const [catalog, figures] = await Promise.all([
    readCatalogMetrics(opts.db, { config: opts.config, jobTypes: Object.keys(JOB_TYPES), now: opts.now }),
    within(REDIS_TIMEOUT_MS, readQueueMetrics(queues, live)).catch((err: unknown): QueueFigures[] | null => {
      logger.warn({ err }, "metrics: Redis did not answer; queue series left out");
      return null;
    }),
  ]);
  return renderMetrics({ catalog, queues: figures });
}

function streamQueueOf(main: Queue): Queue {
  let stream = streamQueues.get(main);
  if (!stream) {
    stream = new Queue(STREAM_QUEUE_NAME, { connection: main.opts.connection, prefix: main.opts.prefix });
    streamQueues.set(main, stream);
  }
  return stream;
}
