import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { parseLsn } from "@/lib/domain/lsn";
import { segmentOfLsn } from "@/lib/domain/wal-segment";
import { destroyInstance } from "@/lib/pg/instance";
import { walKey } from "@/lib/storage/layout";
import { createRestorePoint } from "@/lib/restore-points/create-restore-point";
import { actOnRestore } from "@/lib/restores/act-on-restore";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { useWorker } from "@/test/harness/worker";
import net from "node:net";
import os from "node:os";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { momentAfterLastCommit } from "@/test/harness/moment";
import { serversRunningIn } from "@/test/harness/processes";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;
let userId: string;

/** What the data looked like just before the destruction. */
const before = { time: "", lsn: "", xid: "", orders: 0, ordersMd5: "", accounts: 0 };
const restoreRoots = [os.tmpdir()];
const started: { dataDir: string; port: number }[] = [];

async function snapshot(port: number, password: string) {
  const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres" });
  await c.connect();
  try {
    const { rows } = await c.query(`
      SELECT (SELECT count(*)::int FROM orders) AS orders,
             (SELECT md5(string_agg(id || ':' || item || ':' || qty, ',' ORDER BY id)) FROM orders) AS md5,
             (SELECT count(*)::int FROM pgbench_accounts) AS accounts`);
    return rows[0] as { orders: number; md5: string; accounts: number };
  } finally {
    await c.end();
  }
}

async function restoreTo(target: RestoreTarget, opts: { pauseAtTarget?: boolean } = {}) {
  const input = restoreRequestInput.parse({ target, ...opts });
  const { restore } = await requestRestore(w.db, w.queue(), {
    clusterId,
    input,
    userId,
    restore: { roots: restoreRoots, ports: w.config().restore.ports },
  });
  started.push({ dataDir: restore!.dataDir, port: restore!.port });
  const job = await w.waitForJob(restore!.jobId!, undefined);
  return { job, restore: await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } }) };
}

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 1);
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({ clusterId, repo } = await backedUpCluster(w, c, "pitr"));

  // Good data, committed; then the moment to come back to; then the accident.
  await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL, qty int NOT NULL)");
  await c.query("INSERT INTO orders SELECT g, 'item ' || g, g % 7 FROM generate_series(1, 5000) g");
  await c.query("BEGIN");
  await c.query("UPDATE orders SET qty = qty + 1 WHERE id <= 10");
  const { rows: xr } = await c.query("SELECT txid_current()::text AS xid");
  await c.query("COMMIT");
  before.xid = xr[0].xid;
  // Every later commit is stamped after the moment: PostgreSQL stops at the first commit after it.
  before.time = await momentAfterLastCommit(c);
  await createRestorePoint(w.db, { clusterId, name: "before-delete", secretKey: w.config().secretKey });
  before.lsn = (await c.query("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
  Object.assign(before, await snapshot(c.port, c.password).then((s) => ({ orders: s.orders, ordersMd5: s.md5, accounts: s.accounts })));

  await c.query("DELETE FROM orders"); // the DELETE without WHERE
  await c.query("DROP TABLE pgbench_history");
  await c.query("INSERT INTO orders VALUES (999999, 'after the accident', 1)");
  await archivedThroughCurrent(w.db, source(), clusterId);
});

afterAll(async () => {
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const s of started) await destroyInstance({ dataDir: s.dataDir, port: s.port, bins, osUser }).catch(() => undefined);
});

