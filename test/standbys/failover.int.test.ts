// A cluster with a primary and a streaming standby, through a failover: backups read from the
// standby, the receiver follows the new primary onto timeline 2, and restores to moments before
// and after the switch bring back exactly the rows of those moments.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { connectionTarget } from "@/lib/clusters/connection-target";
import { getCluster } from "@/lib/clusters/find-clusters";
import { restoreRequestInput } from "@/lib/domain/restore-input";
import { drillRequestInput } from "@/lib/domain/drill-input";
import { requestDrill } from "@/lib/drills/request-drill";
import type { RestoreTarget } from "@/lib/domain/restore-target-input";
import { parseSegmentName } from "@/lib/domain/wal-segment";
import { takeSample } from "@/lib/monitor/take-sample";
import { destroyInstance } from "@/lib/pg/instance";
import { requestRestore } from "@/lib/restores/request-restore";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { momentAfterLastCommit } from "@/test/harness/moment";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { caughtUp, createTestStandby, stopServer, type TestStandby } from "@/test/harness/standby";
import { until } from "@/test/harness/until";
import { useWorker, waitForJob } from "@/test/harness/worker";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const primary = useTestCluster();
let standby: TestStandby;
let clusterId: string;
let userId: string;
const started: { dataDir: string; port: number }[] = [];

// Whole backup and restore jobs on a loaded 2-core machine take longer than the harness's 60 s.
const JOB_MS = 600_000;
const finished = (j: { status: string }) => j.status === "succeeded" || j.status === "failed";
const ROWS = "SELECT count(*)::int AS n, md5(string_agg(id || ':' || note, ',' ORDER BY id)) AS md5 FROM orders";
const before = { time: "", rows: { n: 0, md5: "" } };
const after = { time: "", rows: { n: 0, md5: "" } };

async function rowsAt(port: number) {
  const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password: primary().password, database: "postgres" });
  await c.connect();
  try {
    return (await c.query(ROWS)).rows[0] as { n: number; md5: string };
  } finally {
    await c.end();
  }
}

async function restoreTo(target: RestoreTarget) {
  const { restore } = await requestRestore(w.db, w.queue(), {
    clusterId,
    input: restoreRequestInput.parse({ target }),
    userId,
    restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
  });
  started.push({ dataDir: restore!.dataDir, port: restore!.port });
  const job = await waitForJob(w.db, restore!.jobId!, finished, JOB_MS);
  expect(job.error).toBeNull();
  return w.db.restore.findUniqueOrThrow({ where: { id: restore!.id } });
}

beforeAll(async () => {
  standby = await createTestStandby(primary());
  userId = (await w.db.user.create({ data: { username: uniqueName("op"), passwordHash: "x", role: "operator" } })).id;
  const repo = await createTestRepository(w.db);
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: primary(),
    name: "standbys",
    repositoryId: repo.id,
    input: { otherHosts: [`127.0.0.1:${standby.port}`], backupFrom: "standby" },
  });
  await until("the receiver to stream", () => w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming"));
});

afterAll(async () => {
  await standby?.destroy();
  const bins = testBinaries();
  const osUser = await testServerUser();
  for (const s of started) await destroyInstance({ dataDir: s.dataDir, port: s.port, bins, osUser }).catch(() => undefined);
});

