import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { MonitorSample } from "@/lib/db/generated/client";
import type { ChecklistItem } from "@/lib/domain/production-checklist";
import { notFound } from "@/lib/errors/app-error";
import { ARCHIVE_RULES, clusterChecklist } from "@/lib/monitor/cluster-checklist";
import { copyFreshness } from "@/lib/copies/copy-freshness";
import { newestSegment } from "@/lib/timeline/newest-segments";

/** Samples in a cluster's series (the last hour at the default interval); the checklist reads archive_mode from them too. */
export const SERIES = 120;

export interface SampleView {
  takenAt: string;
  reachable: boolean;
  error: string | null;
  archiveMode: string | null;
  archivedCount: number | null;
  failedCount: number | null;
  lastArchivedWal: string | null;
  lastArchivedAt: string | null;
  lastFailedWal: string | null;
  lastFailedAt: string | null;
  currentLsn: string | null;
  currentSegment: string | null;
  walBytesPerSec: number | null;
  receiverState: string | null;
  slotLagBytes: number | null;
  archiveNewestSegment: string | null;
  archiveNewestAt: string | null;
}

export interface MonitoringView {
  intervalMs: number;
  /** Oldest first: the last hour at the default interval. */
  samples: SampleView[];
  checklist: ChecklistItem[];
}

/** A cluster's monitoring as its page shows it: the recent time series and the production checklist. */
export async function getMonitoring(
  db: Db,
  opts: { clusterId: string; config: Pick<Config, "monitor">; now?: Date },
): Promise<MonitoringView> {
  const { clusterId } = opts;
  const now = opts.now ?? new Date();
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { repository: { select: { name: true, kind: true } }, walReceiver: { select: { state: true } }, policy: true },
  });
  if (!cluster) throw notFound("The cluster");
  const [samples, backup, newest, verification, drill, alerts, channels, retentionRun, copies] = await Promise.all([
    db.monitorSample.findMany({ where: { clusterId }, orderBy: { takenAt: "desc" }, take: SERIES }),
    db.backup.findFirst({ where: { clusterId, status: "complete" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    newestSegment(db, clusterId),
    db.verification.findFirst({ where: { clusterId, status: "passed" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    db.drill.findFirst({
      where: { clusterId, status: "passed" },
      orderBy: { finishedAt: "desc" },
      select: { finishedAt: true, totalMs: true },
    }),
    db.alert.findMany({
      where: { clusterId, state: { in: ["open", "acknowledged"] }, rule: { in: ARCHIVE_RULES } },
      select: { rule: true },
    }),
    db.notificationChannel.findMany({ where: { enabled: true }, select: { id: true, name: true, severities: true, clusterIds: true } }),
    db.retentionRun.findFirst({
      where: { clusterId },
      orderBy: { startedAt: "desc" },
      select: { status: true, stopped: true, error: true },
    }),
    copyFreshness(db, { clusterIds: [clusterId], now }),
  ]);
  const checklist = clusterChecklist(
    {
      cluster,
      newestCompleteBackupAt: backup?.finishedAt ?? null,
      archiveNewest: newest,
      archiveMode: samples.find((s) => s.archiveMode !== null)?.archiveMode ?? null,
      lastSampleAt: samples[0]?.takenAt ?? null,
      openAlertRules: alerts.map((a) => a.rule),
      newestPassedVerificationAt: verification?.finishedAt ?? null,
      newestPassedDrill: drill,
      lastRetentionRun: retentionRun,
      copies: copies.get(clusterId) ?? [],
      channels,
    },
    { config: opts.config, now },
  );
  return { intervalMs: opts.config.monitor.intervalMs, samples: samples.reverse().map(presentSample), checklist };
}

const num = (v: bigint | null) => (v === null ? null : Number(v));
const iso = (d: Date | null) => d?.toISOString() ?? null;

function presentSample(s: MonitorSample): SampleView {
  return {
    takenAt: s.takenAt.toISOString(),
    reachable: s.reachable,
    error: s.error,
    archiveMode: s.archiveMode,
    archivedCount: num(s.archivedCount),
    failedCount: num(s.failedCount),
    lastArchivedWal: s.lastArchivedWal,
    lastArchivedAt: iso(s.lastArchivedAt),
    lastFailedWal: s.lastFailedWal,
    lastFailedAt: iso(s.lastFailedAt),
    currentLsn: s.currentLsn,
    currentSegment: s.currentSegment,
    walBytesPerSec: s.walBytesPerSec,
    receiverState: s.receiverState,
    slotLagBytes: num(s.slotLagBytes),
    archiveNewestSegment: s.archiveNewestSegment,
    archiveNewestAt: iso(s.archiveNewestAt),
  };
}
