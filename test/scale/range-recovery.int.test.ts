import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { formatLsn } from "@/lib/domain/lsn";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { monitorFacts } from "@/lib/monitor/evaluate-cluster";
import { getFleet } from "@/lib/monitor/get-fleet";
import { recoveryPicture } from "@/lib/domain/recoverable-window";
import { planRestore } from "@/lib/domain/restore-plan";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { planForCluster } from "@/lib/restores/plan-for-cluster";
import { toBackupPoints } from "@/lib/timeline/backup-points";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { rangeRecovery } from "@/lib/timeline/range-recovery";
import { useCatalog, uniqueName } from "@/test/harness/catalog";

// The range reads (wal_ranges, docs/decisions/0027) against the row-by-row timeline page on a
// catalog with gaps, a timeline switch whose parent kept archiving past it, a commit clock
// stepping back, and backups on both timelines.
const cat = useCatalog();
const SEG = BigInt(DEFAULT_WAL_SEGMENT_SIZE);
const T0 = Date.parse("2026-12-01T00:00:00Z");
const at = (minute: number) => new Date(T0 + minute * 60_000);
const now = at(10_000);
const thresholds = { archiveStaleMs: 600_000, maxSegmentsBehind: 8, slotLagMaxBytes: 1n << 30n };
let clusterId: string;

beforeAll(async () => {
  const repository = await cat.db.repository.create({ data: { name: uniqueName("ranges"), kind: "posix", path: "/nonexistent/ranges" } });
  ({ id: clusterId } = await createCluster(cat.db, {
    input: {
      name: uniqueName("ranges"),
      host: "db.example.internal",
      port: 5432,
      username: "w",
      password: "x",
      sslmode: "disable",
      repositoryId: repository.id,
    },
    secretKey: randomBytes(32),
  }));
  const seg = (timeline: number, segno: number, commit: number | null) => ({
    clusterId,
    name: segmentName(timeline, BigInt(segno)),
    timeline,
    segno: BigInt(segno),
    sizeBytes: SEG,
    sha256: "0".repeat(64),
    source: "stream" as const,
    firstCommitAt: commit === null ? null : at(commit - 1),
    lastCommitAt: commit === null ? null : at(commit),
  });
  // Timeline 1: 1..140 with holes at 30..31 and 90; its commit clock steps back at 60..64; it kept
  // archiving past the switch to timeline 2 at segment 120.
  const tl1 = Array.from({ length: 140 }, (_, i) => i + 1).filter((n) => n !== 30 && n !== 31 && n !== 90);
  await cat.db.walSegment.createMany({ data: tl1.map((n) => seg(1, n, n >= 60 && n < 65 ? n - 40 : n >= 120 ? 5000 + n : n * 10)) });
  await cat.db.walSegment.createMany({ data: Array.from({ length: 60 }, (_, i) => seg(2, 120 + i, i === 7 ? null : 2000 + i * 10)) });
  await cat.db.walHistory.create({
    data: { clusterId, timeline: 2, content: `1\t${formatLsn(120n * SEG + 256n)}\tno recovery target specified\n`, sha256: "0".repeat(64) },
  });
  const backup = (label: string, timeline: number, startSeg: number, stopMinute: number) => ({
    clusterId,
    repositoryId: repository.id,
    status: "complete" as const,
    label,
    compression: "zstd" as const,
    startedAt: at(stopMinute - 5),
    finishedAt: at(stopMinute + 1),
    stopTime: at(stopMinute),
    timeline,
    startLsn: formatLsn(BigInt(startSeg) * SEG + 40n),
    stopLsn: formatLsn(BigInt(startSeg) * SEG + 4096n),
  });
  await cat.db.backup.createMany({
    data: [
      backup("a", 1, 5, 50),
      backup("b", 1, 40, 400),
      backup("c", 1, 62, 625),
      backup("d", 1, 100, 1000),
      backup("e", 2, 150, 2300),
      // Over the hole at 30..31, and failed: unusable whatever WAL there is.
      { ...backup("failed", 1, 29, 320), status: "failed" as const, stopLsn: formatLsn(32n * SEG + 4096n) },
    ],
  });
});

/** The reference: recoveryPicture() over every segment row, as the pages computed it before wal_ranges. */
async function rowPicture() {
  const [backups, segments, histories] = await Promise.all([
    cat.db.backup.findMany({ where: { clusterId }, orderBy: { startedAt: "asc" } }),
    cat.db.walSegment.findMany({ where: { clusterId }, select: { timeline: true, segno: true, firstCommitAt: true, lastCommitAt: true } }),
    cat.db.walHistory.findMany({ where: { clusterId } }),
  ]);
  const inputs = {
    backups: toBackupPoints(backups),
    segments,
    histories: histories.map((h) => parseTimelineHistory(h.timeline, h.content)),
    segmentSize: DEFAULT_WAL_SEGMENT_SIZE,
  };
  return { inputs, picture: recoveryPicture(inputs), segments };
}

