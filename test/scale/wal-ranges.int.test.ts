import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { Db } from "@/lib/db/client";
import { segmentName } from "@/lib/domain/wal-segment";
import { useCatalog, uniqueName } from "@/test/harness/catalog";

// wal_ranges is kept by triggers on wal_segments (docs/decisions/0027). Each case changes segments
// the way the project's writers do (Prisma createMany, the CLI's record_segment, retention's
// deleteMany, the WAL index's commit-time updates) and compares the table with the ranges, latest
// commits and their segments computed from the rows themselves.
const cat = useCatalog();
const T0 = Date.parse("2026-12-01T00:00:00Z");
const at = (minute: number) => new Date(T0 + minute * 60_000);

interface Expected {
  timeline: number;
  first: bigint;
  last: bigint;
  lastCommitAt: Date | null;
  lastCommitSegno: bigint | null;
}

async function fromRows(db: Db, clusterId: string): Promise<Expected[]> {
  return db.$queryRaw<Expected[]>`
    SELECT timeline, min(segno) AS first, max(segno) AS last, max(last_commit_at) AS "lastCommitAt",
           (array_agg(segno ORDER BY last_commit_at DESC, segno DESC) FILTER (WHERE last_commit_at IS NOT NULL))[1] AS "lastCommitSegno"
    FROM (SELECT *, segno - row_number() OVER (PARTITION BY timeline ORDER BY segno) AS grp FROM wal_segments WHERE cluster_id = ${clusterId}::uuid) s
    GROUP BY timeline, grp ORDER BY timeline, first`;
}

async function fromTable(db: Db, clusterId: string): Promise<Expected[]> {
  const rows = await db.walRange.findMany({ where: { clusterId }, orderBy: [{ timeline: "asc" }, { firstSegno: "asc" }] });
  return rows.map((r) => ({
    timeline: r.timeline,
    first: r.firstSegno,
    last: r.lastSegno,
    lastCommitAt: r.lastCommitAt,
    lastCommitSegno: r.lastCommitSegno,
  }));
}

const row = (clusterId: string, timeline: number, segno: number, commitMinute: number | null) => ({
  clusterId,
  name: segmentName(timeline, BigInt(segno)),
  timeline,
  segno: BigInt(segno),
  sizeBytes: 16n << 20n,
  sha256: "0".repeat(64),
  source: "stream" as const,
  firstCommitAt: commitMinute === null ? null : at(commitMinute - 1),
  lastCommitAt: commitMinute === null ? null : at(commitMinute),
});

async function newCluster(): Promise<string> {
  const { id } = await createCluster(cat.db, {
    input: { name: uniqueName("ranges"), host: "db.example.internal", port: 5432, username: "wayback", password: "x", sslmode: "disable" },
    secretKey: randomBytes(32),
  });
  return id;
}

async function expectExact(clusterId: string) {
  const expected = await fromRows(cat.db, clusterId);
  expect(await fromTable(cat.db, clusterId)).toEqual(expected);
  return expected;
}

