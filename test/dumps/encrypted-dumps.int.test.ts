// Logical dumps into an encrypted repository, by the real worker: custom (streamed through put) and
// directory (pg_dump writes a staging directory) formats, stored without plaintext, verified, and
// restored into new databases with exactly the source's rows.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { uniqueName } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker();
const source = useTestCluster();
const MARKER = `marker-${randomBytes(6).toString("hex")}`;
const ROWS = "SELECT count(*)::int AS n, md5(string_agg(value, ',' ORDER BY id)) AS md5 FROM secrets";
let clusterId: string;
let repoDir: string;

async function inDatabase<T>(database: string, query: string): Promise<T> {
  const c = source();
  const client = new pg.Client({ host: c.host, port: c.port, user: c.superuser, password: c.password, database });
  await client.connect();
  try {
    return (await client.query(query)).rows[0] as T;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  const c = source();
  await c.query("CREATE TABLE secrets (id int PRIMARY KEY, value text NOT NULL)");
  await c.query(`INSERT INTO secrets SELECT g, $1 || ':' || g FROM generate_series(1, 2000) g`, [MARKER]);
  const repo = await createTestRepository(w.db, { encryptWith: w.config().secretKey });
  repoDir = repo.path;
  clusterId = await registerTestCluster(w.db, { secretKey: w.config().secretKey, source: c, name: "dumps", repositoryId: repo.id });
});

// Uncompressed, so that an unencrypted dump would show the marker in its files.
describe.each([
  { format: "custom", compressLevel: 0 },
  { format: "directory", compressLevel: 0 },
])("a $format dump in an encrypted repository", (options) => {
  it("stores no plaintext, and restores into a new database with exactly the source's rows", async () => {
    const dump = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: "postgres", ...options }) });
    const dumped = await w.waitForJob(dump.jobId!, undefined);
    expect(dumped.error).toBeNull();
    expect(dumped.status).toBe("succeeded");

    const files = (await fs.readdir(repoDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect((await fs.readFile(path.join(f.parentPath, f.name))).includes(Buffer.from(MARKER))).toBe(false);

    const into = uniqueName("restored").replaceAll("-", "_");
    const restore = await requestDumpRestore(w.db, w.queue(), {
      dumpId: dump.id,
      input: requestDumpRestoreBody.parse({ targetClusterId: clusterId, targetDatabase: into }),
      userId: null,
    });
    const restored = await w.waitForJob(restore.jobId!, undefined);
    expect(restored.error).toBeNull();
    expect(await inDatabase(into, ROWS)).toEqual(await inDatabase("postgres", ROWS));
  });
});
