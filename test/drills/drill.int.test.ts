// Restore drills end to end on a real cluster: a healthy drill passes with exact counts; a table
// production writes after the target fails a 0% tolerance; a segment missing from the archive
// fails the drill; every failure raises the cluster's alert, a passing drill resolves it, and no
// drill leaves a server, a directory or a file behind.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import type { RowComparison } from "@/lib/domain/row-counts";
import type { DrillCheck } from "@/lib/domain/drill-outcome";
import { requestDrill } from "@/lib/drills/request-drill";
import { drillRequestInput } from "@/lib/domain/drill-input";
import { freePort, isPortFree } from "@/lib/pg/free-port";
import { initInstance, startInstance } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { walKey } from "@/lib/storage/layout";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;
let userId: string;

async function drill(input: Record<string, unknown>) {
  const d = await requestDrill(w.db, w.queue(), { clusterId, input: drillRequestInput.parse(input), userId });
  const job = await w.waitForJob(d.jobId!, undefined);
  const row = await w.db.drill.findUniqueOrThrow({ where: { id: d.id } });
  return {
    job,
    drill: row,
    checks: row.checks as unknown as DrillCheck[] | null,
    rows: row.rowCounts as unknown as RowComparison[] | null,
  };
}

/** Nothing of the throwaway copy is left: no server on its port or directory, no file beside it. */
async function assertNothingLeft(d: { dataDir: string | null; port: number | null }) {
  expect(d.dataDir).toBeTruthy();
  for (const p of [d.dataDir!, `${d.dataDir}.run`, `${d.dataDir}.log`, `${d.dataDir}.wal-prefetch`, `${d.dataDir}.pwfile`]) {
    await expect(fs.access(p), p).rejects.toThrow(/ENOENT/);
  }
  expect(await isPortFree(d.port!)).toBe(true);
  const ps = await runProcess("ps", ["-eo", "args"]);
  expect(ps.stdout).not.toContain(d.dataDir!);
}

const openAlert = () => w.db.alert.findFirst({ where: { clusterId, rule: "drill_failed", state: { not: "resolved" } } });

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 1);
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({ clusterId, repo } = await backedUpCluster(w, c, "drill"));
  await c.query("CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL)");
  await c.query("INSERT INTO orders (item) SELECT 'item ' || g FROM generate_series(1, 3000) g");
  await c.query(`CREATE TABLE "Odd ""name"" table" (v int)`);
  await c.query(`INSERT INTO "Odd ""name"" table" SELECT generate_series(1, 7)`);
  // A drill tells tables production wrote after its target by their write counters, which a
  // backend publishes up to 10 s after it wrote: read at the target before they show these
  // writes, they would make "exact" tables look written since ("tolerance"). Wait until they show.
  await until("production's write counters to show the writes above", async () => {
    const { rows } = await c.query(
      `SELECT relname, n_tup_ins::int AS n FROM pg_stat_user_tables WHERE relname IN ('orders', 'Odd "name" table', 'pgbench_accounts')`,
    );
    const written = new Map(rows.map((r) => [r.relname as string, r.n as number]));
    return written.get("orders") === 3000 && written.get('Odd "name" table') === 7 && written.get("pgbench_accounts") === 100_000;
  });
});

afterAll(async () => {
  await w.db.drill.deleteMany({ where: { clusterId } });
});

