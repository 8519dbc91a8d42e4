// The verification job on a real cluster: a real backup and WAL streamed by the worker, read back
// whole; then the repository is damaged behind Wayback's back and each damage must be found, on
// its exact file, with the right kind.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import { parseLsn } from "@/lib/domain/lsn";
import { parseSegmentName, segmentName, segmentOfLsn } from "@/lib/domain/wal-segment";
import { backupPrefix, walKey } from "@/lib/storage/layout";
import { listVerifications } from "@/lib/verification/find-verifications";
import { requestVerification } from "@/lib/verification/request-verification";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";

const SEG = 16 * 1024 * 1024;
const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;
let backup: { id: string; stopLsn: string };

const fileOf = (key: string) => path.join(repo.path, ...key.split("/"));
const segmentAfterStop = (n: number) => segmentName(1, segmentOfLsn(parseLsn(backup.stopLsn)) + BigInt(n));

async function verifyNow() {
  const job = await requestVerification(w.db, w.queue(), clusterId);
  const done = await w.waitForJob(job.id, undefined);
  const verification = await w.db.verification.findUniqueOrThrow({ where: { jobId: job.id }, include: { findings: true, results: true } });
  return { job: done, verification };
}

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 1);
  let row;
  ({ clusterId, repo, backup: row } = await backedUpCluster(w, c, "verify"));
  backup = { id: row.id, stopLsn: row.stopLsn! };

  // Five more segments after the backup's: a chain with a middle.
  for (let i = 0; i < 5; i++) {
    await c.query(`CREATE TABLE filler_${i} AS SELECT g FROM generate_series(1, 20000) g`);
    await c.query("SELECT pg_switch_wal()");
  }
  const wanted = parseSegmentName(segmentAfterStop(4)).segno;
  await until("the WAL to be archived", () => w.db.walSegment.count({ where: { clusterId, segno: { gte: wanted } } }));
});

