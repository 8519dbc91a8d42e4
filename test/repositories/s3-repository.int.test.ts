// An S3 repository end to end against a real S3-protocol server on loopback: created through the
// API (the secret never comes back), tested by the worker (a wrong secret names the refusal), a
// real cluster streamed and backed up into it by the worker, and restored from it to a moment
// with exactly the rows of that moment (restore_command served by the restore job: the CLI's
// config holds no S3 key pair, and the copy's server can never read one).
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oneRepository from "@/app/api/v1/repositories/[id]/route";
import * as repositoryTest from "@/app/api/v1/repositories/[id]/test/route";
import * as repositories from "@/app/api/v1/repositories/route";
import { requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { withConnection } from "@/lib/pg/with-connection";
import { requestVerification } from "@/lib/verification/request-verification";
import { destroyInstance } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { backupPrefix, walPrefix } from "@/lib/storage/layout";
import { createS3Repository } from "@/lib/storage/s3";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { backedUpInto } from "@/test/harness/backed-up-cluster";
import { copySpec, onCopy } from "@/test/harness/restored-copy";
import { s3RepositoryFields, S3RVER_CREDENTIALS, useS3Server } from "@/test/harness/s3";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";
import { momentAfterLastCommit } from "@/test/harness/moment";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const cat = useCatalog();
const admin = useWeb(cat, w.config, "admin");
const s3 = useS3Server();
const source = useTestCluster();
// s3rver's only key pair is S3RVER/S3RVER, and no view shows either half, so the text is searched for.
const SECRET = S3RVER_CREDENTIALS.secretAccessKey;
const started: { dataDir: string; port: number }[] = [];
let userId: string;
/** The cluster the backup test streams and backs up into the bucket, for the tests after it. */
let s3ClusterId: string;

const createS3 = (name: string, prefix: string, keys: { accessKeyId: string; secretAccessKey: string } = S3RVER_CREDENTIALS) =>
  admin.call(repositories.POST, {
    method: "POST",
    path: "/api/v1/repositories",
    body: {
      name: uniqueName(name),
      ...s3RepositoryFields(s3(), prefix),
      ...keys,
    },
  });

async function testResult(repositoryId: string) {
  const asked = await admin.call(repositoryTest.POST, {
    method: "POST",
    path: `/api/v1/repositories/${repositoryId}/test`,
    params: { id: repositoryId },
  });
  expect(asked.status).toBe(202);
  expect((await w.waitForJob(asked.json.job.id)).status).toBe("succeeded");
  const got = await admin.call(oneRepository.GET, { path: `/api/v1/repositories/${repositoryId}`, params: { id: repositoryId } });
  expect(got.text).not.toContain(SECRET);
  return got.json.repository.test as { ok: boolean; detail: string; jobId: string };
}

const ORDERS = "SELECT count(*)::int AS rows, md5(string_agg(id || ':' || item, ',' ORDER BY id)) AS md5 FROM orders";

beforeAll(async () => {
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
});

afterAll(async () => {
  for (const s of started) await destroyInstance(await copySpec(s)).catch(() => undefined);
});

describe("an S3 repository", () => {
  it("is created through the API, which stores the secret encrypted and never returns it", async () => {
    const created = await createS3("s3", "api/");
    expect(created.status).toBe(201);
    expect(created.json.repository).toMatchObject({
      kind: "s3",
      path: null,
      location: `s3://${s3().bucket}/api/ at ${s3().endpoint}`,
      s3: { bucket: s3().bucket, prefix: "api/", region: "us-east-1", forcePathStyle: true, credentials: "access key" },
    });
    expect(created.text).not.toContain(SECRET);
    const listed = await admin.call(repositories.GET, { path: "/api/v1/repositories" });
    expect(listed.text).not.toContain(SECRET);
    const row = await w.db.repository.findUniqueOrThrow({ where: { id: created.json.repository.id } });
    expect(row.s3SecretKeyEncrypted).toMatch(/^v1\./);
    expect(row.s3SecretKeyEncrypted).not.toContain(SECRET);
    expect(admin.logs.join("\n")).not.toContain(SECRET);
  });

  it("refuses field by field what is not an S3 location", async () => {
    const bad = await admin.call(repositories.POST, {
      method: "POST",
      path: "/api/v1/repositories",
      body: { name: uniqueName("bad"), kind: "s3", endpoint: "ftp://x", region: "us-east-1", bucket: "No_Such", prefix: "/x" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["bucket", "endpoint", "prefix"]);
  });

  // The loopback server checks SigV4 signatures (test/harness/s3-signature-check.ts): the right key id
  // with a wrong secret is refused as a real store refuses it.
  it("passes its Test with the right key pair, and a wrong one fails naming the refusal and the permissions", async () => {
    const good = await createS3("s3-good", "tested/");
    const passed = await testResult(good.json.repository.id);
    expect(passed).toMatchObject({ ok: true, detail: expect.stringMatching(/^Every operation works: write \(s3:PutObject\)/) });

    const wrong = await createS3("s3-wrong", "tested/", { accessKeyId: S3RVER_CREDENTIALS.accessKeyId, secretAccessKey: "not-the-secret" });
    const failed = await testResult(wrong.json.repository.id);
    expect(failed.ok).toBe(false);
    expect(failed.detail).toMatch(/the access key was refused/);
    expect(failed.detail).toMatch(/s3:PutObject/);
    expect(failed.detail).not.toContain("not-the-secret");

    // The test leaves nothing behind in the bucket.
    const store = createS3Repository(s3().settings("tested/"), { scratchDir: os.tmpdir() });
    const left: string[] = [];
    for await (const o of store.list("")) left.push(o.key);
    expect(left).toEqual([]);
  });

  it("is edited without showing the secret: a blank secret keeps it, a new key pair replaces it, the bucket stays", async () => {
    const created = await createS3("s3-edit", "edited/");
    const id: string = created.json.repository.id;
    const patch = (body: object) =>
      admin.call(oneRepository.PATCH, { method: "PATCH", path: `/api/v1/repositories/${id}`, params: { id }, body });
    const stored = async () => (await w.db.repository.findUniqueOrThrow({ where: { id } })).s3SecretKeyEncrypted;
    const secretBefore = await stored();

    const renamed = await patch({ name: uniqueName("s3-renamed"), storageClass: "STANDARD_IA", secretAccessKey: "" });
    expect(renamed.status).toBe(200);
    expect(renamed.json.repository.s3).toMatchObject({ storageClass: "STANDARD_IA", credentials: "access key" });
    expect(renamed.text).not.toContain(SECRET);
    expect(await stored()).toBe(secretBefore);
    expect(await testResult(id)).toMatchObject({ ok: true });

    const moved = await patch({ bucket: "elsewhere" });
    expect(moved.status).toBe(400);
    expect(moved.json.error.fields.bucket[0]).toMatch(/cannot change/);
    const halfPair = await patch({ accessKeyId: "NEW-KEY" });
    expect(halfPair.status).toBe(400);
    expect(halfPair.json.error.fields.secretAccessKey).toEqual(["Enter the secret that goes with the new access key id."]);

    expect((await patch({ accessKeyId: "NOT-OURS", secretAccessKey: "wrong" })).status).toBe(200);
    expect(await testResult(id)).toMatchObject({ ok: false, detail: expect.stringMatching(/access key was refused/) });
    expect((await patch({ ...S3RVER_CREDENTIALS })).status).toBe(200);
    expect(await testResult(id)).toMatchObject({ ok: true });

    const chain = await patch({ defaultCredentials: true });
    expect(chain.json.repository.s3.credentials).toBe("default chain");
    expect(await w.db.repository.findUniqueOrThrow({ where: { id } })).toMatchObject({ s3AccessKeyId: null, s3SecretKeyEncrypted: null });
  });

  it("holds a real cluster's WAL and backup, and a restore from it to a moment has exactly that moment's rows", async () => {
    const created = await createS3("s3-backups", "backups/");
    const repositoryId: string = created.json.repository.id;
    const c = source();
    const { clusterId, backup } = await backedUpInto(w, c, { name: "s3", repositoryId });
    s3ClusterId = clusterId;
    const files = await w.db.backupFile.findMany({ where: { backupId: backup.id } });

    await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)");
    await c.query("INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, 2000) g");
    const time = await momentAfterLastCommit(c);
    const before = (await c.query(ORDERS)).rows[0];
    await c.query("DELETE FROM orders WHERE id > 100");
    await archivedThroughCurrent(w.db, c, clusterId);

    // The objects are in the bucket under the repository's prefix, by the same keys as on disk.
    const store = createS3Repository(s3().settings("backups/"), { scratchDir: os.tmpdir() });
    const backupKeys: string[] = [];
    for await (const o of store.list(backupPrefix(clusterId, backup.id))) backupKeys.push(o.key);
    for (const f of files) expect(backupKeys).toContain(`${backupPrefix(clusterId, backup.id)}${f.name}`);
    let walObjects = 0;
    for await (const _ of store.list(walPrefix(clusterId))) walObjects += 1;
    expect(walObjects).toBeGreaterThan(0);

    const input = restoreRequestInput.parse({ target: { kind: "time", time, inclusive: true } });
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input,
      userId,
      restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
    });
    started.push({ dataDir: restore!.dataDir, port: restore!.port });
    const restored = await w.waitForJob(restore!.jobId!);
    expect(restored.error).toBeNull();
    expect(restored.status).toBe("succeeded");
    const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    expect((await onCopy(row.port!, c.password, (db) => db.query(ORDERS))).rows[0]).toEqual(before);
  });

  it("is read back by verification, and holds a directory dump that restores into a new database", async () => {
    const c = source();
    const verifyJob = await requestVerification(w.db, w.queue(), s3ClusterId);
    expect((await w.waitForJob(verifyJob.id)).status).toBe("succeeded");
    const verification = await w.db.verification.findUniqueOrThrow({ where: { jobId: verifyJob.id }, include: { findings: true } });
    expect(verification.findings).toEqual([]);
    expect(verification.status).toBe("passed");

    // A directory dump goes through the repository's staging directory and back through materialise().
    const input = requestDumpBody.parse({ database: "postgres", format: "directory" });
    const dump = await requestDump(w.db, w.queue(), { clusterId: s3ClusterId, input });
    const dumped = await w.waitForJob(dump.jobId!);
    expect(dumped.error).toBeNull();
    expect(dumped.status).toBe("succeeded");
    const into = uniqueName("from-s3");
    const body = requestDumpRestoreBody.parse({ targetClusterId: s3ClusterId, targetDatabase: into });
    const restore = await requestDumpRestore(w.db, w.queue(), { dumpId: dump.id, input: body, userId: null });
    const restored = await w.waitForJob(restore.jobId!);
    expect(restored.error).toBeNull();
    expect(await w.db.dumpRestore.findUniqueOrThrow({ where: { id: restore.id } })).toMatchObject({ status: "complete", errorCount: 0 });
    const login = { host: c.host, port: c.port, user: c.superuser, password: c.password };
    const inNew = await withConnection({ ...login, database: into }, (db) => db.query(ORDERS));
    expect(inNew.rows[0]).toEqual((await c.query(ORDERS)).rows[0]);
  });
});