describe("point-in-time restore into a new instance", () => {
  it.each([
    ["timestamp", () => ({ kind: "time", time: before.time, inclusive: true }) as RestoreTarget],
    ["restore point", () => ({ kind: "name", name: "before-delete" }) as RestoreTarget],
    ["LSN", () => ({ kind: "lsn", lsn: before.lsn, inclusive: true }) as RestoreTarget],
    ["transaction id", () => ({ kind: "xid", xid: before.xid, inclusive: true }) as RestoreTarget],
  ])("by %s brings back exactly the rows from before the DELETE", async (_what, target) => {
    const { job, restore } = await restoreTo(target());
    expect(job.error).toBeNull();
    expect(job.status).toBe("succeeded");
    expect(restore.status).toBe("complete");
    // The WAL after the backup came through the worker's prefetch, not a fetch per segment.
    expect(job.log).toMatch(/, [1-9]\d* segments fetched ahead of replay\)/);
    expect(restore.connectionString).toMatch(new RegExp(`^postgresql://postgres@127\\.0\\.0\\.1:${restore.port}/postgres$`));
    const got = await snapshot(restore.port, source().password);
    expect(got).toEqual({ orders: before.orders, md5: before.ordersMd5, accounts: before.accounts });
    const counts = restore.rowCounts as { database: string; table: string; rows: number }[];
    expect(counts).toContainEqual({ database: "postgres", table: "public.orders", rows: before.orders });
    expect(counts).toContainEqual({ database: "postgres", table: "public.pgbench_history", rows: expect.any(Number) });
    // A copy never archives into production.
    const c = new pg.Client({ host: "127.0.0.1", port: restore.port, user: "postgres", password: source().password, database: "postgres" });
    await c.connect();
    expect((await c.query("SHOW archive_mode")).rows[0].archive_mode).toBe("off");
    await c.end();
    await destroyInstance({ dataDir: restore.dataDir, port: restore.port, bins: testBinaries(), osUser: await testServerUser() });
  });

  it("takes the next free port when something on the worker's host holds the proposed one", async () => {
    const input = restoreRequestInput.parse({ target: { kind: "lsn", lsn: before.lsn }, dryRun: true });
    const opts = { clusterId, userId, restore: { roots: restoreRoots, ports: w.config().restore.ports } };
    const { plan } = await requestRestore(w.db, w.queue(), { ...opts, input });
    const squatter = net.createServer().listen(plan.port, "127.0.0.1");
    await new Promise((r) => squatter.once("listening", r));
    try {
      const { job, restore } = await restoreTo({ kind: "lsn", lsn: before.lsn, inclusive: true });
      expect(job.error).toBeNull();
      expect(job.status).toBe("succeeded");
      expect(restore.port).not.toBe(plan.port);
      expect(restore.connectionString).toContain(`:${restore.port}/`);
      expect((await snapshot(restore.port, source().password)).orders).toBe(before.orders);
      await destroyInstance({ dataDir: restore.dataDir, port: restore.port, bins: testBinaries(), osUser: await testServerUser() });
    } finally {
      squatter.close();
    }
  });

  it("pauses at the target for inspection, then promotes, then discards the copy", async () => {
    const { job, restore } = await restoreTo({ kind: "name", name: "before-delete" }, { pauseAtTarget: true });
    expect(job.status).toBe("succeeded");
    expect(restore.status).toBe("paused");
    expect(await snapshot(restore.port, source().password)).toEqual({
      orders: before.orders,
      md5: before.ordersMd5,
      accounts: before.accounts,
    });
    const inRecovery = async () => {
      const c = new pg.Client({
        host: "127.0.0.1",
        port: restore.port,
        user: "postgres",
        password: source().password,
        database: "postgres",
      });
      await c.connect();
      try {
        return (await c.query("SELECT pg_is_in_recovery() AS r")).rows[0].r as boolean;
      } finally {
        await c.end();
      }
    };
    expect(await inRecovery()).toBe(true);

    const promote = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.promote" });
    expect((await w.waitForJob(promote.id)).status).toBe("succeeded");
    expect(await inRecovery()).toBe(false);
    expect((await w.db.restore.findUniqueOrThrow({ where: { id: restore.id } })).status).toBe("complete");
    await expect(actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.promote" })).rejects.toMatchObject({
      code: "conflict",
    });

    const discard = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.discard" });
    expect((await w.waitForJob(discard.id)).status).toBe("succeeded");
    expect((await w.db.restore.findUniqueOrThrow({ where: { id: restore.id } })).status).toBe("discarded");
    expect(await serversRunningIn(restore.dataDir)).toEqual([]);
    await expect(fs.stat(restore.dataDir)).rejects.toThrow();
  });

  it("refuses a target in the future, before the first backup, or in a WAL gap, with the nearest recoverable moments, and starts nothing", async () => {
    const jobsBefore = await w.db.job.count({ where: { clusterId, type: "restore" } });
    const ask = (target: RestoreTarget) =>
      requestRestore(w.db, w.queue(), {
        clusterId,
        input: restoreRequestInput.parse({ target }),
        userId,
        restore: { roots: restoreRoots, ports: w.config().restore.ports },
      });
    await expect(ask({ kind: "time", time: new Date(Date.now() + 3_600_000).toISOString(), inclusive: true })).rejects.toMatchObject({
      code: "not_ready",
      details: { reason: "in_future" },
    });
    await expect(ask({ kind: "time", time: "2020-01-01T00:00:00Z", inclusive: true })).rejects.toMatchObject({
      code: "not_ready",
      details: { reason: "before_first_backup" },
    });

    // Remove a segment between the restore point and now: the time just before the accident stays
    // reachable, a moment after the hole does not.
    const segs = await w.db.walSegment.findMany({ where: { clusterId }, orderBy: { segno: "asc" } });
    const victim = segs[segs.length - 2]!;
    await w.db.walSegment.delete({ where: { clusterId_name: { clusterId, name: victim.name } } });
    await fs.rename(path.join(repo.path, walKey(clusterId, victim.name)), path.join(repo.path, `${victim.name}.aside`));
    try {
      const after = segs[segs.length - 1]!;
      const inGap = new Date((after.firstCommitAt ?? after.archivedAt).getTime()).toISOString();
      const refusal = await ask({ kind: "time", time: inGap, inclusive: true }).then(
        () => null,
        (e) => e,
      );
      expect(refusal).toMatchObject({ code: "not_ready" });
      expect(["in_gap", "outside_window"]).toContain(refusal.details.reason);
      expect(refusal.details.nearestBefore).toBeDefined();
    } finally {
      await fs.rename(path.join(repo.path, `${victim.name}.aside`), path.join(repo.path, walKey(clusterId, victim.name)));
      await w.db.walSegment.create({ data: { ...victim } });
    }
    expect(await w.db.job.count({ where: { clusterId, type: "restore" } })).toBe(jobsBefore);
  });

  it("fails cleanly when a WAL segment it needs cannot be fetched: nothing left running, the log kept", async () => {
    // The catalog still lists the segment, so the plan is accepted; the file itself is gone.
    // The first segment after the backup's own WAL (which travels inside the backup).
    const backup = await w.db.backup.findFirstOrThrow({ where: { clusterId, status: "complete" } });
    const needed = await w.db.walSegment.findFirstOrThrow({ where: { clusterId, segno: segmentOfLsn(parseLsn(backup.stopLsn!)) + 1n } });
    const file = path.join(repo.path, walKey(clusterId, needed.name));
    await fs.rename(file, `${file}.aside`);
    try {
      const { job, restore } = await restoreTo({ kind: "latest" });
      expect(job.status).toBe("failed");
      expect(restore.status).toBe("failed");
      expect(restore.error).toMatch(new RegExp(`could not be fetched|${needed.name}`));
      expect(restore.logTail).toMatch(/LOG/);
      expect(await serversRunningIn(restore.dataDir)).toEqual([]);
      await expect(fs.stat(restore.dataDir)).rejects.toThrow();
    } finally {
      await fs.rename(`${file}.aside`, file);
    }
  });
});