describe("restore drill", () => {
  it("passes on a healthy cluster with exact row counts, measures its phases and leaves nothing behind", async () => {
    const { job, drill: d, checks, rows } = await drill({ target: "restore_point" });
    expect(job.error).toBeNull();
    expect(d.status).toBe("passed");
    expect(checks!.map((c) => [c.name, c.ok])).toEqual([
      ["promoted", true],
      ["pg_amcheck", true],
      ["row counts", true],
      ["data checksums", true],
    ]);
    expect(rows).toContainEqual({
      database: "postgres",
      table: "public.orders",
      production: 3000,
      restored: 3000,
      difference: 0,
      expectation: "exact",
      ok: true,
      note: null,
    });
    expect(rows).toContainEqual(expect.objectContaining({ table: 'public.Odd "name" table', production: 7, restored: 7, ok: true }));
    expect(rows).toContainEqual(
      expect.objectContaining({ table: "public.pgbench_accounts", production: 100_000, restored: 100_000, expectation: "exact" }),
    );
    expect(d.restorePoint).toMatch(/^wayback-drill-/);
    expect(await w.db.restorePoint.findFirst({ where: { clusterId, name: d.restorePoint! } })).not.toBeNull();
    expect(d.baseMs).toBeGreaterThan(0);
    expect(d.replayMs).toBeGreaterThan(0);
    expect(Number(d.baseBytes)).toBeGreaterThan(1_000_000);
    expect(d.totalMs).toBeGreaterThanOrEqual(d.baseMs! + d.replayMs!);
    expect(d.cleanedUpAt).not.toBeNull();
    await assertNothingLeft(d);
    expect(await openAlert()).toBeNull();
  });

  it("removes the copy of a drill whose worker died, when the next drill of the cluster runs", async () => {
    // What a killed worker leaves: a running throwaway server and a drill row still "running".
    const orphan = {
      dataDir: path.join(os.tmpdir(), `drill-orphan-${Date.now()}`),
      port: await freePort(),
      bins: testBinaries(),
      osUser: await testServerUser(),
    };
    await initInstance(orphan);
    await startInstance(orphan);
    const stale = await w.db.drill.create({
      data: { clusterId, status: "running", targetKind: "latest", dataDir: orphan.dataDir, port: orphan.port },
    });

    const { drill: d } = await drill({ target: "latest" });
    expect(d.status).toBe("passed");
    expect(await w.db.drill.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/interrupted/),
      cleanedUpAt: expect.any(Date),
    });
    await assertNothingLeft(orphan);
  });

  it("a second drill while one runs gets a clear 409 with the running job's id", async () => {
    const first = await requestDrill(w.db, w.queue(), { clusterId, input: drillRequestInput.parse({}), userId });
    await expect(requestDrill(w.db, w.queue(), { clusterId, input: drillRequestInput.parse({}), userId })).rejects.toMatchObject({
      code: "conflict",
      details: { jobId: first.jobId },
    });
    expect((await w.waitForJob(first.jobId!)).status).toBe("succeeded");
  });

  it("fails when a table production wrote after the target differs at 0% tolerance, and raises an alert", async () => {
    const c = source();
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await c.query("INSERT INTO orders (item) VALUES ('after the target')");
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    let result;
    try {
      result = await drill({ target: "restore_point", tolerancePct: 0 });
    } finally {
      writing = false;
      await writer;
    }
    const { job, drill: d, checks, rows } = result;
    expect(job.status).toBe("failed");
    expect(d.status).toBe("failed");
    expect(checks!.find((c) => c.name === "row counts")).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/public\.orders differs by more than 0%/),
    });
    const orders = rows!.find((r) => r.table === "public.orders")!;
    expect(orders).toMatchObject({ expectation: "tolerance", ok: false });
    expect(orders.production! - orders.restored!).toBeGreaterThan(0);
    expect(rows!.find((r) => r.table === "public.pgbench_accounts")).toMatchObject({ expectation: "exact", ok: true });
    const alert = await openAlert();
    expect(alert).toMatchObject({
      severity: "critical",
      state: "open",
      occurrences: 1,
      message: expect.stringMatching(/^The restore drill failed: row counts: .*public\.orders/),
    });
    await assertNothingLeft(d);

    // With a tolerance that covers the writes, the same drill passes and resolves the alert.
    const writes = (async () => {
      for (let i = 0; i < 5; i++) await c.query("INSERT INTO orders (item) VALUES ('a few more')");
    })();
    const again = await drill({ target: "restore_point", tolerancePct: 5 });
    await writes;
    expect(again.drill.status).toBe("passed");
    expect(await openAlert()).toBeNull();
    expect(await w.db.alert.findFirst({ where: { id: alert!.id } })).toMatchObject({ state: "resolved", resolvedAt: expect.any(Date) });
  });

  it("fails when a segment it must replay is gone from the repository, says which, and raises an alert", async () => {
    const c = source();
    await c.query("INSERT INTO orders (item) SELECT 'more ' || g FROM generate_series(1, 500) g");
    const { rows: r1 } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    await c.query("SELECT pg_switch_wal()");
    await c.query("INSERT INTO orders (item) VALUES ('after the hole')");
    const { rows: r2 } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    await c.query("SELECT pg_switch_wal()");
    const last = parseSegmentName(r2[0].name).segno;
    await until("the WAL to be archived", () => w.db.walSegment.count({ where: { clusterId, segno: { gte: last } } }));
    // Behind Wayback's back: the catalog still lists it, the file is gone.
    await fs.rm(`${repo.path}/${walKey(clusterId, r1[0].name)}`);

    const { job, drill: d, checks } = await drill({ target: "latest" });
    expect(job.status).toBe("failed");
    expect(d.status).toBe("failed");
    expect(checks!.find((c) => c.name === "reached end of archive")).toMatchObject({
      ok: false,
      detail: expect.stringContaining(`WAL segment ${r1[0].name} could not be fetched`),
    });
    expect(await openAlert()).toMatchObject({ message: expect.stringContaining(r1[0].name) });
    await assertNothingLeft(d);
  });
});
