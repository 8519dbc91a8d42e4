import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { DumpRestore } from "@/lib/db/generated/client";
import { requestDump } from "@/lib/dumps/request-dump";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { requestDumpVerification } from "@/lib/dumps/request-dump-verification";
import { requestDumpBody, requestDumpRestoreBody } from "@/lib/domain/dump-input";
import { getDump, listDumps } from "@/lib/dumps/find-dumps";
import { removeDump } from "@/lib/dumps/remove-dump";
import { verifyDump } from "@/lib/dumps/verify-dump";
import { dumpPrefix } from "@/lib/storage/layout";
import { createPosixRepository } from "@/lib/storage/posix";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, useTestCluster, type TestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker();
const source = useTestCluster();
const other = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;

// Names are data: a database, a schema and tables whose names need quoting everywhere.
const DB = "dæmø base ü";
const SCHEMA = "my schema";
const TABLE = 'a "quoted" table';
const PARENT = "parent's table";

async function inDb<T>(c: TestCluster, database: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.superuser, password: c.password, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Row count and a checksum of every row's text, per user table: equal means the same data. */
async function fingerprint(c: TestCluster, database: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  return inDb(c, database, async (client) => {
    const { rows: tables } = await client.query<{ s: string; t: string }>(
      "SELECT schemaname AS s, tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
    );
    const out: Record<string, { rows: number; md5: string | null }> = {};
    for (const { s, t } of tables) {
      const ident = `${client.escapeIdentifier(s)}.${client.escapeIdentifier(t)}`;
      const { rows } = await client.query<{ n: string; md5: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS md5 FROM ${ident} x`,
      );
      out[`${s}.${t}`] = { rows: Number(rows[0]!.n), md5: rows[0]!.md5 };
    }
    return out;
  });
}

async function dumpNow(input: Record<string, unknown>) {
  const dump = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse(input) });
  const job = await w.waitForJob(dump.jobId!, undefined);
  expect(job.error).toBeNull();
  expect(job.status).toBe("succeeded");
  return getDump(w.db, dump.id);
}

async function restoreNow(dumpId: string, input: Record<string, unknown>): Promise<DumpRestore> {
  const restore = await requestDumpRestore(w.db, w.queue(), {
    dumpId,
    input: requestDumpRestoreBody.parse({ targetClusterId: clusterId, ...input }),
    userId: null,
  });
  await w.waitForJob(restore.jobId!);
  return w.db.dumpRestore.findUniqueOrThrow({ where: { id: restore.id } });
}

beforeAll(async () => {
  repo = await createTestRepository(w.db);
  const c = source();
  await pgbenchInit(c, 1);
  await c.query(`CREATE DATABASE "${DB}"`);
  await inDb(c, DB, (client) =>
    client.query(`
      CREATE SCHEMA "my schema";
      CREATE TABLE "my schema"."parent's table" (id int PRIMARY KEY, label text);
      CREATE TABLE "my schema"."a ""quoted"" table" (id serial PRIMARY KEY, parent int REFERENCES "my schema"."parent's table", v text, "weird col ""x""" jsonb);
      CREATE INDEX "idx: v ""quoted""" ON "my schema"."a ""quoted"" table" (v);
      INSERT INTO "my schema"."parent's table" SELECT i, 'päränt ' || i FROM generate_series(1, 10) i;
      INSERT INTO "my schema"."a ""quoted"" table" (parent, v, "weird col ""x""")
        SELECT 1 + i % 10, md5(i::text) || ' ✓ ''quote''', jsonb_build_object('i', i) FROM generate_series(1, 5000) i;
      CREATE TABLE public.other (id int PRIMARY KEY, v text);
      INSERT INTO public.other SELECT i, 'o' || i FROM generate_series(1, 100) i;
    `),
  );
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "dumps",
    repositoryId: repo.id,
    input: { walMode: "archive_command" },
  });
});

describe("logical dumps", () => {
  it("dumps a database with a non-ASCII name in custom format, verifies it, and restores it whole into a new database", async () => {
    const c = source();
    const dump = await dumpNow({ database: DB });
    expect(dump).toMatchObject({ status: "complete", format: "custom", verified: true, globals: true, database: DB });
    expect(dump.verifyDetail).toMatch(/pg_restore read the whole archive/);
    expect(dump.files.map((f) => f.name).sort()).toEqual(["database.dump", "globals.sql"]);
    expect(dump.tablesDumped).toBe(3);
    expect(dump.tocSummary).toMatchObject({ TABLE: 3, "TABLE DATA": 3, INDEX: 1, "FK CONSTRAINT": 1 });
    expect(dump.toc!.tables).toEqual([
      { schema: SCHEMA, name: TABLE },
      { schema: SCHEMA, name: PARENT },
      { schema: "public", name: "other" },
    ]);
    // The manifest is the last file written and lists every other one with its checksum.
    const dir = path.join(repo.path, clusterId, "dump", dump.id);
    const manifest = JSON.parse(await fs.readFile(path.join(dir, "wayback.manifest.json"), "utf8"));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(manifest.files.sort(byName)).toEqual(
      dump.files.map((f) => ({ name: f.name, size: f.sizeBytes, sha256: f.sha256 })).sort(byName),
    );
    expect(await fs.readFile(path.join(dir, "globals.sql"), "utf8")).toMatch(/CREATE ROLE postgres;/);

    const into = "restörd «whole»";
    const restore = await restoreNow(dump.id, { targetDatabase: into });
    expect(restore).toMatchObject({ status: "complete", createdDatabase: true, errorCount: 0, errors: null });
    expect(await fingerprint(c, into)).toEqual(await fingerprint(c, DB));
  });

  it("restores one table (quotes and spaces in its name) with its index, default and sequence into a new database", async () => {
    const c = source();
    const dump = await dumpNow({ database: DB });
    const into = uniqueName("one table");
    const restore = await restoreNow(dump.id, { targetDatabase: into, selection: { tables: [{ schema: SCHEMA, name: TABLE }] } });
    expect(restore.error).toBeNull();
    expect(restore.status).toBe("complete");
    const restored = await fingerprint(c, into);
    expect(Object.keys(restored)).toEqual([`${SCHEMA}.${TABLE}`]);
    expect(restored[`${SCHEMA}.${TABLE}`]).toEqual((await fingerprint(c, DB))[`${SCHEMA}.${TABLE}`]);
    await inDb(c, into, async (client) => {
      const { rows: idx } = await client.query("SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1", [SCHEMA]);
      expect(idx.map((r) => r.indexname)).toEqual(['a "quoted" table_pkey', 'idx: v "quoted"']);
      // The serial column's sequence came along, set where the source left it.
      const { rows } = await client.query(`INSERT INTO "my schema"."a ""quoted"" table" (v) VALUES ('new') RETURNING id`);
      expect(rows[0].id).toBe(5001);
    });
  });

  it("dumps in directory format with two jobs and restores with two jobs", async () => {
    const c = source();
    const dump = await dumpNow({ database: "postgres", format: "directory", jobs: 2, globals: false });
    expect(dump).toMatchObject({ status: "complete", format: "directory", jobs: 2, verified: true });
    expect(dump.files.some((f) => f.name === "database/toc.dat")).toBe(true);
    expect(dump.toc!.tables.map((t) => t.name)).toEqual(["pgbench_accounts", "pgbench_branches", "pgbench_history", "pgbench_tellers"]);
    const job = await w.db.job.findUniqueOrThrow({ where: { id: dump.job!.id } });
    expect(Number(job.bytesDone)).toBeGreaterThan(0);

    const into = uniqueName("pgbench");
    const restore = await restoreNow(dump.id, { targetDatabase: into, jobs: 2 });
    expect(restore).toMatchObject({ status: "complete", errorCount: 0 });
    expect(await fingerprint(c, into)).toEqual(await fingerprint(c, "postgres"));
  });

  it("dumps as plain SQL and restores it with psql", async () => {
    const c = source();
    const dump = await dumpNow({ database: DB, format: "plain", includeSchemas: [SCHEMA] });
    expect(dump).toMatchObject({ status: "complete", format: "plain", verified: true, toc: null });
    expect(dump.verifyDetail).toMatch(/ends with pg_dump's closing line/);
    const into = uniqueName("plain");
    const restore = await restoreNow(dump.id, { targetDatabase: into });
    expect(restore).toMatchObject({ status: "complete", errorCount: 0 });
    const source_ = await fingerprint(c, DB);
    delete source_["public.other"]; // outside the included schema
    expect(await fingerprint(c, into)).toEqual(source_);
  });

  it("a truncated dump fails verification and restore with a clear error, and restores nothing", async () => {
    const c = source();
    const dump = await dumpNow({ database: DB, globals: false });
    const file = path.join(repo.path, clusterId, "dump", dump.id, "database.dump");
    const { size } = await fs.stat(file);
    await fs.truncate(file, Math.floor(size / 2));

    const job = await requestDumpVerification(w.db, w.queue(), dump.id);
    expect((await w.waitForJob(job.id)).status).toBe("failed");
    const after = await getDump(w.db, dump.id);
    expect(after.verified).toBe(false);
    expect(after.verifyDetail).toMatch(new RegExp(`database\\.dump: ${Math.floor(size / 2)} bytes, the dump stored ${size}`));

    // Without the catalog's checksums, reading the archive whole is what catches it.
    const reread = await verifyDump({
      repo: createPosixRepository(repo.path),
      prefix: dumpPrefix(clusterId, dump.id),
      format: "custom",
      globals: false,
      files: null,
      bins: testBinaries(),
    });
    expect(reread).toMatchObject({ ok: false, tocList: null });
    expect(reread.detail).toMatch(/^pg_restore could not read the whole archive: pg_restore: error: could not read from input file/);

    const into = uniqueName("truncated");
    const restore = await restoreNow(dump.id, { targetDatabase: into });
    expect(restore.status).toBe("failed");
    expect(restore.error).toMatch(/The dump is damaged, so nothing was restored: database\.dump: \d+ bytes, the dump stored \d+/);
    const { rows } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [into]);
    expect(rows).toHaveLength(0);
  });

  it("never restores into an existing database without clean, and reports pg_restore's errors", async () => {
    const c = source();
    const dump = await dumpNow({ database: DB, globals: false });
    const refused = await restoreNow(dump.id, { targetDatabase: DB });
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/already exists on the target cluster/);
    expect(await fingerprint(c, DB)).toHaveProperty([`${SCHEMA}.${TABLE}`, "rows"], 5000);

    // Over a copy, with clean but without --if-exists on an empty database: pg_restore's DROPs fail, and each is reported.
    const empty = uniqueName("empty");
    await c.query(`CREATE DATABASE "${empty}"`);
    const over = await restoreNow(dump.id, { targetDatabase: empty, clean: true, confirmDatabase: empty });
    expect(over.status).toBe("failed");
    expect(over.errorCount).toBeGreaterThan(0);
    expect(over.errors).toMatch(/does not exist/);
    expect(over.error).toMatch(/pg_restore reported \d+ errors?; everything else was restored/);
    expect((await fingerprint(c, empty))[`${SCHEMA}.${TABLE}`]).toEqual((await fingerprint(c, DB))[`${SCHEMA}.${TABLE}`]);
  });

  it("restores into a database on another registered cluster, without the source's owners", async () => {
    const o = other();
    const dump = await dumpNow({ database: DB, excludeTables: [{ schema: "public", name: "other" }] });
    expect(dump.toc!.tables.map((t) => t.name)).not.toContain("other");
    const otherId = await registerTestCluster(w.db, {
      secretKey: w.config().secretKey,
      source: o,
      name: "other",
      input: { walMode: "archive_command" },
    });
    const restore = await requestDumpRestore(w.db, w.queue(), {
      dumpId: dump.id,
      input: requestDumpRestoreBody.parse({ targetClusterId: otherId, targetDatabase: DB, jobs: 2 }),
      userId: null,
    });
    await w.waitForJob(restore.jobId!);
    expect(await w.db.dumpRestore.findUniqueOrThrow({ where: { id: restore.id } })).toMatchObject({ status: "complete", errorCount: 0 });
    const expected = await fingerprint(source(), DB);
    delete expected["public.other"];
    expect(await fingerprint(o, DB)).toEqual(expected);
  });

  it("removes a dump: marked first (no longer listed or restorable), then its files, then its row", async () => {
    const dump = await dumpNow({ database: DB, globals: false });
    const dir = path.join(repo.path, clusterId, "dump", dump.id);
    await expect(fs.stat(path.join(dir, "wayback.manifest.json"))).resolves.toBeTruthy();
    // A removal interrupted after marking: the dump is gone from lists and cannot be restored.
    await w.db.dump.update({ where: { id: dump.id }, data: { removingAt: new Date() } });
    expect((await listDumps(w.db, { clusterId, limit: 100 })).map((d) => d.id)).not.toContain(dump.id);
    await expect(
      requestDumpRestore(w.db, w.queue(), {
        dumpId: dump.id,
        input: requestDumpRestoreBody.parse({ targetClusterId: clusterId, targetDatabase: uniqueName("x") }),
        userId: null,
      }),
    ).rejects.toThrow(/not found/);
    // Run again, it finishes.
    expect(await removeDump(w.db, { dumpId: dump.id, storage: w.config() })).toEqual({ removed: true });
    await expect(fs.stat(dir)).rejects.toThrow(/ENOENT/);
    expect(await w.db.dump.findUnique({ where: { id: dump.id } })).toBeNull();
    expect(await removeDump(w.db, { dumpId: dump.id, storage: w.config() })).toEqual({ removed: false });
  });

  it("runs one dump of a cluster at a time", async () => {
    const first = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: DB }) });
    await expect(requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: "postgres" }) })).rejects.toThrow(
      /A dump of this cluster is already running/,
    );
    expect((await w.waitForJob(first.jobId!)).status).toBe("succeeded");
  });

  it("a dump that cannot be taken is failed with the server's reason, and leaves nothing in the repository", async () => {
    const dump = await requestDump(w.db, w.queue(), { clusterId, input: requestDumpBody.parse({ database: "no such database" }) });
    expect((await w.waitForJob(dump.jobId!)).status).toBe("failed");
    const row = await getDump(w.db, dump.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/database "no such database" does not exist/);
    await expect(fs.stat(path.join(repo.path, clusterId, "dump", dump.id))).rejects.toThrow(/ENOENT/);
  });

  it("pg_dump failing fails the dump with pg_dump's own words (not its progress lines), and leaves nothing behind", async () => {
    const c = source();
    await c.query("CREATE ROLE limited LOGIN PASSWORD 'limited-pw'");
    await c.query("CREATE TABLE public.secret_stuff (x int)");
    await c.query("REVOKE ALL ON public.secret_stuff FROM PUBLIC");
    const { id } = await createCluster(w.db, {
      input: {
        name: uniqueName("limited"),
        host: c.host,
        port: c.port,
        username: "limited",
        password: "limited-pw",
        sslmode: "disable",
        repositoryId: repo.id,
        walMode: "archive_command",
      },
      secretKey: w.config().secretKey,
    });
    const dump = await requestDump(w.db, w.queue(), { clusterId: id, input: requestDumpBody.parse({ database: "postgres" }) });
    expect((await w.waitForJob(dump.jobId!)).status).toBe("failed");
    const row = await getDump(w.db, dump.id);
    // pg_dump's progress lines are left out: its error and the query that failed remain.
    expect(row.error).toMatch(
      /^pg_dump failed: query failed: ERROR: {2}permission denied for table \w+\npg_dump: error: query failed: ERROR: {2}permission denied for table \w+\npg_dump: detail: Query was: LOCK TABLE/,
    );
    await expect(fs.stat(path.join(repo.path, id, "dump", dump.id))).rejects.toThrow(/ENOENT/);
  });

  it("a dump or a restore whose worker died is failed (and the dump's files removed) when the next one starts", async () => {
    const done = await dumpNow({ database: DB, globals: false });
    // What a worker killed mid-way leaves: rows still running, their jobs failed by the stalled-job check.
    const deadDumpJob = await w.db.job.create({ data: { type: "dump", clusterId, status: "failed" } });
    const deadDump = await w.db.dump.create({
      data: { clusterId, jobId: deadDumpJob.id, repositoryId: repo.id, database: DB, format: "custom" },
    });
    const leftover = path.join(repo.path, clusterId, "dump", deadDump.id);
    await fs.mkdir(leftover, { recursive: true });
    await fs.writeFile(path.join(leftover, "database.dump"), "half a dump");
    const deadRestoreJob = await w.db.job.create({ data: { type: "dump.restore", clusterId, status: "failed" } });
    const deadRestore = await w.db.dumpRestore.create({
      data: { dumpId: done.id, jobId: deadRestoreJob.id, targetClusterId: clusterId, targetDatabase: uniqueName("dead") },
    });

    await dumpNow({ database: DB, globals: false });
    expect(await w.db.dump.findUniqueOrThrow({ where: { id: deadDump.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted/),
    });
    await expect(fs.stat(leftover)).rejects.toThrow(/ENOENT/);

    expect((await restoreNow(done.id, { targetDatabase: uniqueName("after") })).status).toBe("complete");
    expect(await w.db.dumpRestore.findUniqueOrThrow({ where: { id: deadRestore.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted/),
    });
  });
});