describe("in-place restore", () => {
  it("needs the cluster's name typed, and the data directory on this host", async () => {
    const ask = (confirm: string) =>
      requestRestore(w.db, w.queue(), {
        clusterId,
        input: restoreRequestInput.parse({ target: { kind: "name", name: "before-delete" }, destination: { kind: "in_place", confirm } }),
        userId,
        restore: { roots: restoreRoots, ports: w.config().restore.ports },
      });
    await expect(ask("whatever")).rejects.toMatchObject({
      code: "validation_failed",
      fields: { "destination.kind": [expect.stringContaining("data directory")] },
    });
    await w.db.cluster.update({ where: { id: clusterId }, data: { localDataDir: source().dataDir } });
    const cluster = await w.db.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    await expect(ask(cluster.name.toUpperCase())).rejects.toMatchObject({
      code: "validation_failed",
      fields: { "destination.confirm": [expect.stringContaining(cluster.name)] },
    });
  });

  it("stops the cluster, keeps its old data directory aside, and brings it back as it was before the DELETE", async () => {
    const cluster = await w.db.cluster.update({ where: { id: clusterId }, data: { localDataDir: source().dataDir } });
    const input = restoreRequestInput.parse({
      target: { kind: "name", name: "before-delete" },
      destination: { kind: "in_place", confirm: cluster.name },
    });
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input,
      userId,
      restore: { roots: restoreRoots, ports: w.config().restore.ports },
    });
    const job = await w.waitForJob(restore!.jobId!);
    expect(job.error).toBeNull();
    const done = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    expect(done).toMatchObject({ status: "complete", destination: "in_place", port: source().port });
    expect(done.oldDataDir).toMatch(/\.before-restore-/);
    // Production is back to before the accident...
    expect(await snapshot(source().port, source().password)).toEqual({
      orders: before.orders,
      md5: before.ordersMd5,
      accounts: before.accounts,
    });
    // ...and the data as it was when the restore began is kept, untouched.
    await expect(fs.stat(path.join(done.oldDataDir!, "PG_VERSION"))).resolves.toBeTruthy();
  });
});
