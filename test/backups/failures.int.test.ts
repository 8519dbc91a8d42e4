import fs from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { startInstance, stopInstance } from "@/lib/pg/instance";
import { createRepository } from "@/lib/repositories/create-repository";
import { backupPrefix } from "@/lib/storage/layout";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 10);
  repo = await createTestRepository(w.db);
  ({ id: clusterId } = await createCluster(w.db, {
    input: {
      name: uniqueName("fail"),
      host: c.host,
      port: c.port,
      username: c.superuser,
      password: c.password,
      sslmode: "disable",
      repositoryId: repo.id,
      compression: "none",
      backupMaxRateKb: 20_000,
    },
    secretKey: w.config().secretKey,
  }));
});

describe("backup failures end cleanly", () => {
  it("a repository outside the allowed roots is refused when saved, and by the worker when it was saved anyway", async () => {
    await expect(
      createRepository(w.db, {
        input: { name: uniqueName("etc"), kind: "posix", path: "/etc/wayback", encrypt: false },
        allowedRoots: ["/var/lib/wayback"],
        secretKey: w.config().secretKey,
      }),
    ).rejects.toMatchObject({
      code: "validation_failed",
      fields: { path: [expect.stringContaining("/var/lib/wayback")] },
    });

    // A row that bypassed the API (or a root that was narrowed since): the worker checks again.
    const outside = await w.db.repository.create({ data: { name: uniqueName("outside"), kind: "posix", path: "/etc/wayback-never" } });
    const c = source();
    const { id } = await createCluster(w.db, {
      input: {
        name: uniqueName("outside"),
        host: c.host,
        port: c.port,
        username: c.superuser,
        password: c.password,
        repositoryId: outside.id,
      },
      secretKey: w.config().secretKey,
    });
    const job = await requestBackup(w.db, w.queue(), id);
    const done = await w.waitForJob(job.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/allowed/i);
    expect(await w.db.backup.count({ where: { clusterId: id } })).toBe(0);
    await expect(fs.stat("/etc/wayback-never")).rejects.toThrow();
  });

  it("a cluster that goes away mid-backup fails the backup, removes its files, and the next backup works", async () => {
    const c = source();
    const job = await requestBackup(w.db, w.queue(), clusterId);
    await w.waitForJob(job.id, (j) => j.phase === "copy" && (j.bytesDone ?? 0n) > 0n);
    await stopInstance(c.spec, "immediate");
    try {
      const failed = await w.waitForJob(job.id);
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(/^pg_basebackup failed: /);
      const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
      expect(backup.status).toBe("failed");
      expect(backup.error).toBe(failed.error);
      await expect(fs.stat(path.join(repo.path, backupPrefix(clusterId, backup.id)))).rejects.toThrow();
      expect(await fs.readdir(path.join(repo.path, ".wayback-staging")).catch(() => [])).toEqual([]);
    } finally {
      await startInstance(c.spec);
    }

    await w.db.cluster.update({ where: { id: clusterId }, data: { backupMaxRateKb: null } });
    const next = await requestBackup(w.db, w.queue(), clusterId);
    expect((await w.waitForJob(next.id)).status).toBe("succeeded");
    expect(await w.db.backup.findUniqueOrThrow({ where: { jobId: next.id } })).toMatchObject({ status: "complete", verified: true });
  });
});
