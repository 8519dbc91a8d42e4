// An encrypted S3 repository end to end against a real S3-protocol server on loopback: created
// through the API with "encrypt", passing its Test, a real cluster streamed and backed up into it
// by the worker, no object in the bucket holding a row's value, verified and restored through
// decryption with exactly the source's rows.
import os from "node:os";
import { buffer } from "node:stream/consumers";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oneRepository from "@/app/api/v1/repositories/[id]/route";
import * as repositoryTest from "@/app/api/v1/repositories/[id]/test/route";
import * as repositories from "@/app/api/v1/repositories/route";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { destroyInstance } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { createS3Repository } from "@/lib/storage/s3";
import { requestVerification } from "@/lib/verification/request-verification";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpInto } from "@/test/harness/backed-up-cluster";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { copySpec, onCopy } from "@/test/harness/restored-copy";
import { s3RepositoryFields, useS3Server } from "@/test/harness/s3";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const cat = useCatalog();
const admin = useWeb(cat, w.config, "admin");
const s3 = useS3Server();
const source = useTestCluster();
const MARKER = `marker-${randomBytes(6).toString("hex")}`;
const ROWS = "SELECT count(*)::int AS n, md5(string_agg(value, ',' ORDER BY id)) AS md5 FROM secrets";
const PREFIX = "encrypted/";
const started: { dataDir: string; port: number }[] = [];
let repositoryId: string;
let clusterId: string;

afterAll(async () => {
  for (const s of started) await destroyInstance(await copySpec(s)).catch(() => undefined);
});

beforeAll(async () => {
  const created = await admin.call(repositories.POST, {
    method: "POST",
    path: "/api/v1/repositories",
    body: {
      name: uniqueName("enc-s3"),
      ...s3RepositoryFields(s3(), PREFIX),
      encrypt: true,
    },
  });
  expect(created.status).toBe(201);
  expect(created.json.repository).toMatchObject({ kind: "s3", encrypted: true });
  repositoryId = created.json.repository.id;

  const c = source();
  await c.query("CREATE TABLE secrets (id int PRIMARY KEY, value text NOT NULL)");
  await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series(1, 500) g`, [MARKER]);
  ({ clusterId } = await backedUpInto(w, c, { name: "enc-s3", repositoryId }));
  await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series(501, 1000) g`, [MARKER]);
  await archivedThroughCurrent(w.db, c, clusterId);
});

describe("an encrypted S3 repository", () => {
  it("passes its Test through the encryption layer", async () => {
    const asked = await admin.call(repositoryTest.POST, {
      method: "POST",
      path: `/api/v1/repositories/${repositoryId}/test`,
      params: { id: repositoryId },
    });
    expect((await w.waitForJob(asked.json.job.id)).status).toBe("succeeded");
    const got = await admin.call(oneRepository.GET, { path: `/api/v1/repositories/${repositoryId}`, params: { id: repositoryId } });
    expect(got.json.repository.test).toMatchObject({ ok: true });
  });

  it("holds no object with a row's value in the bucket", async () => {
    const raw = createS3Repository(s3().settings(PREFIX), { scratchDir: os.tmpdir() });
    let objects = 0;
    for await (const { key } of raw.list(`${clusterId}/`)) {
      objects++;
      expect((await buffer(await raw.get(key))).includes(Buffer.from(MARKER)), key).toBe(false);
    }
    expect(objects).toBeGreaterThan(2);
  });

  it("verifies, and restores (base and WAL replay) to exactly the source's rows", async () => {
    const verify = await requestVerification(w.db, w.queue(), clusterId);
    expect((await w.waitForJob(verify.id, undefined)).error).toBeNull();

    const userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
    const input = restoreRequestInput.parse({ target: { kind: "latest" } });
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input,
      userId,
      restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
    });
    started.push({ dataDir: restore!.dataDir, port: restore!.port });
    expect((await w.waitForJob(restore!.jobId!, undefined)).error).toBeNull();
    const row = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    const restored = await onCopy(row.port, source().password, (c) => c.query(ROWS).then((r) => r.rows[0]));
    expect(restored).toEqual((await source().query(ROWS)).rows[0]);
    expect(restored.n).toBe(1000);
  });
});
