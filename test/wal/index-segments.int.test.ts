// Indexing archived WAL with pg_waldump on a real server's segments: commit times bracket the real
// commits, and a named restore point is found at the LSN pg_create_restore_point() returned.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSegmentName, segmentName } from "@/lib/domain/wal-segment";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { indexSegment, type IndexSegmentResult } from "@/lib/wal/index-segments";
import { pushWalFile } from "@/lib/wal/push-wal-file";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testBinaries, useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";

const cat = useCatalog();
// track_commit_timestamp gives each commit's exact time to compare with; no autovacuum, so the
// only commits in these segments are the test's own.
const server = useTestCluster({ settings: { track_commit_timestamp: "on", autovacuum: "off" } });

let scratch: string;
let repo: Repository;
let clusterId: string;
let serverMajor: number;

const truncMs = (d: Date) => new Date(Math.floor(d.getTime()));

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-index-"));
  const r = await createTestRepository(cat.db);
  repo = createPosixRepository(r.path);
  const c = server();
  serverMajor = Math.floor(Number((await c.query("SHOW server_version_num")).rows[0].server_version_num) / 10000);
  clusterId = (
    await cat.db.cluster.create({
      data: {
        name: uniqueName("index"),
        host: c.host,
        port: c.port,
        database: "postgres",
        username: c.superuser,
        sslmode: "disable",
        repositoryId: r.id,
      },
    })
  ).id;
  return () => fs.rm(scratch, { recursive: true, force: true });
});

describe("indexSegment", () => {
  it("records commit times and the restore point of the archived segments", async () => {
    const c = server();
    await c.query("CREATE TABLE accounts (id int, balance int)");
    // pg_walfile_name() of a segment boundary names the segment before it: the switched one.
    const switched = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;
    const firstSeg = segmentName(1, parseSegmentName(switched).segno + 1n);

    const before = new Date((await c.query("SELECT clock_timestamp() AS t")).rows[0].t);
    const commits: Date[] = [];
    const commit = async (sql: string) => {
      await c.query(sql);
      commits.push(new Date((await c.query("SELECT (pg_last_committed_xact()).timestamp AS t")).rows[0].t));
    };
    await commit("INSERT INTO accounts VALUES (1, 100)");
    await commit("UPDATE accounts SET balance = 90");
    const rp = (await c.query("SELECT pg_create_restore_point('before-migration') AS lsn")).rows[0].lsn as string;
    const rpAfter = new Date((await c.query("SELECT clock_timestamp() AS t")).rows[0].t);
    await commit("ALTER TABLE accounts ADD COLUMN note text");
    await commit("INSERT INTO accounts SELECT g, g FROM generate_series(2, 5000) g");
    const after = new Date((await c.query("SELECT clock_timestamp() AS t")).rows[0].t);
    const lastSeg = (await c.query("SELECT pg_walfile_name(pg_switch_wal()) AS name")).rows[0].name as string;

    // Copy the completed segments out of pg_wal and archive them.
    const names: string[] = [];
    for (let s = parseSegmentName(firstSeg).segno; s <= parseSegmentName(lastSeg).segno; s++) names.push(segmentName(1, s));
    for (const name of names) {
      await fs.copyFile(path.join(c.dataDir, "pg_wal", name), path.join(scratch, name));
      await pushWalFile({ db: cat.db, repo, clusterId, filePath: path.join(scratch, name), source: "push" });
    }

    const bins = testBinaries();
    const results: IndexSegmentResult[] = [];
    for (const name of names) {
      results.push(await indexSegment({ db: cat.db, repo, bins, serverMajor, clusterId, name, scratchDir: scratch }));
    }
    // The scratch directory is left as it was (only the copies made above).
    expect((await fs.readdir(scratch)).sort()).toEqual([...names].sort());

    const withCommits = results.filter((r) => r.commits > 0);
    expect(withCommits.length).toBeGreaterThan(0);
    expect(results.reduce((n, r) => n + r.commits, 0)).toBe(commits.length);
    const first = withCommits[0]!.firstCommitAt!;
    const last = withCommits.at(-1)!.lastCommitAt!;
    // pg_waldump prints microseconds; the catalog keeps milliseconds (truncated).
    expect(first).toEqual(truncMs(commits[0]!));
    expect(last).toEqual(truncMs(commits.at(-1)!));
    expect(first.getTime()).toBeGreaterThanOrEqual(Math.floor(before.getTime()));
    expect(last.getTime()).toBeLessThanOrEqual(after.getTime());

    const rows = await cat.db.walSegment.findMany({ where: { clusterId, name: { in: names } }, orderBy: { segno: "asc" } });
    for (const r of results) {
      const row = rows.find((x) => x.name === r.name)!;
      expect({ first: row.firstCommitAt, last: row.lastCommitAt }, r.name).toEqual({ first: r.firstCommitAt, last: r.lastCommitAt });
    }

    const point = await cat.db.restorePoint.findUniqueOrThrow({ where: { clusterId_name: { clusterId, name: "before-migration" } } });
    expect(point.lsn).toBe(rp);
    expect(point.timeline).toBe(1);
    // rp_time is taken while the record is made: after the commit before it, before we read the clock after it.
    expect(point.createdAt.getTime()).toBeGreaterThanOrEqual(Math.floor(commits[1]!.getTime()));
    expect(point.createdAt.getTime()).toBeLessThanOrEqual(rpAfter.getTime());

    // Indexing again changes nothing.
    const again = await indexSegment({ db: cat.db, repo, bins, serverMajor, clusterId, name: names[0]!, scratchDir: scratch });
    expect(again).toEqual(results[0]);
    expect(await cat.db.restorePoint.findMany({ where: { clusterId } })).toEqual([point]);
  });

  it("refuses to index a segment the catalog does not have", async () => {
    await expect(
      indexSegment({
        db: cat.db,
        repo,
        bins: testBinaries(),
        serverMajor,
        clusterId,
        name: "0000000100000007000000AA",
        scratchDir: scratch,
      }),
    ).rejects.toThrow("WAL segment 0000000100000007000000AA of cluster");
  });
});
