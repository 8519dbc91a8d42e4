import type { Db } from "@/lib/db/client";
import type { Cluster, WalReceiver } from "@/lib/db/generated/client";
import { ALERT_RULES, isAlertRule } from "@/lib/domain/alert-rules";
import { formatLsn } from "@/lib/domain/lsn";
import { recoveryPicture, recoveryPictureIn, segmentKey, type RecoveryPicture } from "@/lib/domain/recoverable-window";
import { parseTimelineHistory, type TimelineHistory } from "@/lib/domain/timeline-history";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { measuredRpoSeconds } from "@/lib/domain/rpo";
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
  const repository = { select: { id: true, name: true, kind: true } } as const;
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { walReceiver: true, repository, copyRepositories: { orderBy: { createdAt: "asc" }, select: { repository } } },
  });
  if (!cluster) throw notFound("The cluster");
  const [backups, segments, historyRows, restorePoints, newest, segmentCount, alerts, backupCopies, walCopies, partial] = await Promise.all(
    [
      db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } }),
      db.walSegment.findMany({
        where: { clusterId },
        select: { name: true, timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true },
      }),
      db.walHistory.findMany({ where: { clusterId } }),
      db.restorePoint.findMany({ where: { clusterId }, orderBy: { createdAt: "asc" } }),
      db.walSegment.findFirst({ where: { clusterId }, orderBy: [{ timeline: "desc" }, { segno: "desc" }] }),
      db.walSegment.count({ where: { clusterId } }),
      db.alert.findMany({
        where: { clusterId, state: { in: ["open", "acknowledged"] } },
        orderBy: { firstSeenAt: "asc" },
        select: { id: true, rule: true, severity: true, firstSeenAt: true },
      }),
      db.backupCopy.findMany({ where: { backup: { clusterId }, status: "complete" }, select: { backupId: true, repositoryId: true } }),
      db.walSegmentCopy.findMany({ where: { clusterId }, select: { repositoryId: true, name: true } }),
      db.walPartial.findUnique({ where: { clusterId } }),
    ],
  );
  const segmentSize = DEFAULT_WAL_SEGMENT_SIZE;
  const histories: TimelineHistory[] = historyRows.map((h) => parseTimelineHistory(h.timeline, h.content));
  const inputs = { backups: toBackupPoints(backups), segments, histories, segmentSize, partial };
  const picture = recoveryPicture(inputs);
  const pictureView = pictureViewer(segments, segmentSize);

  // Each repository's lane: the primary holds the backups stored in it and the whole WAL index; a
  // copy what the copy job has re-read there.
  const keyOfName = new Map(segments.map((s) => [s.name, segmentKey(s)]));
  const lanes = [
    ...(cluster.repository ? [{ ...cluster.repository, role: "primary" as const }] : []),
    ...cluster.copyRepositories.map((c) => ({ ...c.repository, role: "copy" as const })),
  ].map((r) => {
    const holdings =
      r.role === "primary"
        ? { backupIds: new Set(backups.filter((b) => b.repositoryId === r.id).map((b) => b.id)), segments: null }
        : {
            backupIds: new Set(backupCopies.filter((c) => c.repositoryId === r.id).map((c) => c.backupId)),
            segments: new Set(walCopies.filter((c) => c.repositoryId === r.id).map((c) => keyOfName.get(c.name)!)),
          };
    const lane = pictureView(recoveryPictureIn(inputs, holdings));
    return { repositoryId: r.id, name: r.name, kind: r.kind, role: r.role, ...lane };
  });

  const now = opts.now ?? new Date();
  return {
    now: now.toISOString(),
    segmentSize,
    ...pictureView(picture),
    rpo: {
      measuredSeconds: measuredRpoSeconds(now, picture.latestRecoverableTime),
      targetSeconds: cluster.rpoTargetSeconds,
      partialFailure:
        cluster.walReceiver?.partialError && cluster.walReceiver.partialFailedAt
          ? { error: cluster.walReceiver.partialError, at: cluster.walReceiver.partialFailedAt.toISOString() }
          : null,
    },
    partial: partial
      ? {
          name: partial.name,
          timeline: partial.timeline,
          endLsn: formatLsn(partial.endLsn),
          lastCommitAt: iso(partial.lastCommitAt),
          uploadedAt: partial.uploadedAt.toISOString(),
          inWindow: picture.windows.some((w) => w.to.partial === true),
        }
      : null,
    repositories: lanes,
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

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** A recovery picture's windows and gaps as the view draws them; commit times around each gap place it on the time axis. */
function pictureViewer(
  segments: { timeline: number; segno: bigint; firstCommitAt: Date | null; lastCommitAt: Date | null }[],
  segmentSize: number,
): (p: RecoveryPicture) => Pick<TimelineView, "windows" | "latestRecoverableTime" | "gaps"> {
  const commitTimes = new Map(segments.map((s) => [segmentKey(s), s]));
  return (p) => ({
    windows: p.windows.map((w) => ({
      timeline: w.timeline,
      fromBackupId: w.fromBackupId,
      from: { lsn: formatLsn(w.from.lsn), time: w.from.time.toISOString() },
      to: { lsn: formatLsn(w.to.lsn), time: w.to.time.toISOString(), ...(w.to.partial ? { partial: true as const } : {}) },
    })),
    latestRecoverableTime: iso(p.latestRecoverableTime),
    gaps: p.gaps.map((g) => ({
      timeline: g.timeline,
      firstSegment: segmentName(g.timeline, g.first, segmentSize),
      lastSegment: segmentName(g.timeline, g.last, segmentSize),
      missing: g.missing,
      missingCount: Number(g.missingCount),
      after: iso(commitTimes.get(segmentKey({ timeline: g.timeline, segno: g.first - 1n }))?.lastCommitAt),
      before: iso(commitTimes.get(segmentKey({ timeline: g.timeline, segno: g.last + 1n }))?.firstCommitAt),
    })),
  });
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
