import fs from "node:fs/promises";
import path from "node:path";
import { pipeline, Transform } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { copyBackups } from "@/lib/copies/copy-backups";
import { copyWal } from "@/lib/copies/copy-wal";
import type { CopyRun } from "@/lib/copies/copy-run";
import type { Backup } from "@/lib/db/generated/client";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { repositoryInput } from "@/lib/domain/repository-input";
import { createRepository } from "@/lib/repositories/create-repository";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { monitorFacts } from "@/lib/monitor/evaluate-cluster";
import { getMonitoring } from "@/lib/monitor/get-monitoring";
import { destroyInstance } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { requestRestore } from "@/lib/restores/request-restore";
import { backupPrefix, walKey } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import type { Repository } from "@/lib/storage/repository";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { s3RepositoryFields, S3RVER_CREDENTIALS, useS3Server } from "@/test/harness/s3";
import { onCopy } from "@/test/harness/restored-copy";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";
import { momentAfterLastCommit } from "@/test/harness/moment";
import os from "node:os";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let clusterId: string;
let userId: string;
let backup: Backup;
let primary: { id: string; path: string };
let offsite: { id: string; path: string };
let broken: { id: string; path: string };
let offsiteS3: { id: string };
const s3 = useS3Server();
const before = { time: "", rows: 0, md5: "" };
const started: { dataDir: string; port: number }[] = [];

/** The orders table's row count and a digest of its rows, on the source or a restored copy. */
const ordersOn = (port: number, password: string) =>
  onCopy(port, password, async (c) => {
    const { rows } = await c.query("SELECT count(*)::int AS rows, md5(string_agg(id || ':' || item, ',' ORDER BY id)) AS md5 FROM orders");
    return rows[0] as { rows: number; md5: string };
  });

async function restoreFrom(repositoryId: string | undefined, target: RestoreTarget) {
  const input = restoreRequestInput.parse({ target, repositoryId });
  const restoreOpts = { roots: [os.tmpdir()], ports: w.config().restore.ports };
  const { restore } = await requestRestore(w.db, w.queue(), { clusterId, input, userId, restore: restoreOpts });
  started.push({ dataDir: restore!.dataDir, port: restore!.port });
  const job = await w.waitForJob(restore!.jobId!, undefined);
  return { job, restore: await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } }) };
}

/** `repo` whose reads of `key` die after the first 64 KiB, as a dropped connection would. */
function breakingReadsOf(repo: Repository, key: string): Repository {
  const get: Repository["get"] = async (k, ...rest) => {
    const stream = await repo.get(k, ...rest);
    if (k !== key) return stream;
    let passed = 0;
    const cut = new Transform({
      transform(chunk: Buffer, _enc, done) {
        passed += chunk.length;
        done(passed > 65_536 ? new Error("connection reset mid-copy") : null, chunk);
      },
    });
    // pipeline() takes the error the reader sees; the copy must fail on it, nothing else.
    return pipeline(stream, cut, () => {});
  };
  return new Proxy(repo, { get: (target, prop) => (prop === "get" ? get : Reflect.get(target, prop)) });
}

