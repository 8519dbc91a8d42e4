import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { backupPrefix } from "@/lib/repo/layout";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { waitForJob } from "@/test/harness/worker";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const { start: startWorkerProcess, queue } = useWorkerProcesses(cat, keyHex);

let repo: { id: string; path: string };
let clusterId: string;
beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 10);
  repo = await createTestRepository(cat.db);
  ({ id: clusterId } = await createCluster(cat.db, {
    input: { name: uniqueName("crash"), host: c.host, port: c.port, username: c.superuser, password: c.password, sslmode: "disable", repositoryId: repo.id },
    secretKey: Buffer.from(keyHex, "hex"),
  }));
});

describe("a worker killed mid-backup", () => {
  it("leaves no complete-looking backup; the retried job produces one good backup and cleans up", async () => {
    const first = startWorkerProcess();
    const job = await requestBackup(cat.db, queue, clusterId);
    await waitForJob(cat.db, job.id, (j) => j.phase === "copy" || j.phase === "verify" || j.phase === "store", 60_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const interrupted = await cat.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
    expect(interrupted.status).toBe("running");
    const dir = path.join(repo.path, backupPrefix(clusterId, interrupted.id));
    const manifest = await fs.stat(path.join(dir, "wayback.manifest.json")).catch(() => null);
    expect(manifest).toBeNull();

    startWorkerProcess();
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed", 120_000);
    expect(done.status).toBe("succeeded");
    expect(done.attempts).toBe(2);

    const backups = await cat.db.backup.findMany({ where: { clusterId } });
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({ id: interrupted.id, status: "complete", verified: true });
    expect((await fs.readdir(dir)).sort()).toEqual(["backup_manifest", "base.tar.zst", "pg_wal.tar", "wayback.manifest.json"]);
    // Nothing the dead worker staged is left behind.
    const staging = await fs.readdir(path.join(repo.path, ".wayback-staging")).catch(() => []);
    expect(staging).toEqual([]);
  });
});
