import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import { requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { testPolicyInput } from "@/test/harness/policy";
import { repositoryInput } from "@/lib/domain/repository-input";
import { listDumps } from "@/lib/dumps/find-dumps";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { createRepository } from "@/lib/repositories/create-repository";
import { requestRetention } from "@/lib/retention/request-retention";
import { dumpPrefix } from "@/lib/storage/layout";
import { openRepository } from "@/lib/storage/open-repository";
import type { Repository } from "@/lib/storage/repository";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { s3RepositoryFields, useS3Server } from "@/test/harness/s3";
import { until } from "@/test/harness/until";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
const s3 = useS3Server();

let clusterId: string;
let primary: { id: string; path: string };
let offsite: { id: string; repo: Repository };
/** Oldest first, with the rows of table `d` each holds. */
const dumps: { id: string; rows: number }[] = [];

/** A policy keeping the newest backup of each of 7 days and `dumpMinComplete` dumps per database. */
async function policy(dumpMinComplete: number): Promise<string> {
  const input = testPolicyInput(`dumps-${dumpMinComplete}`, { dumpKeepDaily: 1, dumpKeepWeekly: 0, dumpMinComplete });
  return (await savePolicy(w.db, w.queue(), { input })).id;
}

async function dumpNow(rows: number): Promise<void> {
  await source().query(`INSERT INTO d SELECT g FROM generate_series((SELECT count(*) FROM d) + 1, ${rows}) g`);
  const dump = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: "postgres" }) });
  const job = await w.waitForJob(dump.jobId!, undefined);
  expect(job.error).toBeNull();
  dumps.push({ id: dump.id, rows });
}

const copyOf = (dumpId: string) =>
  w.db.dumpCopy.findUnique({ where: { dumpId_repositoryId: { dumpId, repositoryId: offsite.id } } }).then((c) => c?.status ?? null);

beforeAll(async () => {
  const c = source();
  ({ clusterId, repo: primary } = await backedUpCluster(w, c, "dump-copies"));
  const input = repositoryInput.parse({
    name: uniqueName("s3-dumps"),
    ...s3RepositoryFields(s3(), "dumps/"),
  });
  const storage = w.config();
  const row = await createRepository(w.db, { input, allowedRoots: storage.repoRoots, secretKey: storage.secretKey });
  offsite = { id: row.id, repo: openRepository(await w.db.repository.findUniqueOrThrow({ where: { id: row.id } }), storage) };
  // The primary keeps two dumps of each database, the S3 copy one.
  await addCopyRepository(w.db, { clusterId, repositoryId: offsite.id, policyId: await policy(1) });
  await assignPolicy(w.db, w.queue(), { clusterId, policyId: await policy(2) });
  await c.query("CREATE TABLE d (g int)");
  await dumpNow(500);
  await dumpNow(800);
  // A backup and two dumps: minutes on a machine shared with other test runs.
});

describe("copies of dumps", () => {
  it("a completed dump is copied to the copy repository, its files re-read there, and its row says where copies exist", async () => {
    await until(
      "both dumps to be copied",
      async () => (await copyOf(dumps[0]!.id)) === "complete" && (await copyOf(dumps[1]!.id)) === "complete",
    );
    for (const { id } of dumps) {
      const files = await w.db.dumpFile.findMany({ where: { dumpId: id } });
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect((await offsite.repo.checksum(`${dumpPrefix(clusterId, id)}${f.name}`)).sha256).toBe(f.sha256);
      expect(await offsite.repo.stat(`${dumpPrefix(clusterId, id)}${WAYBACK_MANIFEST}`)).not.toBeNull();
    }
    const listed = await listDumps(w.db, { clusterId, limit: 10 });
    expect(listed.map((d) => d.copies)).toEqual(
      dumps.map(() => [{ repositoryId: offsite.id, name: expect.any(String), status: "complete" }]),
    );
  });

  it("retention per repository: the copy keeps its newest dump only, the primary both", async () => {
    const job = await requestRetention(w.db, w.queue(), clusterId);
    expect((await w.waitForJob(job.id)).error).toBeNull();
    const [older, newer] = dumps;
    expect(await copyOf(older!.id)).toBe("expired");
    expect(await copyOf(newer!.id)).toBe("complete");
    const objects: string[] = [];
    for await (const o of offsite.repo.list(dumpPrefix(clusterId, older!.id))) objects.push(o.key);
    expect(objects).toEqual([]);
    for (const { id } of dumps) {
      expect(await w.db.dump.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "complete",
        repositoryId: primary.id,
        removingAt: null,
      });
      expect((await fs.readdir(path.join(primary.path, dumpPrefix(clusterId, id)))).length).toBeGreaterThan(0);
    }
  });

  it("a dump no repository keeps any more expires everywhere: its row, its files and its copies' records", async () => {
    await w.db.policy.updateMany({ where: { clusters: { some: { id: clusterId } } }, data: { dumpMinComplete: 1 } });
    const job = await requestRetention(w.db, w.queue(), clusterId);
    const done = await w.waitForJob(job.id);
    expect(done.error).toBeNull();
    const older = dumps[0]!;
    expect(await w.db.dump.findUnique({ where: { id: older.id } })).toBeNull();
    expect(await w.db.dumpCopy.count({ where: { dumpId: older.id } })).toBe(0);
    await expect(fs.stat(path.join(primary.path, dumpPrefix(clusterId, older.id)))).rejects.toThrow(/ENOENT/);
    expect(await copyOf(dumps[1]!.id)).toBe("complete");
  });

  it("with the primary's files of the dump deleted, a restore reads the copy and brings back the dump's rows", async () => {
    const newest = dumps[1]!;
    await fs.rm(path.join(primary.path, dumpPrefix(clusterId, newest.id)), { recursive: true, force: true });
    const target = uniqueName("fromcopy")
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, "_");
    const restore = await requestDumpRestore(w.db, w.queue(), {
      dumpId: newest.id,
      input: requestDumpRestoreBody.parse({ targetClusterId: clusterId, targetDatabase: target }),
      userId: null,
    });
    const job = await w.waitForJob(restore.jobId!);
    expect(job.error).toBeNull();
    expect(job.log).toContain("reading its copy in");
    expect(await w.db.dumpRestore.findUniqueOrThrow({ where: { id: restore.id } })).toMatchObject({ status: "complete" });
    const c = new pg.Client({ connectionString: source().connectionString(target) });
    await c.connect();
    try {
      expect((await c.query("SELECT count(*)::int AS n FROM d")).rows[0].n).toBe(newest.rows);
    } finally {
      await c.end();
    }
  });
});
