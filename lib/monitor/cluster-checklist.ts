import type { Config } from "@/lib/config";
import type { Cluster, Policy } from "@/lib/db/generated/client";
import { readChannelCoverage } from "@/lib/domain/channel-settings";
import { channelCovers } from "@/lib/domain/notification-input";
import { isLocalHost, productionChecklist, type ChecklistItem } from "@/lib/domain/production-checklist";
import { backupEveryHours } from "@/lib/policies/backup-every-hours";
import type { CopyFreshness } from "@/lib/copies/copy-freshness";

/** The alert rules the checklist's archiving item counts. */
export const ARCHIVE_RULES = ["archive_failing", "archive_stale", "receiver_down", "wal_gap"];

/** What the checklist reads about one cluster, however it was fetched (one cluster's page, or the whole fleet at once). */
export interface ClusterChecklistRows {
  cluster: Pick<Cluster, "id" | "walMode" | "host" | "localDataDir" | "backupEveryHours" | "rpoTargetSeconds"> & {
    policy: Pick<Policy, "name" | "backupCron" | "timeZone" | "retentionCron"> | null;
    repository: { name: string; kind: string } | null;
    walReceiver: { state: string } | null;
  };
  newestCompleteBackupAt: Date | null;
  /** The archived segment with the highest number. */
  archiveNewest: { name: string; archivedAt: Date } | null;
  /** archive_mode from the newest of the recent samples that read it. */
  archiveMode: string | null;
  lastSampleAt: Date | null;
  /** Rules of the cluster's open or acknowledged alerts (any rule; the archive ones are picked here). */
  openAlertRules: string[];
  newestPassedVerificationAt: Date | null;
  newestPassedDrill: { finishedAt: Date | null; totalMs: number | null } | null;
  lastRetentionRun: { status: "running" | "finished" | "failed"; stopped: string | null; error: string | null } | null;
  /** The cluster's copy repositories and how current each is. */
  copies: CopyFreshness[];
  /** Every enabled notification channel. */
  channels: { id: string; name: string; severities: unknown; clusterIds: unknown }[];
}

export function clusterChecklist(
  rows: ClusterChecklistRows,
  opts: { config: { monitor: Pick<Config["monitor"], "intervalMs"> }; now: Date },
): ChecklistItem[] {
  const { cluster } = rows;
  const { now } = opts;
  return productionChecklist({
    now,
    walMode: cluster.walMode,
    backupEveryHours: backupEveryHours(cluster, now),
    newestCompleteBackupAt: rows.newestCompleteBackupAt,
    archiveNewest: rows.archiveNewest,
    receiverState: cluster.walReceiver?.state ?? null,
    archiveMode: rows.archiveMode,
    openArchiveAlerts: rows.openAlertRules.filter((rule) => ARCHIVE_RULES.includes(rule)),
    newestPassedVerificationAt: rows.newestPassedVerificationAt,
    newestPassedDrill: rows.newestPassedDrill?.finishedAt
      ? { finishedAt: rows.newestPassedDrill.finishedAt, totalMs: rows.newestPassedDrill.totalMs }
      : null,
    retention: { policy: cluster.policy?.name ?? null, scheduled: Boolean(cluster.policy?.retentionCron), lastRun: rows.lastRetentionRun },
    monitoringOn: opts.config.monitor.intervalMs > 0,
    lastSampleAt: rows.lastSampleAt,
    monitorIntervalMs: opts.config.monitor.intervalMs,
    coveringChannels: rows.channels
      .filter((c) => channelCovers(readChannelCoverage(c), { severity: "critical", clusterId: cluster.id }))
      .map((c) => c.name),
    repository: cluster.repository
      ? {
          name: cluster.repository.name,
          kind: cluster.repository.kind,
          sameHostAsCluster: isLocalHost(cluster.host) || cluster.localDataDir !== null,
        }
      : null,
    copies: rows.copies,
    rpoTargetSeconds: cluster.rpoTargetSeconds,
  });
}