describe("a cluster with a standby", () => {
  it("connects to the primary for WAL and to the standby for a backup that records where it came from", async () => {
    const key = w.config().secretKey;
    expect(await connectionTarget(w.db, clusterId, key)).toMatchObject({ port: primary().port });
    expect(await connectionTarget(w.db, clusterId, key, "standby")).toMatchObject({ port: standby.port });
    await takeSample(w.db, { clusterId, secretKey: key });
    expect((await getCluster(w.db, clusterId)).databaseHosts?.hosts).toEqual([
      { host: "127.0.0.1", port: primary().port, role: "primary" },
      { host: "127.0.0.1", port: standby.port, role: "standby" },
    ]);

    await primary().query("CREATE TABLE orders (id int PRIMARY KEY, note text NOT NULL)");
    await primary().query("INSERT INTO orders SELECT g, 'before ' || g FROM generate_series(1, 1000) g");
    await caughtUp(primary(), standby);
    const job = await requestBackup(w.db, w.queue(), clusterId);
    const done = await waitForJob(w.db, job.id, finished, JOB_MS);
    expect(done.error).toBeNull();
    const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });
    expect(backup).toMatchObject({ status: "complete", verified: true, sourceHost: `127.0.0.1:${standby.port}`, timeline: 1 });
    expect(done.log).toContain(`from 127.0.0.1:${standby.port}`);
  }, 600_000);

  it("follows a failover: the receiver streams timeline 2 from the new primary and archives its history", async () => {
    await primary().query("INSERT INTO orders SELECT g, 'still before ' || g FROM generate_series(1001, 1500) g");
    before.time = await momentAfterLastCommit(primary());
    before.rows = await rowsAt(primary().port);
    // The last commit before the failover ends up in a complete timeline 1 segment ahead of the
    // switch one, which is what bounds the switch from below on the timeline picture.
    const { rows: lastOnOld } = await primary().query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    await primary().query("SELECT pg_switch_wal()");
    await until("the old timeline's segment with the last commit before the failover to be archived", () =>
      w.db.walSegment.count({ where: { clusterId, name: lastOnOld[0].name } }).then((n) => n > 0),
    );
    await caughtUp(primary(), standby);

    // The failover: the standby becomes the primary, the old primary goes away.
    const promotedAt = Date.now();
    await standby.promote();
    await stopServer(primary());
    await until("the promoted standby to take writes", () =>
      standby.query("SELECT NOT pg_is_in_recovery() AS rw").then((r) => r.rows[0].rw === true),
    );
    await standby.query("INSERT INTO orders SELECT g, 'after ' || g FROM generate_series(1501, 2500) g");
    await standby.query("UPDATE orders SET note = note || ' (changed after)' WHERE id <= 10");
    after.time = await momentAfterLastCommit(standby);
    after.rows = await rowsAt(standby.port);
    // A later commit: recovery to the moment stops before it (and the moment lies inside the window).
    await standby.query("INSERT INTO orders VALUES (999999, 'after the moment')");
    const { rows } = await standby.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    await standby.query("SELECT pg_switch_wal()");
    const wanted = parseSegmentName(rows[0].name).segno;

    await until(
      "timeline 2 to be archived through the switch and indexed",
      async () => {
        const have = await w.db.walSegment.count({ where: { clusterId, timeline: 2, segno: { gte: wanted } } });
        const unread = await w.db.walSegment.count({ where: { clusterId, indexedAt: null } });
        return have > 0 && unread === 0;
      },
      120_000,
    ).catch(async (err: Error) => {
      const receiver = await w.db.walReceiver.findUnique({ where: { clusterId } });
      const jobs = await w.db.job.findMany({ where: { clusterId }, select: { type: true, log: true } });
      const segs = await w.db.walSegment.findMany({ where: { clusterId }, select: { name: true } });
      const spool = await fs.readdir(path.join(w.config().spoolDir, clusterId)).catch((e: Error) => e.message);
      throw new Error(
        `${err.message}\n${JSON.stringify({ receiver, segs, jobs, spool }, (_k, v) => (typeof v === "bigint" ? String(v) : v), 1)}`,
      );
    });
    const history = await w.db.walHistory.findUniqueOrThrow({ where: { clusterId_timeline: { clusterId, timeline: 2 } } });
    expect(history.content).toMatch(/^1\t[0-9A-F]+\/[0-9A-F]+\t/);
    // The timeline picture marks the switch: after the old timeline's last commit, by the time the
    // history file was archived (nothing committed on timeline 2 past its first segment bounds it earlier).
    const { switches } = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
    expect(switches).toEqual([
      { timeline: 2, parent: 1, switchLsn: history.content.split("\t")[1], at: expect.any(String), notBefore: expect.any(String) },
    ]);
    expect(Date.parse(switches[0]!.at!)).toBeGreaterThanOrEqual(promotedAt - 1000);
    expect(Date.parse(switches[0]!.at!)).toBeLessThanOrEqual(history.archivedAt.getTime());
    expect(Date.parse(switches[0]!.notBefore!)).toBeLessThanOrEqual(Date.parse(before.time));
    // The slot the receiver needs was made on the new primary.
    const slots = await standby.query("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'wayback_%'");
    expect(slots.rowCount).toBe(1);

    // The cluster page's host list, from a monitor sample: the promoted standby is the primary now.
    await takeSample(w.db, { clusterId, secretKey: w.config().secretKey });
    const view = await getCluster(w.db, clusterId);
    expect(view.databaseHosts?.hosts).toEqual([
      { host: "127.0.0.1", port: primary().port, role: "unreachable", error: expect.stringMatching(/ECONNREFUSED|connect/) },
      { host: "127.0.0.1", port: standby.port, role: "primary" },
    ]);
    expect(await connectionTarget(w.db, clusterId, w.config().secretKey)).toMatchObject({ port: standby.port });
    await expect(connectionTarget(w.db, clusterId, w.config().secretKey, "standby")).rejects.toThrow(
      `No database host is a standby: 127.0.0.1:${primary().port} unreachable`,
    );
  });

  it("restores to a moment after the failover with exactly that moment's rows", async () => {
    const restore = await restoreTo({ kind: "time", time: after.time, inclusive: true });
    expect(restore).toMatchObject({ status: "complete", timeline: 2 });
    expect(await rowsAt(restore.port)).toEqual(after.rows);
  }, 600_000);

  it("restores to a moment before the failover with exactly that moment's rows", async () => {
    const restore = await restoreTo({ kind: "time", time: before.time, inclusive: true });
    expect(restore.status).toBe("complete");
    expect(await rowsAt(restore.port)).toEqual(before.rows);
    expect(before.rows.n).toBe(1500);
  }, 600_000);

  it("plans along a timeline on request, and refuses one with no recoverable window of its own", async () => {
    const ask = (timeline: number) =>
      requestRestore(w.db, w.queue(), {
        clusterId,
        input: restoreRequestInput.parse({ target: { kind: "time", time: before.time, inclusive: true }, timeline, dryRun: true }),
        userId,
        restore: { roots: [os.tmpdir()], ports: w.config().restore.ports },
      });
    expect((await ask(2)).plan).toMatchObject({ timeline: 2 });
    // Timeline 1 has nothing past the switch (the standby had all of it): its WAL is part of timeline 2's window.
    await expect(ask(1)).rejects.toMatchObject({
      code: "not_ready",
      message: "Nothing is recoverable on timeline 1: choose timeline 2, or leave the timeline out to follow the latest.",
    });
  });

  it("drills along a timeline on request, refusing one with no recoverable window before starting anything", async () => {
    const ask = (timeline: number) =>
      requestDrill(w.db, w.queue(), { clusterId, input: drillRequestInput.parse({ target: "latest", timeline }), userId });
    await expect(ask(1)).rejects.toMatchObject({
      code: "not_ready",
      message: "Nothing is recoverable on timeline 1: choose timeline 2, or leave the timeline out to follow the latest.",
      fields: { timeline: [expect.stringContaining("choose timeline 2")] },
    });
    expect(await w.db.drill.count({ where: { clusterId } })).toBe(0);

    const d = await ask(2);
    expect(d.timeline).toBe(2);
    const job = await waitForJob(w.db, d.jobId!, (j) => j.status === "succeeded" || j.status === "failed");
    expect(job.error).toBeNull();
    const done = await w.db.drill.findUniqueOrThrow({ where: { id: d.id } });
    expect(done).toMatchObject({ status: "passed", timeline: 2 });
    expect(job.log).toContain("recovery_target_timeline 2, as asked");
  }, 600_000);
});