describe("the recovery picture from wal_ranges", () => {
  it("gives the timeline page exactly what every row gives: windows, gaps with their commit times, unusable backups with reasons", async () => {
    const [page, rows] = await Promise.all([getTimeline(cat.db, { clusterId, cli: cat.cli, now }), rowPicture()]);
    const { picture, segments } = rows;
    const commit = (timeline: number, segno: bigint) => segments.find((s) => s.timeline === timeline && s.segno === segno);
    expect(page.windows).toEqual(
      picture.windows.map((w) => ({
        timeline: w.timeline,
        fromBackupId: w.fromBackupId,
        from: { lsn: formatLsn(w.from.lsn), time: w.from.time.toISOString() },
        to: { lsn: formatLsn(w.to.lsn), time: w.to.time.toISOString() },
      })),
    );
    expect(page.gaps.length).toBeGreaterThan(1);
    expect(page.gaps).toEqual(
      picture.gaps.map((g) => ({
        timeline: g.timeline,
        firstSegment: segmentName(g.timeline, g.first),
        lastSegment: segmentName(g.timeline, g.last),
        missing: g.missing,
        missingCount: Number(g.missingCount),
        after: commit(g.timeline, g.first - 1n)?.lastCommitAt?.toISOString() ?? null,
        before: commit(g.timeline, g.last + 1n)?.firstCommitAt?.toISOString() ?? null,
      })),
    );
    expect(page.unusableBackups.length).toBeGreaterThan(0);
    expect(page.unusableBackups).toEqual(picture.unusableBackups);
    expect(page.unusableBackups.map((u) => u.reason)).toEqual(["not complete (status: failed)"]);
    expect(page.archive.segmentCount).toBe(segments.length);
    expect(page.repositories[0]).toMatchObject({ role: "primary", windows: page.windows, gaps: page.gaps });
  });

  it("plans a restore to a moment as from every row, reading only the segment that bounds the replay", async () => {
    const { inputs, picture, segments } = await rowPicture();
    for (const [minute, inclusive] of [
      [455, true],
      [460, false],
      [2105, true],
    ] as const) {
      const target = { kind: "time" as const, time: at(minute).toISOString(), inclusive };
      const { result } = await planForCluster(cat.db, { clusterId, target, now });
      const expected = planRestore({
        target,
        picture,
        backups: inputs.backups.map((b) => ({ ...b, storedBytes: 0, databaseBytes: 0 })),
        restorePoints: [],
        now,
        segmentSize: inputs.segmentSize,
        histories: inputs.histories,
        segments,
      });
      expect(expected.ok).toBe(true);
      expect(result).toEqual(expected);
    }
  });

  it("gives the timeline page's windows, latest recoverable time and gaps", async () => {
    const [page, ranges] = await Promise.all([
      getTimeline(cat.db, { clusterId, cli: cat.cli, now }),
      rangeRecovery(cat.db, { clusterId }).then((r) => r.get(clusterId)!.picture),
    ]);
    expect(page.windows.length).toBeGreaterThan(1);
    expect(
      ranges.windows.map((w) => ({
        timeline: w.timeline,
        fromBackupId: w.fromBackupId,
        from: { lsn: formatLsn(w.from.lsn), time: w.from.time.toISOString() },
        to: { lsn: formatLsn(w.to.lsn), time: w.to.time.toISOString() },
      })),
    ).toEqual(page.windows);
    expect(ranges.latestRecoverableTime?.toISOString()).toBe(page.latestRecoverableTime);
    expect(ranges.gaps.map((g) => [segmentName(g.timeline, g.first), segmentName(g.timeline, g.last), Number(g.missingCount)])).toEqual(
      page.gaps.map((g) => [g.firstSegment, g.lastSegment, g.missingCount]),
    );
  });

  it("gives the monitor and the fleet the same latest recoverable point and gaps", async () => {
    const [page, facts, fleet] = await Promise.all([
      getTimeline(cat.db, { clusterId, cli: cat.cli, now }),
      monitorFacts(cat.db, { clusterId, thresholds, cli: cat.cli, now }),
      getFleet(cat.db, { config: { monitor: { intervalMs: 30_000 } }, now }),
    ]);
    const latest = page.windows.reduce((best, w) => (w.to.time > best.to.time ? w : best));
    expect(facts.latestRecoverable).toMatchObject({ time: new Date(latest.to.time) });
    expect(formatLsn(facts.latestRecoverable!.lsn)).toBe(latest.to.lsn);
    expect(facts.gaps).toEqual(
      page.gaps.map((g) => ({
        timeline: g.timeline,
        firstSegment: g.firstSegment,
        lastSegment: g.lastSegment,
        missingCount: g.missingCount,
      })),
    );
    expect(fleet.find((r) => r.clusterId === clusterId)?.latestRecoverableTime).toBe(page.latestRecoverableTime);
  });

  it("follows retention removing the oldest segments", async () => {
    await cat.db.walSegment.deleteMany({ where: { clusterId, segno: { lt: 40n } } });
    await cat.db.backup.deleteMany({ where: { clusterId, label: "a" } });
    const [page, ranges] = await Promise.all([
      getTimeline(cat.db, { clusterId, cli: cat.cli, now }),
      rangeRecovery(cat.db, { clusterId }).then((r) => r.get(clusterId)!.picture),
    ]);
    expect(ranges.windows.map((w) => [w.fromBackupId, formatLsn(w.to.lsn), w.to.time.toISOString()])).toEqual(
      page.windows.map((w) => [w.fromBackupId, w.to.lsn, w.to.time]),
    );
  });
});
