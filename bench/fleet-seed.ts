import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { formatLsn } from "@/lib/domain/lsn";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { createPlaceholderClusters } from "./lib/placeholder-clusters";

/**
 * A fleet in a catalog, as the worker would have left it: clusters (made with the createCluster
 * verb), daily complete backups, one failed backup, a contiguous WAL archive with commit times,
 * monitor samples, and on some clusters open alerts, a WAL gap, drills, verifications and
 * retention runs. Shared by the fleet benchmark and the fleet view's test, so both read the
 * same shapes.
 */
export interface FleetSeed {
  clusters: number;
  /** Archived WAL segments per cluster, one every `segmentMinutes`, ending at `now`. */
  segmentsPerCluster: number;
  segmentMinutes: number;
  /** Complete backups per cluster, spread evenly over the WAL. */
  backupsPerCluster: number;
  samplesPerCluster: number;
  now: Date;
  secretKey: Buffer;
}

/** What each cluster was given, by index: the test checks the fleet view against it. */
export const fleetShape = {
  /** Every 3rd cluster (0, 3, …) has an open critical archive_failing alert. */
  failingArchive: (i: number) => i % 3 === 0,
  /** Every 5th has an rpo_breached warning. */
  rpoBreached: (i: number) => i % 5 === 0,
  /** Every 4th misses a segment after its last backup: its window ends at the gap. */
  walGap: (i: number) => i % 4 === 1,
  /** Every 2nd has a passed drill; every 7th a newer failed one. */
  passedDrill: (i: number) => i % 2 === 0,
  failedDrill: (i: number) => i % 7 === 0,
  /** Every 6th has no backup at all: nothing recoverable. */
  noBackups: (i: number) => i % 6 === 5,
};

const SEG = BigInt(DEFAULT_WAL_SEGMENT_SIZE);
const MINUTE = 60_000;

export async function seedFleet(db: Db, seed: FleetSeed): Promise<{ clusterIds: string[] }> {
  const { clusterIds, repositoryId } = await createPlaceholderClusters(db, {
    prefix: "fleet",
    count: seed.clusters,
    secretKey: seed.secretKey,
  });
  await db.notificationChannel.create({
    data: {
      name: `fleet-${randomBytes(3).toString("hex")}`,
      kind: "webhook",
      settings: { format: "json" },
      severities: ["critical"],
      clusterIds: [],
    },
  });
  for (const [i, id] of clusterIds.entries()) await seedCluster(db, id, i, seed, repositoryId);
  return { clusterIds };
}

async function seedCluster(db: Db, clusterId: string, i: number, seed: FleetSeed, repositoryId: string): Promise<void> {
  const n = seed.segmentsPerCluster;
  const timeOf = (segno: number) => new Date(seed.now.getTime() - (n - segno) * seed.segmentMinutes * MINUTE);
  const gapAt = fleetShape.walGap(i) ? n - 2 : null;
  const segments = [];
  for (let segno = 1; segno <= n; segno++) {
    if (segno === gapAt) continue;
    segments.push({
      clusterId,
      name: segmentName(1, BigInt(segno)),
      timeline: 1,
      segno: BigInt(segno),
      sizeBytes: SEG,
      sha256: "0".repeat(64),
      source: "stream" as const,
      archivedAt: timeOf(segno),
      firstCommitAt: new Date(timeOf(segno).getTime() - seed.segmentMinutes * MINUTE + 1000),
      lastCommitAt: timeOf(segno),
    });
  }
  await db.walSegment.createMany({ data: segments });

  if (!fleetShape.noBackups(i)) {
    const every = Math.max(1, Math.floor((n - 4) / seed.backupsPerCluster));
    const backups = [];
    for (let k = 0; k < seed.backupsPerCluster; k++) {
      const startSeg = 2 + k * every;
      const stopTime = timeOf(startSeg);
      backups.push({
        clusterId,
        repositoryId,
        status: "complete" as const,
        label: `daily ${k}`,
        compression: "zstd" as const,
        startedAt: new Date(stopTime.getTime() - 10 * MINUTE),
        finishedAt: new Date(stopTime.getTime() + MINUTE),
        stopTime,
        timeline: 1,
        startLsn: formatLsn(BigInt(startSeg) * SEG + 40n),
        stopLsn: formatLsn(BigInt(startSeg) * SEG + 4096n),
      });
    }
    backups.push({
      clusterId,
      repositoryId,
      status: "failed" as const,
      label: "failed",
      compression: "zstd" as const,
      startedAt: timeOf(n - 1),
      finishedAt: timeOf(n),
      stopTime: null,
      timeline: null,
      startLsn: null,
      stopLsn: null,
    });
    await db.backup.createMany({ data: backups });
  }

  const samples = [];
  for (let k = 0; k < seed.samplesPerCluster; k++) {
    samples.push({
      clusterId,
      takenAt: new Date(seed.now.getTime() - k * 30_000),
      reachable: true,
      archiveMode: k === 0 ? null : "on",
      receiverState: "streaming",
    });
  }
  await db.monitorSample.createMany({ data: samples });
  await db.walReceiver.create({ data: { clusterId, state: "streaming", slotName: `wayback_${i}` } });

  const alerts = [];
  if (fleetShape.failingArchive(i))
    alerts.push({ clusterId, rule: "archive_failing", severity: "critical" as const, message: "archive_command is failing" });
  if (fleetShape.rpoBreached(i)) alerts.push({ clusterId, rule: "rpo_breached", severity: "warning" as const, message: "behind its RPO" });
  await db.alert.createMany({ data: alerts.map((a) => ({ ...a, firstSeenAt: seed.now, lastSeenAt: seed.now })) });

  const hoursAgo = (h: number) => new Date(seed.now.getTime() - h * 3_600_000);
  if (fleetShape.passedDrill(i)) {
    await db.drill.create({
      data: {
        clusterId,
        targetKind: "latest",
        status: "passed",
        createdAt: hoursAgo(30),
        finishedAt: hoursAgo(29),
        baseMs: 40_000 + i,
        replayMs: 5_000,
        totalMs: 60_000,
        baseBytes: 1_000_000_000n + BigInt(i),
      },
    });
    await db.verification.create({ data: { clusterId, status: "passed", startedAt: hoursAgo(20), finishedAt: hoursAgo(19) } });
  }
  if (fleetShape.failedDrill(i)) {
    await db.drill.create({
      data: {
        clusterId,
        targetKind: "latest",
        status: "failed",
        createdAt: hoursAgo(3),
        finishedAt: hoursAgo(2),
        error: "row counts differ",
      },
    });
  }
  await db.retentionRun.create({ data: { clusterId, status: "finished", startedAt: hoursAgo(5), finishedAt: hoursAgo(5) } });
}
