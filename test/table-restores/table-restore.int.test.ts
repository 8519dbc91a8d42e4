import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableRestoreRequestInput } from "@/lib/domain/table-restore-input";
import type { TableRestoreResult } from "@/lib/domain/table-restore";
import { freePort, isPortFree } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, startInstance } from "@/lib/pg/instance";
import { missingRowsCsv } from "@/lib/table-restores/missing-rows-csv";
import { requestTableRestore } from "@/lib/table-restores/request-table-restore";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { serversRunningIn } from "@/test/harness/processes";
import { useWorker, waitForJob } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
// A least-privilege login (decision 0011): it may not create schemas until the test grants it.
const login = { username: `wb_${Date.now().toString(36)}`, password: "tables-secret" };
let clusterId: string;
let userId: string;

const ORDERS = 3000;
const RUN_MS = 600_000;
/** orders just before the DELETE, and what the DELETE removed. */
const before = { xid: "", count: 0, md5: "", deletedIds: [] as number[] };

const ordersMd5 = (table: string) =>
  `SELECT count(*)::int AS n, md5(string_agg(id || ':' || item || ':' || qty, ',' ORDER BY id)) AS md5 FROM ${table}`;

function ask(body: Record<string, unknown>) {
  return requestTableRestore(w.db, w.queue(), {
    clusterId,
    input: tableRestoreRequestInput.parse(body),
    userId,
    secretKey: w.config().secretKey,
  });
}

async function restoreTables(body: Record<string, unknown>) {
  const { tableRestore } = await ask(body);
  // A whole recovery, on a loaded machine: the harness's 60 s is not enough.
  const job = await waitForJob(w.db, tableRestore!.jobId!, (j) => j.status === "succeeded" || j.status === "failed", RUN_MS);
  return { job, row: await w.db.tableRestore.findUniqueOrThrow({ where: { id: tableRestore!.id } }) };
}

const justBeforeDelete = () => ({ kind: "xid", xid: before.xid, inclusive: false });

beforeAll(async () => {
  const c = source();
  await c.query(`CREATE ROLE ${login.username} LOGIN REPLICATION PASSWORD '${login.password}'`);
  await c.query(`GRANT pg_monitor, pg_read_all_data TO ${login.username}`);
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({ clusterId } = await backedUpCluster(w, c, "tables", login));

  await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL, qty int NOT NULL)");
  await c.query(`INSERT INTO orders SELECT g, 'item ' || g, g % 7 FROM generate_series(1, ${ORDERS}) g`);
  await c.query("CREATE TABLE notes (body text)");
  await c.query("INSERT INTO notes SELECT 'note ' || g FROM generate_series(1, 10) g");
  const snap = (await c.query(ordersMd5("orders"))).rows[0];
  Object.assign(before, { count: snap.n, md5: snap.md5 });

  // The accident, in one transaction whose xid we keep.
  await c.query("BEGIN");
  const deleted = await c.query("DELETE FROM orders WHERE id % 3 = 0 RETURNING id");
  before.xid = (await c.query("SELECT txid_current()::text AS xid")).rows[0].xid;
  await c.query("COMMIT");
  before.deletedIds = deleted.rows.map((r) => r.id as number).sort((a, b) => a - b);
  await c.query("INSERT INTO orders VALUES (999999, 'after the accident', 1)");
  await c.query("CREATE TABLE made_later (id int PRIMARY KEY)");
  await archivedThroughCurrent(w.db, c, clusterId);
}, RUN_MS);

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const t of await w.db.tableRestore.findMany({ where: { clusterId } }))
    if (t.dataDir && t.port) await destroyInstance({ dataDir: t.dataDir, port: t.port, bins, osUser }).catch(() => undefined);
});