beforeAll(async () => {
  const c = source();
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({ clusterId, repo: primary, backup } = await backedUpCluster(w, c, "offsite"));
  // A copy repository that refuses every write under the cluster (a file where its folder goes),
  // added first: it must not hold the other copies back.
  broken = await createTestRepository(w.db);
  await fs.writeFile(path.join(broken.path, clusterId), "in the way");
  await addCopyRepository(w.db, { clusterId, repositoryId: broken.id });
  offsite = await createTestRepository(w.db);
  await addCopyRepository(w.db, { clusterId, repositoryId: offsite.id });
  const input = repositoryInput.parse({
    name: uniqueName("s3-copy"),
    ...s3RepositoryFields(s3(), "copies/"),
  });
  offsiteS3 = await createRepository(w.db, { input, allowedRoots: w.config().repoRoots, secretKey: w.config().secretKey });
  await addCopyRepository(w.db, { clusterId, repositoryId: offsiteS3.id });
  // The database host's side: restore_command's wal-fetch reads S3 with the key pair of its own config file.
  await fs.appendFile(
    w.config().cli.configFile!,
    `S3_ACCESS_KEY_ID=${S3RVER_CREDENTIALS.accessKeyId}\nS3_SECRET_ACCESS_KEY=${S3RVER_CREDENTIALS.secretAccessKey}\n`,
  );

  await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)");
  await c.query("INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 3000) g");
  before.time = await momentAfterLastCommit(c);
  Object.assign(before, await ordersOn(c.port, c.password));
  await c.query("DELETE FROM orders WHERE id > 100");
  await c.query("INSERT INTO orders VALUES (999999, 'after the target')");
  await archivedThroughCurrent(w.db, c, clusterId);
});

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const s of started) await destroyInstance({ dataDir: s.dataDir, port: s.port, bins, osUser }).catch(() => undefined);
});