describe("wal_ranges, kept by triggers", () => {
  let clusterId: string;
  beforeAll(async () => {
    clusterId = await newCluster();
  });

  it("joins segments inserted out of order, one at a time and in bulk, across gaps and timelines", async () => {
    // Timeline 1: 1..40 with holes at 10 and 25..27; timeline 2 from 30; a commit clock stepping back at 20.
    const tl1 = Array.from({ length: 40 }, (_, i) => i + 1).filter((s) => s !== 10 && (s < 25 || s > 27));
    const commit = (s: number) => (s >= 20 && s < 23 ? s - 15 : s);
    const shuffled = [...tl1].sort((a, b) => ((a * 7919) % 41) - ((b * 7919) % 41));
    for (const s of shuffled.slice(0, 12)) await cat.db.walSegment.createMany({ data: [row(clusterId, 1, s, commit(s))] });
    await expectExact(clusterId);
    await cat.db.walSegment.createMany({ data: shuffled.slice(12).map((s) => row(clusterId, 1, s, commit(s))) });
    await cat.db.walSegment.createMany({ data: [30, 31, 32, 34].map((s) => row(clusterId, 2, s, 100 + s)) });
    // Already there: skipped, nothing changes.
    await cat.db.walSegment.createMany({ data: [row(clusterId, 1, 5, 5)], skipDuplicates: true });
    const ranges = await expectExact(clusterId);
    expect(ranges.map((r) => `${r.timeline}:${r.first}-${r.last}`)).toEqual(["1:1-9", "1:11-24", "1:28-40", "2:30-32", "2:34-34"]);
  });

  it("fills a hole that joins two ranges into one", async () => {
    await cat.db.walSegment.createMany({ data: [row(clusterId, 1, 10, 10)] });
    const ranges = await expectExact(clusterId);
    expect(ranges[0]).toMatchObject({ first: 1n, last: 24n });
  });

  it("follows commit times written later, moving forward and back", async () => {
    await cat.db.walSegment.createMany({ data: [41, 42, 43].map((s) => row(clusterId, 1, s, null)) });
    await expectExact(clusterId);
    await cat.db.walSegment.update({
      where: { clusterId_name: { clusterId, name: segmentName(1, 42n) } },
      data: { lastCommitAt: at(500) },
    });
    expect((await expectExact(clusterId)).find((r) => r.first === 28n)).toMatchObject({ lastCommitSegno: 42n });
    // The latest commit's own segment moves back: the range reads its latest again.
    await cat.db.walSegment.update({ where: { clusterId_name: { clusterId, name: segmentName(1, 42n) } }, data: { lastCommitAt: at(1) } });
    expect((await expectExact(clusterId)).find((r) => r.first === 28n)).toMatchObject({ lastCommitSegno: 40n });
  });

  it("splits ranges around removed segments, as retention and a trimmed copy remove them", async () => {
    await cat.db.walSegment.deleteMany({ where: { clusterId, timeline: 1, segno: { lte: 3n } } });
    await expectExact(clusterId);
    // From the middle, including the range's latest commit (segment 24's is the latest of 4..24).
    await cat.db.walSegment.deleteMany({ where: { clusterId, timeline: 1, segno: { in: [15n, 16n, 24n, 33n] } } });
    await expectExact(clusterId);
    await cat.db.walSegment.deleteMany({ where: { clusterId, timeline: 2 } });
    const ranges = await expectExact(clusterId);
    expect(ranges.every((r) => r.timeline === 1)).toBe(true);
  });

  it("records segments pushed through the CLI's own function", async () => {
    const other = await newCluster();
    for (const s of [3, 1, 2, 5]) {
      await cat.db
        .$executeRaw`SELECT * FROM wayback_cli.record_segment(${other}::uuid, ${segmentName(1, BigInt(s))}, 1, ${s}::bigint, ${16 << 20}::bigint, ${"a".repeat(64)})`;
    }
    const ranges = await expectExact(other);
    expect(ranges.map((r) => [r.first, r.last])).toEqual([
      [1n, 3n],
      [5n, 5n],
    ]);
  });

  it("keeps ranges exact while writers on one cluster race", async () => {
    const raced = await newCluster();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => i + 1).map((s) => cat.db.walSegment.createMany({ data: [row(raced, 1, s, s)] })),
    );
    const ranges = await expectExact(raced);
    expect(ranges.map((r) => [r.first, r.last, r.lastCommitSegno])).toEqual([[1n, 60n, 60n]]);
  });

  it("goes with its cluster", async () => {
    const gone = await newCluster();
    await cat.db.walSegment.createMany({ data: [1, 2, 4].map((s) => row(gone, 1, s, s)) });
    await cat.db.cluster.delete({ where: { id: gone } });
    expect(await cat.db.walRange.count({ where: { clusterId: gone } })).toBe(0);
  });
});
