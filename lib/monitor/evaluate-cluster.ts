import { raiseAlert, resolveAlert } from "@/lib/alerts/alert-record";
import type { Db } from "@/lib/db/client";
import type { MonitorSample } from "@/lib/db/generated/client";
import {
  evaluateAlertRules,
  type MonitorFacts,
  type MonitorThresholds,
  type Observation,
  type RuleOutcome,
} from "@/lib/domain/alert-rules";
import { parseLsn } from "@/lib/domain/lsn";
import { notFound } from "@/lib/errors/app-error";
import { rangeRecovery } from "@/lib/timeline/range-recovery";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import type { CliInvocation } from "@/lib/wal/cli-commands";
import { backupEveryHours } from "@/lib/policies/backup-every-hours";
import { copyFreshness } from "@/lib/copies/copy-freshness";

/**
 * After a sample: the catalog's facts about the cluster gathered, the pure rules
 * (lib/domain/alert-rules.ts) applied, and each rule's alert raised, resolved or left as it is.
 */
export async function evaluateCluster(
  db: Db,
  opts: { clusterId: string; thresholds: MonitorThresholds; cli: CliInvocation; now?: Date },
): Promise<RuleOutcome[]> {
  const now = opts.now ?? new Date();
  const facts = await monitorFacts(db, { ...opts, now });
  const outcomes = evaluateAlertRules(facts);
  for (const o of outcomes) {
    if (o.state === "firing")
      await raiseAlert(db, { clusterId: opts.clusterId, rule: o.rule, severity: o.severity, message: o.message, details: o.details, now });
    else if (o.state === "clear") await resolveAlert(db, opts.clusterId, o.rule, now);
  }
  return outcomes;
}

export async function monitorFacts(
  db: Db,
  opts: { clusterId: string; thresholds: MonitorThresholds; cli: CliInvocation; now: Date },
): Promise<MonitorFacts> {
  const { clusterId, now } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { walReceiver: true, policy: true } });
  if (!cluster) throw notFound("The cluster");
  const cutoff = new Date(now.getTime() - opts.thresholds.archiveStaleMs);
  const [recent, beforeCutoff, firstWithWal, newestComplete, newestFinished, timeline, copies] = await Promise.all([
    db.monitorSample.findMany({ where: { clusterId }, orderBy: { takenAt: "desc" }, take: 3 }),
    db.monitorSample.findFirst({
      where: { clusterId, takenAt: { lte: cutoff }, currentSegment: { not: null } },
      orderBy: { takenAt: "desc" },
    }),
    db.monitorSample.findFirst({ where: { clusterId, currentSegment: { not: null } }, orderBy: { takenAt: "asc" } }),
    db.backup.findFirst({ where: { clusterId, status: "complete" }, orderBy: { finishedAt: "desc" }, select: { finishedAt: true } }),
    db.backup.findFirst({
      where: { clusterId, status: { in: ["complete", "failed"] } },
      orderBy: { startedAt: "desc" },
      select: { id: true, status: true, label: true, error: true },
    }),
    // The recovery picture from WAL ranges: the pass costs the same with 100 or 100,000 segments.
    rangeRecovery(db, { clusterId }).then((r) => r.get(clusterId)?.picture ?? null),
    copyFreshness(db, { clusterIds: [clusterId], now }),
  ]);
  // The rules look at the last passes, the newest pass old enough to judge staleness, and the
  // first pass that saw WAL: never the whole series.
  const byId = new Map<string, MonitorSample>();
  for (const s of [firstWithWal, beforeCutoff, ...recent]) if (s) byId.set(s.id, s);
  const observations = [...byId.values()].sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime()).map(toObservation);

  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const windows = timeline?.windows ?? [];
  const latest = windows.reduce<(typeof windows)[number] | null>((best, w) => (!best || w.to.time > best.to.time ? w : best), null);
  return {
    now,
    walMode: cluster.walMode,
    hasRepository: cluster.repositoryId !== null,
    clusterName: cluster.name,
    clusterCreatedAt: cluster.createdAt,
    observations,
    receiver: cluster.walReceiver
      ? {
          state: cluster.walReceiver.state,
          lastError: cluster.walReceiver.lastError,
          slotName: cluster.walReceiver.slotName,
          partialError: cluster.walReceiver.partialError,
          partialFailedAt: cluster.walReceiver.partialFailedAt,
        }
      : null,
    gaps: (timeline?.gaps ?? []).map((g) => ({
      timeline: g.timeline,
      firstSegment: segmentName(g.timeline, g.first, segmentSize),
      lastSegment: segmentName(g.timeline, g.last, segmentSize),
      missingCount: Number(g.missingCount),
    })),
    newestCompleteBackupAt: newestComplete?.finishedAt ?? null,
    newestFinishedBackup: newestFinished ? { ...newestFinished, status: newestFinished.status as "complete" | "failed" } : null,
    latestRecoverable: latest ? { time: latest.to.time, lsn: latest.to.lsn, partial: latest.to.partial === true } : null,
    backupEveryHours: backupEveryHours(cluster, now),
    rpoTargetSeconds: cluster.rpoTargetSeconds,
    synchronousReceive: cluster.synchronousReceive,
    thresholds: opts.thresholds,
    segmentSize,
    copies: copies.get(clusterId) ?? [],
  };
}

function toObservation(s: MonitorSample): Observation {
  return {
    takenAt: s.takenAt,
    reachable: s.reachable,
    error: s.error,
    archiveMode: s.archiveMode,
    archivedCount: s.archivedCount,
    failedCount: s.failedCount,
    lastArchivedWal: s.lastArchivedWal,
    lastArchivedAt: s.lastArchivedAt,
    lastFailedWal: s.lastFailedWal,
    lastFailedAt: s.lastFailedAt,
    currentLsn: s.currentLsn === null ? null : parseLsn(s.currentLsn),
    currentSegment: s.currentSegment,
    receiverState: s.receiverState,
    slotLagBytes: s.slotLagBytes,
    archiveNewestSegment: s.archiveNewestSegment,
  };
}
