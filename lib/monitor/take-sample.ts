import { connectionTarget, probeClusterHosts } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import type { MonitorSample } from "@/lib/db/generated/client";
import { parseLsn } from "@/lib/domain/lsn";
import { readMonitorStats } from "@/lib/pg/monitor-stats";
import { slotNameFor } from "@/lib/pg/receivewal";
import { newestSegment } from "@/lib/timeline/newest-segments";

// Samples are kept this long: enough for a week of charts and the rules' look-back.
const KEEP_MS = 7 * 86_400_000;

/**
 * One monitor pass over one cluster, stored: the server's archiver statistics, WAL position and
 * slot lag (or why the server could not be read), the receiver's state, and the newest segment
 * in Wayback's archive. The WAL write rate is measured against the previous sample.
 */
export async function takeSample(
  db: Db,
  opts: { clusterId: string; secretKey: Buffer; signal?: AbortSignal; now?: Date },
): Promise<MonitorSample> {
  const { clusterId } = opts;
  const [stats, receiver, newest, previous, hosts] = await Promise.all([
    connectionTarget(db, clusterId, opts.secretKey)
      .then((t) => readMonitorStats(t, slotNameFor(clusterId), opts.signal))
      .then(
        (s) => ({ ok: true as const, s }),
        (err: Error) => ({ ok: false as const, error: err.message }),
      ),
    db.walReceiver.findUnique({ where: { clusterId } }),
    newestSegment(db, clusterId),
    db.monitorSample.findFirst({ where: { clusterId, currentLsn: { not: null } }, orderBy: { takenAt: "desc" } }),
    // Which database host is primary now (clusters with standbys; docs/decisions/0025).
    probeClusterHosts(db, clusterId, opts.secretKey, opts.signal),
  ]);
  const now = opts.now ?? new Date();
  const common = {
    clusterId,
    takenAt: now,
    receiverState: receiver?.state ?? null,
    archiveNewestSegment: newest?.name ?? null,
    archiveNewestAt: newest?.archivedAt ?? null,
    databaseHosts: hosts ?? undefined,
  };
  const sample = await db.monitorSample.create({
    data: stats.ok
      ? {
          ...common,
          reachable: true,
          archiveMode: stats.s.archiveMode,
          archivedCount: stats.s.archivedCount,
          failedCount: stats.s.failedCount,
          lastArchivedWal: stats.s.lastArchivedWal,
          lastArchivedAt: stats.s.lastArchivedAt,
          lastFailedWal: stats.s.lastFailedWal,
          lastFailedAt: stats.s.lastFailedAt,
          currentLsn: stats.s.currentLsn,
          currentSegment: stats.s.currentSegment,
          walBytesPerSec: writeRate(previous, stats.s.currentLsn, now),
          slotLagBytes: stats.s.slotLagBytes,
        }
      : { ...common, reachable: false, error: stats.error },
  });
  await db.monitorSample.deleteMany({ where: { clusterId, takenAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  return sample;
}

function writeRate(previous: MonitorSample | null, currentLsn: string | null, now: Date): number | null {
  if (!previous?.currentLsn || !currentLsn) return null;
  const seconds = (now.getTime() - previous.takenAt.getTime()) / 1000;
  const bytes = parseLsn(currentLsn) - parseLsn(previous.currentLsn);
  // A new timeline or a restored server can move the position back: no rate then.
  return seconds > 0 && bytes >= 0n ? Number(bytes) / seconds : null;
}
