import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { ensureStreamJob } from "@/lib/wal/ensure-stream-job";

/**
 * Every worker checks, on a short interval, that each cluster archiving by streaming has its
 * receiver job; the check is idempotent across workers (ensureStreamJob locks per cluster), so
 * any number of workers can run it and a dead worker's receivers come back on a live one.
 */
export function startArchiveSupervisor(db: Db, streamQueue: Queue, intervalMs: number): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const clusters = await db.cluster.findMany({ where: { walMode: "streaming", repositoryId: { not: null } }, select: { id: true } });
      for (const c of clusters) {
        const job = await ensureStreamJob(db, streamQueue, c.id);
        if (job) logger.info({ clusterId: c.id, jobId: job.id }, "started a WAL receiver job");
      }
    } catch (err) {
      logger.error({ err }, "archive supervisor tick failed");
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return { stop: () => clearInterval(timer) };
}
