// An S3 repository whose access key ID is right and whose secret is wrong, against the loopback
// server that checks SigV4 signatures (test/harness/s3-signature-check.ts): its Test says the key
// was refused and which permission could not be used, and a backup into it fails naming the
// repository, with no backup that looks complete and nothing left in the bucket.
import os from "node:os";
import { describe, expect, it } from "vitest";
import * as oneRepository from "@/app/api/v1/repositories/[id]/route";
import * as repositoryTest from "@/app/api/v1/repositories/[id]/test/route";
import * as repositories from "@/app/api/v1/repositories/route";
import { requestBackup } from "@/lib/backups/request-backup";
import { createS3Repository } from "@/lib/storage/s3";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { collect } from "@/test/harness/outcomes";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { s3RepositoryFields, useS3Server } from "@/test/harness/s3";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";

const w = useWorker();
const cat = useCatalog();
const admin = useWeb(cat, w.config, "admin");
const s3 = useS3Server();
const source = useTestCluster();
const WRONG = "wrong-secret-for-S3RVER-4q7";
const PREFIX = "wrong-secret/";

describe("an S3 repository with the right access key ID and a wrong secret", () => {
  let repositoryId: string;

  it("fails its Test, saying the key was refused and which permission it could not use", async () => {
    const created = await admin.call(repositories.POST, {
      method: "POST",
      path: "/api/v1/repositories",
      body: {
        name: uniqueName("s3-wrong-secret"),
        ...s3RepositoryFields(s3(), PREFIX),
        secretAccessKey: WRONG,
      },
    });
    expect(created.status).toBe(201);
    repositoryId = created.json.repository.id;
    const asked = await admin.call(repositoryTest.POST, {
      method: "POST",
      path: `/api/v1/repositories/${repositoryId}/test`,
      params: { id: repositoryId },
    });
    expect(asked.status).toBe(202);
    expect((await w.waitForJob(asked.json.job.id)).status).toBe("succeeded");
    const got = await admin.call(oneRepository.GET, { path: `/api/v1/repositories/${repositoryId}`, params: { id: repositoryId } });
    const test = got.json.repository.test as { ok: boolean; detail: string };
    expect(test.ok).toBe(false);
    expect(test.detail).toMatch(/the access key was refused by 127\.0\.0\.1:\d+ \(SignatureDoesNotMatch\)/);
    expect(test.detail).toMatch(/s3:PutObject/);
    expect(got.text).not.toContain(WRONG);
  });

  it("a backup into it fails naming the repository and the refusal; no backup looks complete and the bucket stays empty", async () => {
    const c = source();
    const clusterId = await registerTestCluster(w.db, { secretKey: w.config().secretKey, source: c, name: "wrong-secret", repositoryId });
    const job = await requestBackup(w.db, w.queue(), clusterId);
    const done = await w.waitForJob(job.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(
      new RegExp(`^s3://${s3().bucket}/${PREFIX} at 127\\.0\\.0\\.1:\\d+: the access key was refused by .*\\(SignatureDoesNotMatch\\)`),
    );
    expect(done.error).not.toContain(WRONG);
    expect(await w.db.backup.count({ where: { clusterId, status: "complete" } })).toBe(0);
    const store = createS3Repository(s3().settings(PREFIX), { scratchDir: os.tmpdir() });
    expect(await collect(store.list(""))).toEqual([]);
    expect(await s3().storedParts()).toBe(0);
  });
});
