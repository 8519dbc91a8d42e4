import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { writeCliConfig } from "@/lib/embedded/cli-config";
import { freePort } from "@/lib/pg/free-port";
import { destroyInstance, initInstance, instanceSocketFile, startInstance, stopInstance } from "@/lib/pg/instance";
import { actOnRestore } from "@/lib/restores/act-on-restore";
import { requestRestore } from "@/lib/restores/request-restore";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { backedUpCluster } from "@/test/harness/backed-up-cluster";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testServerUser, useTestCluster } from "@/test/harness/cluster";
import { until } from "@/test/harness/until";
import { copySpec, onCopy } from "@/test/harness/restored-copy";
import { useWorker } from "@/test/harness/worker";
import { serversRunningIn } from "@/test/harness/processes";

// Wayback logs in to the source with the least-privilege role the README recommends.
const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const cat = useCatalog();
const source = useTestCluster();
const login = { username: "wayback_lp", password: randomBytes(12).toString("hex") };
const ORDERS = 3000;
let clusterId: string;
let userId: string;
let targetLsn: string;
const made: string[] = [];

async function request(target: RestoreTarget, opts: { pauseAtTarget?: boolean } = {}) {
  const input = restoreRequestInput.parse({ target, ...opts });
  const { restore } = await requestRestore(w.db, w.queue(), {
    clusterId,
    input,
    userId,
    restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
  });
  made.push(restore!.id);
  return restore!;
}

async function restoreTo(target: RestoreTarget, opts: { pauseAtTarget?: boolean } = {}) {
  const r = await request(target, opts);
  const job = await w.waitForJob(r.jobId!);
  return { job, restore: await w.db.restore.findUniqueOrThrow({ where: { id: r.id } }) };
}

