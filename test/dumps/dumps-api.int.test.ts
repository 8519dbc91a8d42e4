import { beforeAll, describe, expect, it } from "vitest";
import * as clusterDumps from "@/app/api/v1/clusters/[id]/dumps/route";
import * as dumpRestores from "@/app/api/v1/dumps/[id]/restores/route";
import * as oneDump from "@/app/api/v1/dumps/[id]/route";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { createTestRepository } from "@/test/harness/repository";
import { useWeb } from "@/test/harness/web";
import { useWorker } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker();
const cat = useCatalog();
const source = useTestCluster();
const operator = useWeb(cat, w.config, "operator");
const admin = useWeb(cat, w.config, "admin");
const viewer = useWeb(cat, w.config, "viewer");
let clusterId: string;
let dumpId: string;

beforeAll(async () => {
  const repo = await createTestRepository(w.db);
  const c = source();
  await c.query("CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept SELECT generate_series(1, 10)");
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "dumps-api",
    repositoryId: repo.id,
    input: { walMode: "archive_command" },
  });
});

const restore = (who: typeof operator, body: Record<string, unknown>) =>
  who.call(dumpRestores.POST, {
    method: "POST",
    path: `/api/v1/dumps/${dumpId}/restores`,
    params: { id: dumpId },
    body: { targetClusterId: clusterId, ...body },
  });

describe("dumps API", () => {
  it("dump now: operators may, viewers may not; the options are validated", async () => {
    const path = `/api/v1/clusters/${clusterId}/dumps`;
    expect(
      (await viewer.call(clusterDumps.POST, { method: "POST", path, params: { id: clusterId }, body: { database: "postgres" } })).status,
    ).toBe(403);
    const bad = await operator.call(clusterDumps.POST, {
      method: "POST",
      path,
      params: { id: clusterId },
      body: { database: "postgres", format: "custom", jobs: 2 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.jobs).toEqual(["Parallel jobs need the directory format."]);

    const started = await operator.call(clusterDumps.POST, {
      method: "POST",
      path,
      params: { id: clusterId },
      body: { database: "postgres" },
    });
    expect(started.status).toBe(202);
    expect(started.json.dump).toMatchObject({ status: "running", database: "postgres", format: "custom" });
    dumpId = started.json.dump.id;
    await w.waitForJob(started.json.dump.job.id);

    const read = await viewer.call(oneDump.GET, { path: `/api/v1/dumps/${dumpId}`, params: { id: dumpId } });
    expect(read.status).toBe(200);
    expect(read.json.dump).toMatchObject({ status: "complete", verified: true });
    expect(read.json.dump.toc.tables).toEqual([{ schema: "public", name: "kept" }]);
    const list = await viewer.call(clusterDumps.GET, { path: `/api/v1/clusters/${clusterId}/dumps`, params: { id: clusterId } });
    expect(list.json.dumps.map((d: { id: string }) => d.id)).toEqual([dumpId]);
  });

  it("restoring over an existing database (clean) is an admin's, with its name typed", async () => {
    expect((await restore(operator, { targetDatabase: "postgres", clean: true, confirmDatabase: "postgres" })).status).toBe(403);
    const untyped = await restore(admin, { targetDatabase: "postgres", clean: true });
    expect(untyped.status).toBe(400);
    expect(untyped.json.error.fields.confirmDatabase[0]).toMatch(/Type the database's name, “postgres”, to confirm/);
    const wrong = await restore(admin, { targetDatabase: "postgres", clean: true, confirmDatabase: "Postgres" });
    expect(wrong.status).toBe(400);
    expect(await w.db.dumpRestore.count({ where: { dumpId } })).toBe(0);
  });

  it("refuses tables that are not in the dump, and restores into a new database for an operator", async () => {
    const missing = await restore(operator, {
      targetDatabase: uniqueName("x"),
      selection: { tables: [{ schema: "public", name: "nope" }] },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toBe("Not in this dump: table public.nope.");

    const into = uniqueName("new");
    const started = await restore(operator, { targetDatabase: into, selection: { tables: [{ schema: "public", name: "kept" }] } });
    expect(started.status).toBe(202);
    await w.waitForJob(started.json.restore.job.id);
    const read = await viewer.call(oneDump.GET, { path: `/api/v1/dumps/${dumpId}`, params: { id: dumpId } });
    expect(read.json.dump.restores[0]).toMatchObject({ targetDatabase: into, status: "complete", createdDatabase: true, errorCount: 0 });
  });
});
