import type { Queue } from "bullmq";
import { clusterRemoved } from "@/lib/clusters/cluster-removed";
import { ensureCopyJob } from "@/lib/copies/ensure-copy-job";
import type { Db } from "@/lib/db/client";
import { clusterEngine } from "@/lib/engines/cluster-engine";
import { logger } from "@/lib/log";
import { ensureLongJob } from "@/lib/queue/ensure-long-job";
import { syncAllSchedules } from "@/lib/schedules/sync-schedules";
import { ensureIndexJob } from "@/lib/wal/ensure-index-job";

/**
 * Every worker checks, on a short interval, that each cluster archiving by streaming has its
 * receiver job, and that newly archived WAL gets read for commit times; the checks are idempotent
 * across workers (they lock per cluster), so any number of workers can run them and a dead
 * worker's receivers come back on a live one. With monitoring on, every cluster (with a
 * repository or not) also gets its monitor job, and a cluster with copy repositories a copy run when
 * they lack a backup or WAL. Each policy's job schedulers are reconciled too.
 */
export function startArchiveSupervisor(
  db: Db,
  queues: { main: Queue; stream: Queue },
  opts: { intervalMs: number; monitor: boolean; config: Parameters<typeof clusterEngine>[2] },
): { stop(): void } {
  let running = false;
  const superviseCluster = async (c: { id: string; walMode: string; repositoryId: string | null; engine: string }) => {
    if (opts.monitor) await ensureLongJob(db, queues.stream, "monitor", c.id);
    if (c.repositoryId === null) return;
    // A pgBackRest cluster's archive grows by archive-push: its sets and WAL read into the catalog (decision 0029).
    // (An owned stanza has nothing to read before its first backup writes its config.)
    if (c.engine === "pgbackrest" && (await db.backup.count({ where: { clusterId: c.id } })) > 0) {
      await (
        await clusterEngine(db, c.id, opts.config)
      )
        ?.listBackups()
        .catch((err: Error) => logger.warn({ clusterId: c.id, err }, "could not read the pgBackRest stanza"));
    }
    if (c.walMode === "streaming") {
      const job = await ensureLongJob(db, queues.stream, "wal.stream", c.id);
      if (job) logger.info({ clusterId: c.id, jobId: job.id }, "started a WAL receiver job");
    }
    await ensureIndexJob(db, queues.main, c.id);
    await ensureCopyJob(db, queues.main, c.id);
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Policies saved while Redis was unreachable get their schedulers here.
      await syncAllSchedules(db, queues.main);
      const clusters = await db.cluster.findMany({ select: { id: true, walMode: true, repositoryId: true, engine: true } });
      for (const c of clusters) {
        try {
          await superviseCluster(c);
        } catch (err) {
          // Removed since the list was read: its jobs could not be recorded, and are not wanted.
          if (await clusterRemoved(db, c.id)) continue;
          throw err;
        }
      }
    } catch (err) {
      logger.error({ err }, "archive supervisor tick failed");
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), opts.intervalMs);
  return { stop: () => clearInterval(timer) };
}
