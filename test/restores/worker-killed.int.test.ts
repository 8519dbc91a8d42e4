import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { parseConfig } from "@/lib/config";
import { parseLsn } from "@/lib/domain/lsn";
import { segmentOfLsn } from "@/lib/domain/wal-segment";
import { destroyInstance } from "@/lib/pg/instance";
import { processAlive } from "@/lib/pg/os-user";
import { walKey } from "@/lib/storage/layout";
import { actOnRestore } from "@/lib/restores/act-on-restore";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { waitForJob, workerEnv } from "@/test/harness/worker";
import { copySpec, onCopy } from "@/test/harness/restored-copy";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { serversRunningIn } from "@/test/harness/processes";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const extraEnv = { WAYBACK_SUPERVISE_MS: "500" };
const { start: startWorker, queue } = useWorkerProcesses(cat, keyHex, extraEnv);
const config = parseConfig(workerEnv(cat, keyHex, extraEnv));
const ORDERS = 100_000;
let restoreId: string | undefined;

beforeAll(async () => {
  await pgbenchInit(source(), 1);
});

afterAll(async () => {
  const r = restoreId ? await cat.db.restore.findUnique({ where: { id: restoreId } }) : null;
  if (r) await destroyInstance(await copySpec(r)).catch(() => undefined);
});

describe("a worker killed during a restore", () => {
  it("leaves no rogue writable copy: the retry stops and removes it, starts over and completes; Discard removes everything", async () => {
    const c = source();
    const first = startWorker();
    const repo = await createTestRepository(cat.db);
    const { id: clusterId } = await createCluster(cat.db, {
      input: {
        name: uniqueName("killed"),
        host: c.host,
        port: c.port,
        username: c.superuser,
        password: c.password,
        sslmode: "disable",
        repositoryId: repo.id,
        walMode: "streaming",
      },
      secretKey: Buffer.from(keyHex, "hex"),
    });
    await until("the receiver to stream", () =>
      cat.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    const backupJob = await requestBackup(cat.db, queue, clusterId);
    expect((await waitForJob(cat.db, backupJob.id, (j) => j.status === "succeeded" || j.status === "failed")).status).toBe("succeeded");
    const backup = await cat.db.backup.findUniqueOrThrow({ where: { jobId: backupJob.id } });
    // Over 16 MiB of WAL after the backup: recovery, which reads ahead of replay, reaches a
    // consistent state (and opens for read-only connections) well before it asks for the second
    // segment after the backup's.
    await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)");
    await c.query(`INSERT INTO orders SELECT g, repeat('x', 200) FROM generate_series(1, ${ORDERS}) g`);
    await archivedThroughCurrent(cat.db, c, clusterId);

    // That segment becomes a FIFO: recovery (and the worker's prefetch) wait on it, so the copy
    // is running, in recovery, when the worker is killed.
    const needed = await cat.db.walSegment.findFirstOrThrow({ where: { clusterId, segno: segmentOfLsn(parseLsn(backup.stopLsn!)) + 2n } });
    const file = path.join(repo.path, walKey(clusterId, needed.name));
    await fs.rename(file, `${file}.aside`);
    await promisify(execFile)("mkfifo", ["-m", "0644", file]);

    const userId = (await cat.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
    const { restore } = await requestRestore(cat.db, queue, {
      clusterId,
      input: restoreRequestInput.parse({ target: { kind: "latest" } }),
      userId,
      restore: { roots: [os.tmpdir()], ports: config.restore.ports },
    });
    restoreId = restore!.id;
    await waitForJob(cat.db, restore!.jobId!, (j) => j.phase === "replay");
    // The row is read again on each try: the phase is set before PostgreSQL starts, and a port
    // taken meanwhile (another test run beside this one) moves the copy to the next one.
    const row = await until("the copy to answer, in recovery", async () => {
      const r = await cat.db.restore.findUniqueOrThrow({ where: { id: restoreId } });
      const answers = await onCopy(
        r.port,
        source().password,
        async (db) => (await db.query("SELECT pg_is_in_recovery() AS r")).rows[0].r === true,
      ).catch(() => false);
      return answers && r;
    });
    expect(row.instanceMadeAt).not.toBeNull();
    const firstPostmaster = Number((await fs.readFile(path.join(row.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);

    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    // Left alone, the copy stays in recovery: read-only.
    await expect(onCopy(row.port, source().password, (db) => db.query("CREATE TABLE rogue (x int)"))).rejects.toThrow(/read-only/);

    await fs.rename(`${file}.aside`, file); // the archive is whole again for the retry
    startWorker();
    const job = await waitForJob(cat.db, restore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
    expect(job.error).toBeNull();
    expect(job.attempts).toBe(2);
    expect(job.log).toContain(`stopped and removed the copy it left in ${row.dataDir}`);
    expect(processAlive(firstPostmaster)).toBe(false);

    const done = await cat.db.restore.findUniqueOrThrow({ where: { id: restoreId } });
    expect(done.status).toBe("complete");
    expect(
      await onCopy(done.port, source().password, async (db) => (await db.query("SELECT count(*)::int AS n FROM orders")).rows[0].n),
    ).toBe(ORDERS);

    const discard = await actOnRestore(cat.db, queue, { restoreId, action: "restore.discard" });
    expect((await waitForJob(cat.db, discard.id, (j) => j.status === "succeeded" || j.status === "failed")).status).toBe("succeeded");
    expect(await cat.db.restore.findUniqueOrThrow({ where: { id: restoreId } })).toMatchObject({
      status: "discarded",
      instanceMadeAt: null,
    });
    await expect(fs.stat(done.dataDir)).rejects.toThrow();
    await expect(fs.stat(`${done.dataDir}.run`)).rejects.toThrow();
    expect(await serversRunningIn(done.dataDir)).toEqual([]);
  });
});
