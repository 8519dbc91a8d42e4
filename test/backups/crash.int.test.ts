// A worker killed (SIGKILL) in the middle of a backup: the programs it started die with it (its
// reaper ends their process groups), the source server keeps no walsender or temporary slot of
// that backup, and the retried job on a new worker produces one good backup.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { backupApplicationName } from "@/lib/pg/basebackup";
import { backupPrefix } from "@/lib/storage/layout";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { findProcesses } from "@/test/harness/processes";
import { until } from "@/test/harness/until";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { waitForJob } from "@/test/harness/worker";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
// BullMQ renews a job's lock on a timer, every half lock. The harness's 2 s lock (a dead worker
// noticed fast) let a busy machine (load 14 on 2 cores) miss a renewal of the retried job, which
// then counted as stalled a second time and failed; 15 s leaves room for such pauses.
const { start: startWorkerProcess, queue } = useWorkerProcesses(cat, keyHex, { WAYBACK_JOB_LOCK_MS: "15000" });

let repo: { id: string; path: string };
let clusterId: string;
beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 10);
  repo = await createTestRepository(cat.db);
  ({ id: clusterId } = await createCluster(cat.db, {
    input: {
      name: uniqueName("crash"),
      host: c.host,
      port: c.port,
      username: c.superuser,
      password: c.password,
      sslmode: "disable",
      repositoryId: repo.id,
      // Uncompressed and rate-limited, the copy of ~150 MB lasts at least ~18 s however fast the
      // machine is: the worker is surely killed while pg_basebackup runs.
      compression: "none",
      backupMaxRateKb: 8192,
    },
    secretKey: Buffer.from(keyHex, "hex"),
  }));
});

/** pg_basebackup processes writing into this test's repository (the backup and its forked WAL streamer). */
const basebackups = () => findProcesses((argv) => path.basename(argv[0]!) === "pg_basebackup" && argv.some((a) => a.startsWith(repo.path)));

describe("a worker killed mid-backup", () => {
  it("leaves no program or walsender behind and no complete-looking backup; the retried job produces one good backup", async () => {
    const c = source();
    const first = startWorkerProcess();
    const job = await requestBackup(cat.db, queue, clusterId);
    const appName = backupApplicationName(job.id);
    await waitForJob(cat.db, job.id, (j) => j.phase === "copy");
    // Both pg_basebackup processes run, and the server serves both walsenders of this backup.
    await until("pg_basebackup and its WAL streamer to run", async () => (await basebackups()).length === 2);
    await until(
      "the backup's two walsenders",
      async () =>
        (await c.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE application_name = $1", [appName])).rows[0].n === 2,
    );
    expect((await c.query("SELECT count(*)::int AS n FROM pg_replication_slots WHERE temporary")).rows[0].n).toBe(1);

    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    // The programs died with the worker, and with them their connections: no walsender, no slot.
    await until("no pg_basebackup to remain", async () => (await basebackups()).length === 0, 30_000);
    await until(
      "the server to drop the backup's walsenders",
      async () =>
        (await c.query("SELECT count(*)::int AS n FROM pg_stat_replication WHERE application_name = $1", [appName])).rows[0].n === 0,
      30_000,
    );
    await until(
      "the temporary slot to be gone",
      async () => (await c.query("SELECT count(*)::int AS n FROM pg_replication_slots WHERE temporary")).rows[0].n === 0,
      30_000,
    );

    const interrupted = await cat.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
    expect(interrupted.status).toBe("running");
    const dir = path.join(repo.path, backupPrefix(clusterId, interrupted.id));
    const manifest = await fs.stat(path.join(dir, "wayback.manifest.json")).catch(() => null);
    expect(manifest).toBeNull();

    await cat.db.cluster.update({ where: { id: clusterId }, data: { backupMaxRateKb: null } });
    startWorkerProcess();
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);

    const backups = await cat.db.backup.findMany({ where: { clusterId } });
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({ id: interrupted.id, status: "complete", verified: true });
    expect((await fs.readdir(dir)).sort()).toEqual(["backup_manifest", "base.tar", "pg_wal.tar", "wayback.manifest.json"]);
    // Nothing the dead worker staged is left behind.
    const staging = await fs.readdir(path.join(repo.path, ".wayback-staging")).catch(() => []);
    expect(staging).toEqual([]);
  });
});
