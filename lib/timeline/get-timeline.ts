import type { Db } from "@/lib/db/client";
import type { Cluster, WalReceiver } from "@/lib/db/generated/client";
import { ALERT_RULES, isAlertRule } from "@/lib/domain/alert-rules";
import { formatLsn } from "@/lib/domain/lsn";
import { recoveryPicture } from "@/lib/domain/recoverable-window";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { notFound } from "@/lib/errors/app-error";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { archiveCommandFor, restoreCommandFor, type CliInvocation } from "@/lib/wal/cli-commands";
import type { ArchiveView, TimelineView } from "@/lib/timeline/timeline-view";

/**
 * The cluster's recovery picture as the dashboard draws it: catalog rows in, the one pure
 * computation (lib/domain/recoverable-window.ts) in the middle, a view model out.
 */
export async function getTimeline(db: Db, opts: { clusterId: string; cli: CliInvocation; now?: Date }): Promise<TimelineView> {
  const { clusterId } = opts;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, include: { walReceiver: true } });
  if (!cluster) throw notFound("The cluster");
  const [backups, segments, historyRows, restorePoints, newest, segmentCount, alerts] = await Promise.all([
    db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } }),
    db.walSegment.findMany({ where: { clusterId }, select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true } }),
    db.walHistory.findMany({ where: { clusterId } }),
    db.restorePoint.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" } }),
    db.walSegment.findFirst({ where: { clusterId }, orderBy: [{ timeline: "desc" }, { segno: "desc" }] }),
    db.walSegment.count({ where: { clusterId } }),
    db.alert.findMany({
      where: { clusterId, state: { in: ["open", "acknowledged"] } },
      orderBy: { firstSeenAt: "asc" },
      select: { id: true, rule: true, severity: true, firstSeenAt: true },
    }),
  ]);
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const histories: TimelineHistory[] = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const points = toBackupPoints(backups);
  const picture = recoveryPicture({ backups: points, segments, histories, segmentSize });

  // Commit times around each gap place it on the time axis.
  const commitTimes = new Map(segments.map((s) => [`${s.timeline}:${s.segno}`, s]));
  const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

  return {
    now: (opts.now ?? new Date()).toISOString(),
    segmentSize,
    windows: picture.windows.map((w) => ({
      timeline: w.timeline,
      fromBackupId: w.fromBackupId,
      from: { lsn: formatLsn(w.from.lsn), time: w.from.time.toISOString() },
      to: { lsn: formatLsn(w.to.lsn), time: w.to.time.toISOString() },
    })),
    latestRecoverableTime: iso(picture.latestRecoverableTime),
    gaps: picture.gaps.map((g) => ({
      timeline: g.timeline,
      firstSegment: segmentName(g.timeline, g.first, segmentSize),
      lastSegment: segmentName(g.timeline, g.last, segmentSize),
      missing: g.missing,
      missingCount: Number(g.missingCount),
      after: iso(commitTimes.get(`${g.timeline}:${g.first - 1n}`)?.lastCommitAt),
      before: iso(commitTimes.get(`${g.timeline}:${g.last + 1n}`)?.firstCommitAt),
    })),
    backups: backups.map((b) => ({
      id: b.id,
      status: b.status,
      label: b.label,
      startedAt: b.startedAt.toISOString(),
      stopTime: iso(b.stopTime),
      stopLsn: b.stopLsn,
      timeline: b.timeline,
    })),
    unusableBackups: picture.unusableBackups,
    switches: histories
      .filter((h) => h.parents.length > 0)
      .map((h) => {
        const last = h.parents[h.parents.length - 1]!;
        return { timeline: h.timeline, parent: last.timeline, switchLsn: formatLsn(last.switchLsn), at: null };
      }),
    restorePoints: restorePoints.map((r) => ({ name: r.name, lsn: r.lsn, timeline: r.timeline, createdAt: r.createdAt.toISOString() })),
    alerts: alerts.map((a) => ({
      id: a.id,
      ruleLabel: isAlertRule(a.rule) ? ALERT_RULES[a.rule].label : a.rule,
      severity: a.severity,
      firstSeenAt: a.firstSeenAt.toISOString(),
    })),
    archive: archiveView(cluster, opts.cli, { segmentCount, newest }),
  };
}

function archiveView(
  cluster: Cluster & { walReceiver: WalReceiver | null },
  cli: CliInvocation,
  wal: { segmentCount: number; newest: { name: string; archivedAt: Date } | null },
): ArchiveView {
  const r = cluster.walReceiver;
  return {
    mode: cluster.walMode,
    receiver: r
      ? {
          state: r.state,
          slotName: r.slotName,
          lastError: r.lastError,
          restarts: r.restarts,
          lastSegment: r.lastSegment,
          slotLagBytes: r.slotLagBytes === null ? null : Number(r.slotLagBytes),
          updatedAt: r.updatedAt.toISOString(),
        }
      : null,
    archiveCommand: archiveCommandFor(cli, cluster.id),
    restoreCommand: restoreCommandFor(cli, cluster.id),
    segmentCount: wal.segmentCount,
    newestSegment: wal.newest?.name ?? null,
    newestArchivedAt: wal.newest?.archivedAt.toISOString() ?? null,
  };
}
