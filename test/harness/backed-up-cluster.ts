import { expect } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import type { Backup } from "@/lib/db/generated/client";
import type { TestCluster } from "@/test/harness/cluster";
import { registerTestCluster } from "@/test/harness/registered-cluster";
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
  repository: Parameters<typeof createTestRepository>[1] = {},
): Promise<{ clusterId: string; repo: { id: string; path: string }; backup: Backup }> {
  const repo = await createTestRepository(w.db, repository);
  return { repo, ...(await backedUpInto(w, source, { name, repositoryId: repo.id, login })) };
}

/** The same into a repository of the caller's (an S3 or an encrypted one, say). */
export async function backedUpInto(
  w: ReturnType<typeof useWorker>,
  source: TestCluster,
  opts: { name: string; repositoryId: string; login?: { username: string; password: string } },
): Promise<{ clusterId: string; backup: Backup }> {
  const clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source,
    name: opts.name,
    repositoryId: opts.repositoryId,
    input: opts.login,
  });
  await until("the receiver to stream", () =>
    w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
  );
  const job = await requestBackup(w.db, w.queue(), clusterId);
  const done = await w.waitForJob(job.id);
  expect(done.error).toBeNull();
  expect(done.status).toBe("succeeded");
  return { clusterId, backup: await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } }) };
}
