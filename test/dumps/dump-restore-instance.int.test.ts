import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as discardRoute from "@/app/api/v1/dump-restores/[id]/discard/route";
import * as clusterDumps from "@/app/api/v1/clusters/[id]/dumps/route";
import * as dumpRestores from "@/app/api/v1/dumps/[id]/restores/route";
import * as oneDump from "@/app/api/v1/dumps/[id]/route";
import { isPortFree } from "@/lib/pg/free-port";
import { destroyInstance } from "@/lib/pg/instance";
import { useCatalog } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster, type TestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker();
const cat = useCatalog();
const source = useTestCluster();
const operator = useWeb(cat, w.config, "operator");
const viewer = useWeb(cat, w.config, "viewer");
const DB = "shop «ü»";
const ROLE = "app reader";
let clusterId: string;
let dumpId: string;

type Login = { port: number; user: string; password: string; database: string };

async function inDb<T>(at: Login, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: "127.0.0.1", ...at });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Row count and a checksum of every row's text, per table: equal means the same data. */
const fingerprint = (at: Login) =>
  inDb(at, async (client) => {
    const out: Record<string, { rows: number; md5: string | null }> = {};
    for (const t of ["items", "orders"]) {
      const { rows } = await client.query<{ n: string; md5: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS md5 FROM ${t} x`,
      );
      out[t] = { rows: Number(rows[0]!.n), md5: rows[0]!.md5 };
    }
    return out;
  });

const sourceLogin = (c: TestCluster): Login => ({ port: c.port, user: c.superuser, password: c.password, database: DB });
const restore = (body: Record<string, unknown>) =>
  operator.call(dumpRestores.POST, { method: "POST", path: `/api/v1/dumps/${dumpId}/restores`, params: { id: dumpId }, body });
const readDump = async () => (await viewer.call(oneDump.GET, { path: `/api/v1/dumps/${dumpId}`, params: { id: dumpId } })).json.dump;

beforeAll(async () => {
  const repo = await createTestRepository(w.db);
  const c = source();
  await c.query(`CREATE ROLE "${ROLE}" LOGIN PASSWORD 'reader-secret'`);
  await c.query(`CREATE DATABASE "${DB}"`);
  await inDb(sourceLogin(c), (client) =>
    client.query(`
      CREATE TABLE items (id int PRIMARY KEY, name text);
      CREATE TABLE orders (id serial PRIMARY KEY, item int REFERENCES items, note text);
      INSERT INTO items SELECT i, 'item ' || i || ' ✓' FROM generate_series(1, 50) i;
      INSERT INTO orders (item, note) SELECT 1 + i % 50, md5(i::text) FROM generate_series(1, 2000) i;
      ALTER TABLE orders OWNER TO "${ROLE}";
    `),
  );
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "dump-instance",
    repositoryId: repo.id,
    input: { walMode: "archive_command" },
  });
  const started = await operator.call(clusterDumps.POST, {
    method: "POST",
    path: `/api/v1/clusters/${clusterId}/dumps`,
    params: { id: clusterId },
    body: { database: DB },
  });
  expect(started.status).toBe(202);
  dumpId = started.json.dump.id;
  expect((await w.waitForJob(started.json.dump.job.id)).status).toBe("succeeded");
});

// Whatever a test did, no instance it made outlives the file.
afterAll(async () => {
  const left = await w.db.dumpRestore.findMany({ where: { dump: { clusterId }, instanceDataDir: { not: null }, discardedAt: null } });
  const osUser = await testServerUser();
  for (const r of left) await destroyInstance({ dataDir: r.instanceDataDir!, port: r.instancePort!, bins: testBinaries(), osUser });
});

describe("dump restore into a new local instance", () => {
  it("validates the target and names the field", async () => {
    const both = await restore({ target: { kind: "new_instance" }, targetClusterId: clusterId, targetDatabase: "x" });
    expect(both.status).toBe(400);
    expect(both.json.error.fields.targetClusterId).toEqual(["A new instance is made on the worker's host: leave targetClusterId out."]);
    const clean = await restore({ target: { kind: "new_instance" }, targetDatabase: "x", clean: true, confirmDatabase: "x" });
    expect(clean.status).toBe(400);
    expect(clean.json.error.fields.clean).toEqual(["A new instance holds no database to restore over."]);
    const noCluster = await restore({ targetDatabase: "x" });
    expect(noCluster.status).toBe(400);
    expect(noCluster.json.error.fields.targetClusterId).toEqual(["targetClusterId must be a cluster id."]);
    const kind = await restore({ target: { kind: "elsewhere" }, targetDatabase: "x" });
    expect(kind.status).toBe(400);
    expect(kind.json.error.fields["target.kind"]).toEqual(["target.kind is cluster or new_instance."]);
    expect(await w.db.dumpRestore.count({ where: { dumpId } })).toBe(0);
  });

  it("restores a custom dump with its roles into a new instance, which discard stops and removes", async () => {
    const c = source();
    const into = "restored «ü»";
    const started = await restore({ target: { kind: "new_instance" }, targetDatabase: into, noOwner: false, jobs: 2 });
    expect(started.status).toBe(202);
    const job = await w.waitForJob(started.json.restore.job.id);
    expect(job.error).toBeNull();

    const [view] = (await readDump()).restores;
    expect(view).toMatchObject({
      target: "new_instance",
      targetClusterId: null,
      targetDatabase: into,
      status: "complete",
      createdDatabase: true,
      errorCount: 0,
    });
    const { dataDir, port, connectionString } = view.instance;
    expect(connectionString).toBe(`postgresql://${c.superuser}@127.0.0.1:${port}/${encodeURIComponent(into)}`);
    expect(dataDir.startsWith(w.config().restore.roots[0]!)).toBe(true);
    expect(port).toBeGreaterThanOrEqual(w.config().restore.ports.from);
    await fs.access(`${dataDir}/PG_VERSION`);

    // The source's login and password reach it over TCP, as the connection string says.
    const copy: Login = { port, user: c.superuser, password: c.password, database: into };
    expect(await fingerprint(copy)).toEqual(await fingerprint(sourceLogin(c)));
    // The role came from globals.sql, with its password, before the tables that it owns.
    expect(
      await inDb(
        copy,
        async (client) => (await client.query("SELECT tableowner FROM pg_tables WHERE tablename = 'orders'")).rows[0].tableowner,
      ),
    ).toBe(ROLE);
    expect(
      await inDb(
        { port, user: ROLE, password: "reader-secret", database: into },
        async (client) => (await client.query("SELECT count(*)::int AS n FROM orders")).rows[0].n,
      ),
    ).toBe(2000);

    expect(
      (await viewer.call(discardRoute.POST, { method: "POST", path: `/api/v1/dump-restores/${view.id}/discard`, params: { id: view.id } }))
        .status,
    ).toBe(403);
    const discard = await operator.call(discardRoute.POST, {
      method: "POST",
      path: `/api/v1/dump-restores/${view.id}/discard`,
      params: { id: view.id },
    });
    expect(discard.status).toBe(202);
    expect((await w.waitForJob(discard.json.job.id)).status).toBe("succeeded");
    await expect(fs.access(dataDir)).rejects.toThrow(/ENOENT/);
    expect(await isPortFree(port)).toBe(true);
    const after = (await readDump()).restores[0];
    expect(after.instance).toMatchObject({ connectionString: null });
    expect(after.instance.discardedAt).not.toBeNull();
    const again = await operator.call(discardRoute.POST, {
      method: "POST",
      path: `/api/v1/dump-restores/${view.id}/discard`,
      params: { id: view.id },
    });
    expect(again.status).toBe(409);
  });

  it("a restore that fails before pg_restore runs removes the instance it made, and one whose worker died is removed by the next", async () => {
    // What a worker killed mid-way leaves: a row still running with its instance, its job failed by the stalled-job check.
    const deadDir = path.join(w.config().restore.roots[0]!, `dump-restore-dead-${randomBytes(3).toString("hex")}`);
    await fs.mkdir(deadDir);
    await fs.writeFile(path.join(deadDir, "half made"), "");
    const deadJob = await w.db.job.create({ data: { type: "dump.restore", clusterId, status: "failed" } });
    const dead = await w.db.dumpRestore.create({
      data: {
        dumpId,
        jobId: deadJob.id,
        target: "new_instance",
        targetDatabase: "dead",
        instanceDataDir: deadDir,
        instancePort: w.config().restore.ports.to,
      },
    });

    // Every new instance has a database "postgres": creating it fails after the instance is up.
    const started = await restore({ target: { kind: "new_instance" }, targetDatabase: "postgres" });
    expect(started.status).toBe(202);
    expect((await w.waitForJob(started.json.restore.job.id)).status).toBe("failed");
    const row = await w.db.dumpRestore.findUniqueOrThrow({ where: { id: started.json.restore.id } });
    expect(row).toMatchObject({ status: "failed", connectionString: null });
    expect(row.error).toMatch(/already exists/);
    expect(row.discardedAt).not.toBeNull();
    await expect(fs.access(row.instanceDataDir!)).rejects.toThrow(/ENOENT/);
    expect(await isPortFree(row.instancePort!)).toBe(true);

    expect(await w.db.dumpRestore.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted/),
      discardedAt: expect.any(Date),
    });
    await expect(fs.access(deadDir)).rejects.toThrow(/ENOENT/);
  });

  it("keeps the instance when pg_restore ran to its end with errors, for the user to look at and then discard", async () => {
    const c = source();
    // Without globals.sql the role that owns a table is missing on the new instance.
    const dumped = await operator.call(clusterDumps.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/dumps`,
      params: { id: clusterId },
      body: { database: DB, globals: false },
    });
    expect((await w.waitForJob(dumped.json.dump.job.id)).status).toBe("succeeded");
    const id = dumped.json.dump.id;
    const started = await operator.call(dumpRestores.POST, {
      method: "POST",
      path: `/api/v1/dumps/${id}/restores`,
      params: { id },
      body: { target: { kind: "new_instance" }, targetDatabase: "owners", noOwner: false },
    });
    expect((await w.waitForJob(started.json.restore.job.id)).status).toBe("failed");
    const row = await w.db.dumpRestore.findUniqueOrThrow({ where: { id: started.json.restore.id } });
    // ALTER … OWNER TO the missing role, for the table and its serial's sequence.
    expect(row).toMatchObject({ status: "failed", errorCount: 2, discardedAt: null });
    expect(row.errors!.match(/role "app reader" does not exist/g)).toHaveLength(2);
    // Everything else is there, reachable as the connection string says.
    expect(row.connectionString).toBe(`postgresql://${c.superuser}@127.0.0.1:${row.instancePort}/owners`);
    expect(await fingerprint({ port: row.instancePort!, user: c.superuser, password: c.password, database: "owners" })).toEqual(
      await fingerprint(sourceLogin(c)),
    );
    const discard = await operator.call(discardRoute.POST, {
      method: "POST",
      path: `/api/v1/dump-restores/${row.id}/discard`,
      params: { id: row.id },
    });
    expect((await w.waitForJob(discard.json.job.id)).status).toBe("succeeded");
    await expect(fs.access(row.instanceDataDir!)).rejects.toThrow(/ENOENT/);
  });

  it("a dump of a major this host has no server for is refused before any directory or port is taken", async () => {
    const { pgVersion } = await w.db.dump.findUniqueOrThrow({ where: { id: dumpId } });
    await w.db.dump.update({ where: { id: dumpId }, data: { pgVersion: "8.4.22" } });
    try {
      const started = await restore({ target: { kind: "new_instance" }, targetDatabase: "old" });
      expect((await w.waitForJob(started.json.restore.job.id)).status).toBe("failed");
      const row = await w.db.dumpRestore.findUniqueOrThrow({ where: { id: started.json.restore.id } });
      expect(row).toMatchObject({ status: "failed", instanceDataDir: null, instancePort: null });
      expect(row.error).toMatch(/initdb for PostgreSQL 8 is not installed/);
    } finally {
      await w.db.dump.update({ where: { id: dumpId }, data: { pgVersion } });
    }
  });
});
