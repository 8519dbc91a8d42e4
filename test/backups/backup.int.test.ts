import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, setSettings, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { backupPrefix } from "@/lib/storage/layout";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster, type TestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import pg from "pg";

const w = useWorker();
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;

beforeAll(async () => {
  repo = await createTestRepository(w.db);
  const c = source();
  await pgbenchInit(c, 5);
  ({ id: clusterId } = await createCluster(w.db, {
    input: {
      name: uniqueName("backup"),
      host: c.host,
      port: c.port,
      username: c.superuser,
      password: c.password,
      sslmode: "disable",
      repositoryId: repo.id,
    },
    secretKey: w.config().secretKey,
  }));
});

/** Restores a stored backup by hand (extract, start) and returns the started copy. */
async function startCopyOf(backupDir: string): Promise<{ spec: InstanceSpec; query: (sql: string) => Promise<pg.QueryResult> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-copy-"));
  await fs.chmod(dataDir, 0o700);
  await runProcess("tar", ["--use-compress-program=zstd -d", "-x", "-f", path.join(backupDir, "base.tar.zst"), "-C", dataDir]);
  await runProcess("tar", ["-x", "-f", path.join(backupDir, "pg_wal.tar"), "-C", path.join(dataDir, "pg_wal")]);
  const osUser = await testServerUser();
  if (osUser) await runProcess("chown", ["-R", `${osUser.uid}:${osUser.gid}`, dataDir]);
  const spec: InstanceSpec = { dataDir, port: await freePort(), bins: testBinaries(), osUser };
  await setSettings(spec, {}); // this copy's own port and socket directory
  await startInstance(spec);
  const c = source();
  return {
    spec,
    query: async (sql) => {
      const client = new pg.Client({ host: "127.0.0.1", port: spec.port, user: c.superuser, password: c.password, database: "postgres" });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
  };
}

describe("full backup", () => {
  it("backs up under concurrent writes; the stored files match the catalog and the copy starts with every row", async () => {
    const c: TestCluster = source();
    const load = new AbortController();
    const writes = pgbenchRun(c, { seconds: 60, signal: load.signal }).catch(() => undefined);
    let job;
    try {
      job = await requestBackup(w.db, w.queue(), clusterId);
      const done = await w.waitForJob(job.id, (j) => j.status === "succeeded" || j.status === "failed");
      expect(done.error).toBeNull();
      expect(done.status).toBe("succeeded");
    } finally {
      load.abort();
      await writes;
    }

    const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id }, include: { files: true } });
    expect(backup).toMatchObject({ status: "complete", verified: true, timeline: 1, compression: "zstd" });
    expect(backup.verifyDetail).toMatch(/backup successfully verified/);
    expect(backup.startLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(backup.stopLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(Number(backup.databaseSizeBytes)).toBeGreaterThan(50_000_000);

    // Every stored file is exactly what the catalog says, and Wayback's manifest was written.
    const dir = path.join(repo.path, backupPrefix(clusterId, backup.id));
    const names = (await fs.readdir(dir)).sort();
    // Server-side compression covers the data; the WAL streamed alongside arrives as a plain tar.
    expect(names).toEqual(["backup_manifest", "base.tar.zst", "pg_wal.tar", "wayback.manifest.json"]);
    expect(backup.files.map((f) => f.name).sort()).toEqual(["backup_manifest", "base.tar.zst", "pg_wal.tar"]);
    for (const f of backup.files) {
      const data = await fs.readFile(path.join(dir, f.name));
      expect(createHash("sha256").update(data).digest("hex")).toBe(f.sha256);
      expect(BigInt(data.length)).toBe(f.sizeBytes);
    }

    // The proof: the copy starts and holds every account.
    const copy = await startCopyOf(dir);
    try {
      const { rows } = await copy.query("SELECT count(*)::int AS n FROM pgbench_accounts");
      expect(rows[0].n).toBe(500_000);
    } finally {
      await destroyInstance(copy.spec);
    }
  });

  it("refuses a second backup of the same cluster while one runs, naming the running job", async () => {
    const first = await requestBackup(w.db, w.queue(), clusterId);
    await expect(requestBackup(w.db, w.queue(), clusterId)).rejects.toMatchObject({ code: "conflict", details: { jobId: first.id } });
    await w.waitForJob(first.id);
  });

  it("refuses a cluster without a repository, and one whose check says wal_level is minimal", async () => {
    const c = source();
    const { id } = await createCluster(w.db, {
      input: { name: uniqueName("norepo"), host: c.host, port: c.port, username: c.superuser, password: c.password },
      secretKey: w.config().secretKey,
    });
    await w.db.cluster.update({ where: { id }, data: { repositoryId: null } });
    await expect(requestBackup(w.db, w.queue(), id)).rejects.toMatchObject({
      code: "not_ready",
      message: expect.stringMatching(/no repository/),
    });

    await w.db.cluster.update({ where: { id }, data: { repositoryId: repo.id } });
    await w.db.clusterCheck.create({
      data: { clusterId: id, reachable: true, walLevel: "minimal", hasReplication: true, isSuperuser: true },
    });
    await expect(requestBackup(w.db, w.queue(), id)).rejects.toMatchObject({
      code: "not_ready",
      message: expect.stringMatching(/wal_level = replica/),
    });
    expect(await w.db.job.count({ where: { clusterId: id, type: "backup.full" } })).toBe(0);
  });
});
