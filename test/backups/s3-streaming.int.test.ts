// Backups stream into an S3 repository while pg_basebackup writes them: the worker's scratch
// space is a tmpfs smaller than half the backup, so a backup that was staged on local disk first
// (as they were) cannot succeed here; the one that does restores to exactly the source's rows.
// And an object store that stops answering mid-upload fails the backup, saying so, with no
// manifest written and pg_basebackup gone from the server.
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { WAYBACK_MANIFEST } from "@/lib/domain/archive-verification-backup";
import { repositoryInput } from "@/lib/domain/repository-input";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, setSettings, startInstance, type InstanceSpec } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { createRepository } from "@/lib/repositories/create-repository";
import { backupPrefix } from "@/lib/storage/layout";
import { createS3Repository } from "@/lib/storage/s3";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { s3RepositoryFields, useS3Server } from "@/test/harness/s3";
import { until } from "@/test/harness/until";
import { useWorker, waitForJob } from "@/test/harness/worker";

const SMALL_DISK = 80 * 1024 * 1024;
/** Random bytes, 8 KiB a row: nothing compresses them, so the stored backup is about this big. */
const ROWS = 22_000;
const BACKUP_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 2 * BACKUP_TIMEOUT_MS;
const PREFIX = "stream/";
const CONTENTS = "SELECT count(*)::int AS n, md5(string_agg(md5(b), ',' ORDER BY id)) AS md5 FROM blobs";

const disk = await mountSmallDisk(SMALL_DISK);
const w = useWorker({ WAYBACK_SPOOL_DIR: path.join(disk, "spool") });
const s3 = useS3Server();
const source = useTestCluster();
let clusterId: string;
let repositoryId: string;

/** A tmpfs of `bytes` (root with CAP_SYS_ADMIN, as the build machines run tests), unmounted after the file. */
async function mountSmallDisk(bytes: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-small-disk-"));
  try {
    await runProcess("mount", ["-t", "tmpfs", "-o", `size=${bytes},mode=0700`, "tmpfs", dir]);
  } catch (err) {
    throw new Error(`This test needs a small tmpfs as the worker's scratch space and could not mount one: ${(err as Error).message}`, {
      cause: err,
    });
  }
  afterAll(async () => {
    await runProcess("umount", [dir]);
    await fs.rm(dir, { recursive: true, force: true });
  });
  return dir;
}

beforeAll(async () => {
  const input = repositoryInput.parse({
    name: uniqueName("stream-s3"),
    ...s3RepositoryFields(s3(), PREFIX),
  });
  ({ id: repositoryId } = await createRepository(w.db, { input, allowedRoots: [], secretKey: w.config().secretKey }));
  const c = source();
  await c.query("CREATE EXTENSION pgcrypto");
  await c.query("CREATE TABLE blobs (id int PRIMARY KEY, b bytea NOT NULL)");
  await c.query("ALTER TABLE blobs ALTER COLUMN b SET STORAGE EXTERNAL");
  await c.query(
    `INSERT INTO blobs SELECT g, ${Array.from({ length: 8 }, () => "gen_random_bytes(1024)").join(" || ")} FROM generate_series(1, ${ROWS}) g`,
  );
  await c.query("CHECKPOINT");
  ({ id: clusterId } = await createCluster(w.db, {
    input: {
      name: uniqueName("stream-s3"),
      host: c.host,
      port: c.port,
      username: c.superuser,
      password: c.password,
      sslmode: "disable",
      repositoryId,
    },
    secretKey: w.config().secretKey,
  }));
});

function rawRepository() {
  return createS3Repository(s3().settings(PREFIX), { scratchDir: os.tmpdir() });
}