beforeAll(async () => {
  const c = source();
  await c.query(`CREATE ROLE ${login.username} LOGIN REPLICATION PASSWORD '${login.password}'`);
  await c.query(`GRANT pg_monitor TO ${login.username}`);
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  ({ clusterId } = await backedUpCluster(w, c, "copy-actions", login));
  await c.query("CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL)");
  await c.query(`INSERT INTO orders SELECT g, 'item ' || g FROM generate_series(1, ${ORDERS}) g`);
  targetLsn = (await c.query("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
  await c.query("INSERT INTO orders VALUES (999999, 'after the target')");
  await archivedThroughCurrent(w.db, c, clusterId);
});

afterAll(async () => {
  // The port on the row: a restore may have moved.
  for (const r of await w.db.restore.findMany({ where: { id: { in: made } } }))
    await destroyInstance(await copySpec(r)).catch(() => undefined);
});

describe("actions on a restored copy, with a least-privilege login (LOGIN REPLICATION, pg_monitor)", () => {
  it("pauses at the target, promotes with pg_ctl, and the copy takes writes on exactly the target's rows", async () => {
    const { job, restore } = await restoreTo({ kind: "lsn", lsn: targetLsn, inclusive: true }, { pauseAtTarget: true });
    expect(job.error).toBeNull();
    expect(restore.status).toBe("paused");
    // Counted as the copy's superuser: the login itself may not read the table.
    expect(restore.rowCounts).toContainEqual({ database: "postgres", table: "public.orders", rows: ORDERS });

    const promote = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.promote" });
    const promoted = await w.waitForJob(promote.id);
    expect(promoted.error).toBeNull();
    expect(promoted.status).toBe("succeeded");
    expect(await w.db.restore.findUniqueOrThrow({ where: { id: restore.id } })).toMatchObject({ status: "complete", error: null });

    const after = await onCopy(restore.port, source().password, async (c) => {
      await c.query("INSERT INTO orders VALUES (-1, 'written on the copy')");
      return (await c.query("SELECT count(*)::int AS n, min(id) AS low, max(id) AS high FROM orders")).rows[0];
    });
    expect(after).toEqual({ n: ORDERS + 1, low: -1, high: ORDERS });

    const discard = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.discard" });
    expect((await w.waitForJob(discard.id)).status).toBe("succeeded");
    expect(await w.db.restore.findUniqueOrThrow({ where: { id: restore.id } })).toMatchObject({
      status: "discarded",
      instanceMadeAt: null,
    });
    await expect(fs.stat(restore.dataDir)).rejects.toThrow();
  });

  it("records a failed action on the restore, for the page to show, and leaves its status as it was", async () => {
    const { restore } = await restoreTo({ kind: "lsn", lsn: targetLsn, inclusive: true }, { pauseAtTarget: true });
    expect(restore.status).toBe("paused");
    const spec = await copySpec(restore);
    await stopInstance(spec, "immediate");

    const promote = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.promote" });
    expect((await w.waitForJob(promote.id)).status).toBe("failed");
    const after = await w.db.restore.findUniqueOrThrow({ where: { id: restore.id } });
    expect(after.status).toBe("paused");
    // What happened and what to do, not the raw "connect ENOENT …/.s.PGSQL.<port>".
    expect(after.error).toBe(
      `Promote failed: The copy's server is not running (no socket at ${instanceSocketFile(spec)}): start it again or discard the copy.`,
    );

    const discard = await actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.discard" });
    expect((await w.waitForJob(discard.id)).status).toBe("succeeded");
    await expect(fs.stat(restore.dataDir)).rejects.toThrow();
  });
});

describe("Discard on a failed restore", () => {
  it("removes the copy a restore left when its worker died (a server still running, its directories), then says there is nothing left", async () => {
    // What a restore whose job failed with its worker's death leaves: a running server, the row
    // still "running", marked as having made its instance.
    const leftover = await copySpec({
      dataDir: path.join(os.tmpdir(), `restore-leftover-${randomBytes(4).toString("hex")}`),
      port: await freePort(),
    });
    await initInstance(leftover, { noSync: true });
    await startInstance(leftover);
    const job = await w.db.job.create({
      data: { type: "restore", clusterId, status: "failed", error: "The worker running this job stopped." },
    });
    const row = await w.db.restore.create({
      data: {
        clusterId,
        jobId: job.id,
        status: "running",
        targetKind: "latest",
        timeline: 1,
        planReason: "test",
        destination: "new_instance",
        dataDir: leftover.dataDir,
        port: leftover.port,
        instanceMadeAt: new Date(),
      },
    });
    made.push(row.id);

    const discard = await actOnRestore(w.db, w.queue(), { restoreId: row.id, action: "restore.discard" });
    expect((await w.waitForJob(discard.id)).status).toBe("succeeded");
    expect(await w.db.restore.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "discarded", instanceMadeAt: null });
    expect(await serversRunningIn(leftover.dataDir)).toEqual([]);
    for (const p of [leftover.dataDir, `${leftover.dataDir}.run`, `${leftover.dataDir}.log`])
      await expect(fs.access(p), p).rejects.toThrow(/ENOENT/);
    await expect(actOnRestore(w.db, w.queue(), { restoreId: row.id, action: "restore.discard" })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("a restore's port taken after the job chose it", () => {
  it("starts on the next free port of the range, recorded on the restore", async () => {
    // The job is held at its first update of the restore's row (after its own port check, before
    // anything is unpacked) by the test holding that row, taken while the queue is paused so the
    // job cannot start before; the port is taken meanwhile, whatever the timing.
    const holder = new pg.Client({ connectionString: cat.databaseUrl });
    await holder.connect();
    let squatter: net.Server | undefined;
    try {
      await w.queue().pause();
      const r = await request({ kind: "lsn", lsn: targetLsn, inclusive: true });
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM restores WHERE id = $1 FOR UPDATE", [r.id]);
      await w.queue().resume();
      await until("the job to wait for the restore's row", async () => {
        const { rows } = await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        return rows[0].n > 0;
      });
      const chosen = (await holder.query("SELECT port FROM restores WHERE id = $1", [r.id])).rows[0].port as number;
      squatter = net.createServer().listen(chosen, "127.0.0.1");
      await new Promise((resolve) => squatter!.once("listening", resolve));
      await holder.query("COMMIT");

      const job = await w.waitForJob(r.jobId!);
      expect(job.error).toBeNull();
      const done = await w.db.restore.findUniqueOrThrow({ where: { id: r.id } });
      expect(done.status).toBe("complete");
      expect(done.port).not.toBe(chosen);
      expect(done.connectionString).toContain(`:${done.port}/`);
      expect(job.log).toContain(`port ${chosen} was taken before PostgreSQL started; using ${done.port}`);
      expect(
        await onCopy(done.port, source().password, async (c) => (await c.query("SELECT count(*)::int AS n FROM orders")).rows[0].n),
      ).toBe(ORDERS);
      await destroyInstance(await copySpec(done));
    } finally {
      await w.queue().resume();
      squatter?.close();
      await holder.end();
    }
  });
});

describe("a restore whose WAL archive cannot be reached", () => {
  it("stops recovery instead of promoting a copy short of its target, and fails saying why", async () => {
    // restore_command reads the catalog's address from this file on every call: point it at a
    // port nothing listens on.
    await writeCliConfig(cat.cli.configFile, `postgresql://nobody@127.0.0.1:${await freePort()}/gone`, await testServerUser());
    try {
      const { job, restore } = await restoreTo({ kind: "latest" });
      expect(job.status).toBe("failed");
      expect(restore.status).toBe("failed");
      expect(restore.error).toMatch(
        /^PostgreSQL stopped recovery, not promoted: WAL file \S+ could not be read from the archive \(connect ECONNREFUSED /,
      );
      expect(restore.logTail).toMatch(/could not restore file .* exit code 255/);
      // Never promoted: no new timeline, never open for writes.
      expect(restore.logTail).not.toMatch(/selected new timeline ID|ready to accept connections/);
      expect(restore.instanceMadeAt).toBeNull();
      expect(await serversRunningIn(restore.dataDir)).toEqual([]);
      await expect(fs.stat(restore.dataDir)).rejects.toThrow();
      await expect(actOnRestore(w.db, w.queue(), { restoreId: restore.id, action: "restore.discard" })).rejects.toMatchObject({
        code: "conflict",
        message: expect.stringContaining("left nothing to discard"),
      });
    } finally {
      await writeCliConfig(cat.cli.configFile, cat.cliDatabaseUrl, await testServerUser());
    }
  });
});

describe("Promote on an in-place restore", () => {
  it("ends recovery at the target with the least-privilege login (the cluster keeps production's pg_hba.conf), and the cluster takes writes on exactly the target's rows", async () => {
    const cluster = await w.db.cluster.update({ where: { id: clusterId }, data: { localDataDir: source().dataDir } });
    const input = restoreRequestInput.parse({
      target: { kind: "lsn", lsn: targetLsn, inclusive: true },
      destination: { kind: "in_place", confirm: cluster.name },
      pauseAtTarget: true,
    });
    const { restore } = await requestRestore(w.db, w.queue(), {
      clusterId,
      input,
      userId,
      restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
    });
    expect((await w.waitForJob(restore!.jobId!)).error).toBeNull();
    const paused = await w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
    expect(paused).toMatchObject({ status: "paused", destination: "in_place", port: source().port });
    try {
      const promote = await actOnRestore(w.db, w.queue(), { restoreId: paused.id, action: "restore.promote" });
      const promoted = await w.waitForJob(promote.id);
      expect(promoted.error).toBeNull();
      expect(promoted.status).toBe("succeeded");
      expect(await w.db.restore.findUniqueOrThrow({ where: { id: paused.id } })).toMatchObject({ status: "complete", error: null });

      const after = await onCopy(source().port, source().password, async (c) => {
        await c.query("INSERT INTO orders VALUES (-1, 'written after the promote')");
        return (await c.query("SELECT pg_is_in_recovery() AS recovering, count(*)::int AS n, min(id) AS low, max(id) AS high FROM orders"))
          .rows[0];
      });
      expect(after).toEqual({ recovering: false, n: ORDERS + 1, low: -1, high: ORDERS });
    } finally {
      if (paused.oldDataDir) await fs.rm(paused.oldDataDir, { recursive: true, force: true });
    }
  });
});