describe("copy repositories", () => {
  it("an interrupted backup copy is recorded failed and leaves no manifest; the next run completes it", async () => {
    const elsewhere = await createTestRepository(w.db);
    const target = { repositoryId: elsewhere.id, name: "elsewhere", repo: createPosixRepository(elsewhere.path) };
    const files = await w.db.backupFile.findMany({ where: { backupId: backup.id }, orderBy: { sizeBytes: "desc" } });
    const prefix = backupPrefix(clusterId, backup.id);
    const real = createPosixRepository(primary.path);
    const run = (from: Repository): CopyRun => ({ clusterId, primary: from, backupSource: async () => from, targets: [target] });
    const log = async () => {};
    const signal = new AbortController().signal;

    await expect(copyBackups(w.db, run(breakingReadsOf(real, `${prefix}${files[0]!.name}`)), target, { signal, log })).rejects.toThrow(
      "connection reset mid-copy",
    );
    const failed = await w.db.backupCopy.findUniqueOrThrow({
      where: { backupId_repositoryId: { backupId: backup.id, repositoryId: elsewhere.id } },
    });
    expect(failed).toMatchObject({ status: "failed", copiedAt: null, error: expect.stringContaining("connection reset") });
    expect(await target.repo.stat(`${prefix}${WAYBACK_MANIFEST}`)).toBeNull();

    const copied = await copyBackups(w.db, run(real), target, { signal, log });
    expect(copied).toBe(1);
    const done = await w.db.backupCopy.findUniqueOrThrow({
      where: { backupId_repositoryId: { backupId: backup.id, repositoryId: elsewhere.id } },
    });
    expect(done.status).toBe("complete");
    for (const f of files) expect((await target.repo.checksum(`${prefix}${f.name}`)).sha256).toBe(f.sha256);
    expect(await target.repo.stat(`${prefix}${WAYBACK_MANIFEST}`)).not.toBeNull();
  });

  it("a WAL segment already in the copy repository with other contents is a loud failure, never overwritten or counted", async () => {
    const elsewhere = await createTestRepository(w.db);
    const target = { repositoryId: elsewhere.id, name: "elsewhere", repo: createPosixRepository(elsewhere.path) };
    const first = await w.db.walSegment.findFirstOrThrow({ where: { clusterId }, orderBy: [{ timeline: "asc" }, { segno: "asc" }] });
    await target.repo.put(walKey(clusterId, first.name), Buffer.from("not this segment"));
    const run: CopyRun = {
      clusterId,
      primary: createPosixRepository(primary.path),
      backupSource: async () => run.primary,
      targets: [target],
    };
    await expect(copyWal(w.db, run, target, { signal: new AbortController().signal, log: async () => {} })).rejects.toThrow(
      /Refusing to overwrite/,
    );
    expect((await target.repo.checksum(walKey(clusterId, first.name))).size).toBe("not this segment".length);
    expect(await w.db.walSegmentCopy.count({ where: { clusterId, repositoryId: elsewhere.id } })).toBe(0);
  });

  it("copies the backup and the WAL to a posix and an S3 copy repository, lag nothing, the checklist's offsite item green", async () => {
    await until("the backup and every archived segment to be copied to both", async () => {
      const copies = [offsite.id, offsiteS3.id];
      const backupCopied = await w.db.backupCopy.count({
        where: { backupId: backup.id, repositoryId: { in: copies }, status: "complete" },
      });
      const segments = await w.db.walSegment.count({ where: { clusterId } });
      const copied = await w.db.walSegmentCopy.count({ where: { clusterId, repositoryId: { in: copies } } });
      return backupCopied === 2 && segments > 0 && copied === 2 * segments;
    });

    const facts = await monitorFacts(w.db, { clusterId, thresholds: w.config().monitor, cli: w.config().cli, now: new Date() });
    const upToDate = expect.objectContaining({ walLagSegments: 0, walLagSeconds: 0 });
    expect(facts.copies).toEqual([expect.objectContaining({ walLagSegments: expect.any(Number) }), upToDate, upToDate]);
    expect(facts.copies[0]!.walLagSegments).toBeGreaterThan(0);
    const failedRun = await w.db.job.findFirstOrThrow({ where: { clusterId, type: "copy", status: "failed" } });
    expect(failedRun.error).toMatch(/^Copying failed for 1 copy repository\(ies\): /);
    expect(await w.db.backupCopy.findFirst({ where: { repositoryId: broken.id } })).toMatchObject({ status: "failed" });
    const { checklist } = await getMonitoring(w.db, { clusterId, config: w.config() });
    expect(checklist.find((i) => i.key === "offsite")).toMatchObject({
      ok: true,
      detail: expect.stringContaining("holds the newest backup"),
    });
  });

  // restore_command too reads the copy, not only the worker's prefetch: the CLI reads a posix copy
  // itself; an S3 copy's WAL the restore job serves it (the copy's server never sees S3 credentials).
  it.each([
    ["posix", () => offsite.id, () => `--repository ${offsite.id}`],
    ["S3", () => offsiteS3.id, () => "--served"],
  ])(
    "with the primary repository gone, a restore from the %s copy brings back the rows of the target moment",
    async (_kind, copyId, reads) => {
      await fs.rm(primary.path, { recursive: true, force: true });
      const { job, restore } = await restoreFrom(copyId(), { kind: "time", time: before.time, inclusive: true });
      expect(job.error).toBeNull();
      expect(job.status).toBe("succeeded");
      expect(restore.repositoryId).toBe(copyId());
      expect(await ordersOn(restore.port, source().password)).toEqual({ rows: before.rows, md5: before.md5 });
      expect(await fs.readFile(`${restore.dataDir}/postgresql.auto.conf`, "utf8")).toContain(reads());
    },
  );

  it("refuses to restore from a repository that is not one of the cluster's", async () => {
    const stranger = await createTestRepository(w.db);
    // restore_command may name only a copy repository of its own cluster: the CLI's catalog role cannot read another.
    const { command, configFile } = w.config().cli;
    const segment = await w.db.walSegment.findFirstOrThrow({ where: { clusterId } });
    const dest = path.join(os.tmpdir(), `wayback-copies-${stranger.id}`);
    const args = ["wal-fetch", "--cluster", clusterId, "--config", configFile!, "--repository", stranger.id, segment.name, dest];
    await expect(runProcess(command, args)).rejects.toMatchObject({
      code: 255,
      stderrTail: `wayback: repository ${stranger.id} is not a copy repository of cluster ${clusterId}\n`,
    });
    await expect(restoreFrom(stranger.id, { kind: "time", time: before.time, inclusive: true })).rejects.toThrow(
      /neither this cluster's primary/,
    );
  });
});