describe("bring one table back", () => {
  it("refuses, before recovering anything, when the cluster's role cannot create a schema, naming the GRANT", async () => {
    await expect(ask({ target: justBeforeDelete(), tables: [{ schema: "public", name: "orders" }] })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining(`GRANT CREATE ON DATABASE "postgres" TO "${login.username}";`),
    });
    expect(await w.db.tableRestore.count({ where: { clusterId } })).toBe(0);
    await source().query(`GRANT CREATE ON DATABASE postgres TO ${login.username}`);
  });

  it("refuses the difference for a table without a primary key, and a target outside the window, and starts nothing", async () => {
    await expect(ask({ target: justBeforeDelete(), tables: [{ schema: "public", name: "notes" }], diff: true })).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining('"public"."notes" has no primary key'),
    });
    await expect(
      ask({
        target: { kind: "time", time: new Date(Date.now() + 3_600_000).toISOString() },
        tables: [{ schema: "public", name: "orders" }],
      }),
    ).rejects.toMatchObject({ code: "not_ready", details: { reason: "in_future", nearestBefore: expect.any(String) } });
    expect(await w.db.tableRestore.count({ where: { clusterId } })).toBe(0);
  });

  it(
    "just before the DELETE's transaction: the table exactly as it was, beside the live one, and the difference is exactly the deleted rows",
    async () => {
      const schema = "wayback_restored_just_before";
      const { job, row } = await restoreTables({
        target: justBeforeDelete(),
        tables: [{ schema: "public", name: "orders" }],
        destination: { kind: "schema", name: schema },
        diff: true,
      });
      expect(job.error).toBeNull();
      expect(job.status).toBe("succeeded");
      expect(row.status).toBe("complete");
      const c = source();
      expect((await c.query(ordersMd5(`${schema}.orders`))).rows[0]).toEqual({ n: before.count, md5: before.md5 });
      // Live data untouched: still after the accident.
      const liveCount = before.count - before.deletedIds.length + 1;
      expect((await c.query("SELECT count(*)::int AS n FROM public.orders")).rows[0].n).toBe(liveCount);
      // Loaded with the restoring role as owner, its primary key with it.
      expect(
        (await c.query("SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = 'orders'", [schema])).rows[0].tableowner,
      ).toBe(login.username);

      const [result] = row.results as unknown as TableRestoreResult[];
      expect(result).toMatchObject({
        table: "public.orders",
        restoredAs: `${schema}.orders`,
        rowsAtTarget: before.count,
        rowsRestored: before.count,
        rowsLive: liveCount,
        diff: { ok: true, primaryKey: ["id"], missing: before.deletedIds.length },
      });
      const putBack = result!.diff!.ok ? result!.diff!.putBack : "";
      expect(putBack).toBe(
        `INSERT INTO "public"."orders" ("id", "item", "qty")\nSELECT r."id", r."item", r."qty" FROM "${schema}"."orders" r\n` +
          `WHERE NOT EXISTS (SELECT 1 FROM "public"."orders" l WHERE l."id" = r."id");`,
      );

      const csv = await missingRowsCsv(w.db, { clusterId, id: row.id, table: "public.orders", secretKey: w.config().secretKey });
      const lines = (await text(csv.body)).trimEnd().split("\n");
      expect(lines[0]).toBe("id,item,qty");
      expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(before.deletedIds);
      expect(lines[1]).toBe(`3,item 3,${3 % 7}`);

      // Wayback never ran it; running it puts back exactly what was lost.
      await c.query(putBack);
      expect((await c.query(ordersMd5("(SELECT * FROM public.orders WHERE id <> 999999) o"))).rows[0]).toEqual({
        n: before.count,
        md5: before.md5,
      });

      // The copy is gone.
      expect(row.cleanedUpAt).not.toBeNull();
      expect(await serversRunningIn(row.dataDir!)).toEqual([]);
      await expect(fs.stat(row.dataDir!)).rejects.toThrow();
    },
    RUN_MS,
  );

  it(
    "fails clearly for a table that did not exist at the target, makes nothing in production, and removes the copy",
    async () => {
      const schema = "wayback_restored_too_early";
      const { job, row } = await restoreTables({
        target: justBeforeDelete(),
        tables: [{ schema: "public", name: "made_later" }],
        destination: { kind: "schema", name: schema },
      });
      expect(job.status).toBe("failed");
      expect(row.status).toBe("failed");
      expect(row.error).toMatch(/^public\.made_later did not exist in database "postgres" at the target \(xid \d+\)/);
      expect((await source().query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1", [schema])).rows[0].n).toBe(0);
      expect(row.cleanedUpAt).not.toBeNull();
      await expect(fs.stat(row.dataDir!)).rejects.toThrow();
    },
    RUN_MS,
  );

  it(
    "fails the table restores whose worker died and removes their copies when the next table restore starts, leaving a live one alone",
    async () => {
      // As the first test leaves it, so this one also runs alone.
      await source().query(`GRANT CREATE ON DATABASE postgres TO ${login.username}`);
      // What a killed worker leaves: a running throwaway server, its row still "running" after its
      // job failed (the stalled-job check gave up on it); a row whose job vanished; one still alive.
      const orphan = {
        dataDir: path.join(os.tmpdir(), `tables-orphan-${Date.now()}`),
        port: await freePort(),
        bins: testBinaries(),
        osUser: await testServerUser(),
      };
      await initInstance(orphan);
      await startInstance(orphan);
      const row = async (
        status: "queued" | "running",
        jobStatus: "running" | "failed" | null,
        extra: { dataDir?: string; port?: number } = {},
      ) => {
        const job = jobStatus ? await w.db.job.create({ data: { type: "table.restore", status: jobStatus, clusterId } }) : null;
        return w.db.tableRestore.create({
          data: {
            clusterId,
            status,
            jobId: job?.id ?? null,
            targetKind: "latest",
            timeline: 1,
            planReason: "left by a test",
            database: "postgres",
            tables: ["public.notes"],
            destination: "schema",
            destinationName: uniqueName("wayback_restored_dead").replace(/-/g, "_"),
            ...(status === "running" ? { startedAt: new Date() } : {}),
            ...extra,
          },
        });
      };
      const dead = await row("running", "failed", { dataDir: orphan.dataDir, port: orphan.port });
      const vanished = await row("queued", null);
      const alive = await row("running", "running");
      try {
        const { job, row: next } = await restoreTables({
          target: { kind: "latest" },
          tables: [{ schema: "public", name: "notes" }],
          destination: { kind: "schema", name: "wayback_restored_after_sweep" },
        });
        expect(job.status).toBe("succeeded");
        expect(next.status).toBe("complete");
        expect(job.log).toMatch(/removed the copies of 2 interrupted table restore\(s\)/);

        expect(await w.db.tableRestore.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
          status: "failed",
          error: expect.stringMatching(
            new RegExp(`^The table restore was interrupted \\(its worker stopped\\).*The schema "${dead.destinationName}" may hold part`),
          ),
          cleanedUpAt: expect.any(Date),
          finishedAt: expect.any(Date),
        });
        expect(await serversRunningIn(orphan.dataDir)).toEqual([]);
        await expect(fs.stat(orphan.dataDir)).rejects.toThrow(/ENOENT/);
        expect(await isPortFree(orphan.port)).toBe(true);

        const gone = await w.db.tableRestore.findUniqueOrThrow({ where: { id: vanished.id } });
        expect(gone).toMatchObject({ status: "failed", cleanedUpAt: expect.any(Date) });
        expect(gone.error).not.toMatch(/may hold part/);
        expect(await w.db.tableRestore.findUniqueOrThrow({ where: { id: alive.id } })).toMatchObject({ status: "running", error: null });
      } finally {
        await destroyInstance(orphan);
        await w.db.job.deleteMany({ where: { id: { in: [dead.jobId!, alive.jobId!] } } });
        await w.db.tableRestore.deleteMany({ where: { id: { in: [dead.id, vanished.id, alive.id] } } });
      }
    },
    RUN_MS,
  );
});