describe("verification", () => {
  it("passes on a healthy repository, reading every file, one verification per cluster at a time", async () => {
    // Left behind by a worker that died: the next verification says so.
    const stale = await w.db.verification.create({ data: { clusterId, status: "running" } });

    const job = await requestVerification(w.db, w.queue(), clusterId);
    await expect(requestVerification(w.db, w.queue(), clusterId)).rejects.toMatchObject({ code: "conflict", details: { jobId: job.id } });
    const done = await w.waitForJob(job.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(Number(done.bytesDone)).toBeGreaterThan(5 * SEG);
    expect(done.bytesDone).toBe(done.bytesTotal);

    const v = await w.db.verification.findUniqueOrThrow({ where: { jobId: job.id }, include: { findings: true, results: true } });
    expect(v.findings).toEqual([]);
    expect(v.status).toBe("passed");
    expect(v.finishedAt).not.toBeNull();
    expect(v.filesChecked).toBe(v.filesTotal);
    expect(v.bytesChecked).toBe(v.bytesTotal);
    expect(v.results.find((r) => r.scope === "backup")).toMatchObject({ backupId: backup.id, files: 4, findings: 0 });
    const ranges = v.results.filter((r) => r.scope === "wal");
    expect(ranges).toEqual([expect.objectContaining({ timeline: 1, lastSegment: expect.any(String), findings: 0 })]);
    expect(parseSegmentName(ranges[0]!.lastSegment!).segno).toBeGreaterThanOrEqual(parseSegmentName(segmentAfterStop(4)).segno);
    expect((await w.db.backup.findUniqueOrThrow({ where: { id: backup.id } })).lastVerificationId).toBe(v.id);
    expect(await w.db.verification.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted/),
    });
    expect((await listVerifications(w.db, { clusterId, limit: 1 }))[0]).toMatchObject({ id: v.id, status: "passed", findingCount: 0 });
    expect(await w.db.alert.findFirst({ where: { clusterId } })).toBeNull();
  });

  it("finds a truncated backup file, a flipped byte in a backup file and in a segment, a removed segment, an empty segment and files the catalog does not know", async () => {
    const prefix = backupPrefix(clusterId, backup.id);
    const base = await w.db.backupFile.findFirstOrThrow({ where: { backupId: backup.id, name: { startsWith: "base.tar" } } });
    const half = Math.floor(Number(base.sizeBytes) / 2);
    await fs.truncate(fileOf(`${prefix}${base.name}`), half);
    await fs.writeFile(fileOf(`${prefix}notes.txt`), "put here by hand\n");

    const flipByte = async (file: string, at: number) => {
      const fh = await fs.open(file, "r+");
      const byte = Buffer.alloc(1);
      await fh.read(byte, 0, 1, at);
      await fh.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
      await fh.close();
    };
    const walTar = await w.db.backupFile.findFirstOrThrow({ where: { backupId: backup.id, name: "pg_wal.tar" } });
    await flipByte(fileOf(`${prefix}${walTar.name}`), Math.floor(Number(walTar.sizeBytes) / 2));
    const flipped = walKey(clusterId, segmentAfterStop(1));
    await flipByte(fileOf(flipped), SEG / 2);
    const removed = walKey(clusterId, segmentAfterStop(2));
    await fs.rm(fileOf(removed));
    const uncataloged = segmentAfterStop(3);
    await w.db.walSegment.delete({ where: { clusterId_name: { clusterId, name: uncataloged } } });
    const newest = await w.db.walSegment.findFirstOrThrow({ where: { clusterId }, orderBy: { segno: "desc" } });
    const empty = walKey(clusterId, segmentName(1, newest.segno + 1n));
    await fs.writeFile(fileOf(empty), "");

    const { job, verification: v } = await verifyNow();
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/^Verification failed: 8 problems found \(4 in backups, 4 in the WAL archive\)/);
    expect(v.status).toBe("failed");
    expect(v.error).toBeNull();
    const found = v.findings.map((f) => ({ scope: f.scope, backupId: f.backupId, path: f.path, kind: f.kind }));
    expect(found.sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [
        { scope: "backup", backupId: backup.id, path: prefix, kind: "verifybackup" },
        { scope: "backup", backupId: backup.id, path: `${prefix}${base.name}`, kind: "short" },
        { scope: "backup", backupId: backup.id, path: `${prefix}pg_wal.tar`, kind: "checksum" },
        { scope: "backup", backupId: backup.id, path: `${prefix}notes.txt`, kind: "unknown" },
        { scope: "wal", backupId: null, path: flipped, kind: "checksum" },
        { scope: "wal", backupId: null, path: removed, kind: "gap" },
        { scope: "wal", backupId: null, path: walKey(clusterId, uncataloged), kind: "unknown" },
        { scope: "wal", backupId: null, path: empty, kind: "empty" },
      ].sort((a, b) => a.path.localeCompare(b.path)),
    );
    const message = (p: string) => v.findings.find((f) => f.path === p)?.message;
    expect(message(`${prefix}${base.name}`)).toBe(`size ${half}, expected ${base.sizeBytes}`);
    expect(message(prefix)).toMatch(new RegExp(`${base.name} could not be decompressed`));
    expect(message(flipped)).toMatch(/^sha256 differs from the one recorded at push/);
    expect(message(removed)).toBe(
      `segment ${segmentAfterStop(2)} missing between ${segmentAfterStop(1)} and ${segmentAfterStop(3)} on timeline 1; ` +
        "the catalog recorded it at push, so it was removed from the repository",
    );
    expect(message(empty)).toBe("size 0, expected 16777216");

    // Each corruption is a finding, and together they raise one alert naming the first of them.
    const alerts = await w.db.alert.findMany({ where: { clusterId } });
    expect(alerts).toEqual([
      expect.objectContaining({
        rule: "verification_failed",
        severity: "critical",
        state: "open",
        occurrences: 1,
        message: expect.stringContaining("8 problems found (4 in backups, 4 in the WAL archive)"),
      }),
    ]);

    // Per backup and per WAL range: the gap splits the archive in two ranges.
    expect(v.results.find((r) => r.scope === "backup")).toMatchObject({ backupId: backup.id, findings: 4 });
    const ranges = v.results.filter((r) => r.scope === "wal").sort((a, b) => a.firstSegment!.localeCompare(b.firstSegment!));
    expect(ranges.map((r) => [r.lastSegment, r.findings])).toEqual([
      [segmentAfterStop(1), 1],
      [segmentName(1, newest.segno + 1n), 2],
    ]);

    // The backup page's view: only what concerns this backup.
    const [latest] = await listVerifications(w.db, { clusterId, backupId: backup.id, limit: 10 });
    expect(latest).toMatchObject({ id: v.id, status: "failed", findingCount: 4 });
    expect(latest?.findings.every((f) => f.backupId === backup.id)).toBe(true);
    expect(latest?.results).toEqual([expect.objectContaining({ scope: "backup", backupId: backup.id, findings: 4 })]);
  });

  it("refuses what names nothing, and a cluster with nothing to verify, starting no job", async () => {
    await expect(requestVerification(w.db, w.queue(), randomUUID())).rejects.toMatchObject({ code: "not_found" });
    await expect(listVerifications(w.db, { clusterId, backupId: randomUUID(), limit: 10 })).rejects.toMatchObject({ code: "not_found" });
    const c = source();
    const { id } = await createCluster(w.db, {
      input: {
        name: uniqueName("norepo"),
        host: c.host,
        port: c.port,
        username: c.superuser,
        password: c.password,
        walMode: "archive_command",
      },
      secretKey: w.config().secretKey,
    });
    await w.db.cluster.update({ where: { id }, data: { repositoryId: null } });
    await expect(requestVerification(w.db, w.queue(), id)).rejects.toMatchObject({
      code: "not_ready",
      message: expect.stringMatching(/no repository/),
    });
    expect(await w.db.job.count({ where: { clusterId: id, type: "verify" } })).toBe(0);
  });
});
