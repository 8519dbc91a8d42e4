import { expect } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { Backup } from "@/lib/db/generated/client";
import { uniqueName } from "@/test/harness/catalog";
import type { TestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import type { useWorker } from "@/test/harness/worker";

/**
 * `source` registered in the catalog with a new test repository, streaming its WAL (the receiver
 * is running), and one complete full backup taken by the worker.
 */
export async function backedUpCluster(
  w: ReturnType<typeof useWorker>,
  source: TestCluster,
  name: string,
  /** The role Wayback logs in with; the superuser unless given. */
  login: { username: string; password: string } = { username: source.superuser, password: source.password },
): Promise<{ clusterId: string; repo: { id: string; path: string }; backup: Backup }> {
  const repo = await createTestRepository(w.db);
  const { id: clusterId } = await createCluster(w.db, {
    input: {
      name: uniqueName(name),
      host: source.host,
      port: source.port,
      ...login,
      sslmode: "disable",
      repositoryId: repo.id,
      walMode: "streaming",
    },
    secretKey: w.config().secretKey,
  });
  await until("the receiver to stream", () =>
    w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
  );
  const job = await requestBackup(w.db, w.queue(), clusterId);
  expect((await w.waitForJob(job.id)).status).toBe("succeeded");
  return { clusterId, repo, backup: await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } }) };
}