describe("a backup to S3", () => {
  it(
    "streams into the bucket through scratch space smaller than half of it, and restores to exactly the source's rows",
    async () => {
      // The scratch space really is that small.
      const st = await fs.statfs(disk);
      expect(st.blocks * st.bsize).toBeLessThanOrEqual(SMALL_DISK);

      const job = await requestBackup(w.db, w.queue(), clusterId);
      const done = await waitForJob(w.db, job.id, (j) => j.status === "succeeded" || j.status === "failed", BACKUP_TIMEOUT_MS);
      expect(done.error).toBeNull();
      const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id }, include: { files: true } });
      expect(backup).toMatchObject({ status: "complete", verified: true });
      expect(backup.verifyDetail).toMatch(/backup successfully verified/);
      // Staged first, it would have needed all of this locally.
      expect(Number(backup.storedSizeBytes)).toBeGreaterThan(2 * SMALL_DISK);
      // Nothing left behind in the scratch space.
      expect(await fs.readdir(path.join(disk, "spool", "s3-scratch", "staging")).catch(() => [])).toEqual([]);

      // Every object is what the catalog says, and Wayback's manifest is there.
      const repo = rawRepository();
      const prefix = backupPrefix(clusterId, backup.id);
      const keys: string[] = [];
      for await (const o of repo.list(prefix)) keys.push(o.key.slice(prefix.length));
      expect(keys.sort()).toEqual(["backup_manifest", "base.tar.zst", "pg_wal.tar", WAYBACK_MANIFEST]);
      for (const f of backup.files) {
        const sum = await repo.checksum(`${prefix}${f.name}`);
        expect({ name: f.name, size: BigInt(sum.size), sha256: sum.sha256 }).toEqual({ name: f.name, size: f.sizeBytes, sha256: f.sha256 });
      }

      // The proof: downloaded, extracted and started, the copy holds exactly the source's rows.
      const copy = await startCopyFromBucket(prefix);
      try {
        expect(await copy.query(CONTENTS)).toEqual((await source().query(CONTENTS)).rows[0]);
      } finally {
        await destroyInstance(copy.spec);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "fails naming the unreachable store when it stops mid-upload, with no manifest written and pg_basebackup gone",
    async () => {
      const job = await requestBackup(w.db, w.queue(), clusterId);
      // Bytes move only as fast as the upload takes them: past 16 MiB, the upload is under way.
      await until("the upload to be under way", () =>
        w.db.job.findUniqueOrThrow({ where: { id: job.id } }).then((j) => Number(j.bytesDone ?? 0) > 16 * 1024 * 1024),
      );
      await s3().stop();
      let done;
      try {
        done = await waitForJob(w.db, job.id, (j) => j.status === "succeeded" || j.status === "failed", BACKUP_TIMEOUT_MS);
      } finally {
        await s3().start();
      }
      expect(done.status).toBe("failed");
      expect(done.error).toMatch(new RegExp(`cannot reach 127\\.0\\.0\\.1:${new URL(s3().endpoint).port}`));
      const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
      expect(backup.status).toBe("failed");
      expect(backup.verified).not.toBe(true);
      expect(backup.error).toBe(done.error);

      const prefix = backupPrefix(clusterId, backup.id);
      const keys: string[] = [];
      for await (const o of rawRepository().list(prefix)) keys.push(o.key.slice(prefix.length));
      expect(keys).not.toContain(WAYBACK_MANIFEST);
      // The upload that failed left no object: an object is complete or absent.
      expect(keys).not.toContain("base.tar.zst");
      const walsenders = await source().query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE application_name = $1", [
        `wayback-backup-${job.id}`,
      ]);
      expect(walsenders.rows[0].n).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

/** A backup's objects downloaded outside the small disk, extracted and started: a restore by hand. */
async function startCopyFromBucket(prefix: string): Promise<{ spec: InstanceSpec; query: (sql: string) => Promise<unknown> }> {
  const repo = rawRepository();
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-stream-copy-"));
  const dataDir = path.join(work, "data");
  await fs.mkdir(path.join(dataDir, "pg_wal"), { recursive: true, mode: 0o700 });
  for (const name of ["base.tar.zst", "pg_wal.tar"])
    await pipeline(await repo.get(`${prefix}${name}`), createWriteStream(path.join(work, name)));
  await runProcess("tar", ["--use-compress-program=zstd -d", "-x", "-f", path.join(work, "base.tar.zst"), "-C", dataDir]);
  await runProcess("tar", ["-x", "-f", path.join(work, "pg_wal.tar"), "-C", path.join(dataDir, "pg_wal")]);
  await fs.rm(path.join(work, "base.tar.zst"));
  const osUser = await testServerUser();
  if (osUser) await runProcess("chown", ["-R", `${osUser.uid}:${osUser.gid}`, work]);
  const spec: InstanceSpec = { dataDir, port: await freePort(), bins: testBinaries(), osUser };
  await setSettings(spec, {});
  await startInstance(spec);
  const c = source();
  return {
    spec,
    query: async (sql) => {
      const client = new pg.Client({ host: "127.0.0.1", port: spec.port, user: c.superuser, password: c.password, database: "postgres" });
      await client.connect();
      try {
        return (await client.query(sql)).rows[0];
      } finally {
        await client.end();
      }
    },
  };
}
