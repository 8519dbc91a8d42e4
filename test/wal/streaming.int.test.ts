import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { createCluster } from "@/lib/clusters/create-cluster";
import { getTimeline } from "@/lib/timeline/get-timeline";
import { formatLsn, parseLsn } from "@/lib/domain/lsn";
import { parseSegmentName, segmentStartLsn } from "@/lib/domain/wal-segment";
import { withPgPass } from "@/lib/pg/pgpass";
import { slotNameFor } from "@/lib/pg/receivewal";
import { RECEIVER_APPLICATION_NAME } from "@/lib/domain/synchronous-receive";
import { runProcess } from "@/lib/pg/run-process";
import { walKey } from "@/lib/storage/layout";
import { uniqueName } from "@/test/harness/catalog";
import { testBinaries, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const w = useWorker({ WAYBACK_SUPERVISE_MS: "500" });
const source = useTestCluster();
let repo: { id: string; path: string };
let clusterId: string;

async function currentSegment(): Promise<string> {
  const { rows } = await source().query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
  return rows[0].name;
}

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 1);
  repo = await createTestRepository(w.db);
  clusterId = await registerTestCluster(w.db, { secretKey: w.config().secretKey, source: c, name: "stream", repositoryId: repo.id });
});

describe("streaming archiving", () => {
  it("keeps every segment, without a gap, under load and across a lost connection", async () => {
    const c = source();
    await until("the receiver to stream", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    const { rows: slots } = await c.query("SELECT slot_name, slot_type FROM pg_replication_slots");
    expect(slots).toContainEqual({ slot_name: slotNameFor(clusterId), slot_type: "physical" });

    const first = await currentSegment();
    await pgbenchRun(c, { seconds: 5 });
    await c.query("SELECT pg_switch_wal()");
    // The connection drops (a failover, a network blip): the receiver must come back by itself.
    await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE application_name = 'wayback-receiver'");
    await pgbenchRun(c, { seconds: 5 });
    await c.query("SELECT pg_switch_wal()");
    await c.query("CREATE TABLE after_switch AS SELECT 1"); // something in the segment after the switch
    const last = await currentSegment();
    await c.query("SELECT pg_switch_wal()");

    // Every segment from `first` up to the one before the current position is archived, once.
    const wanted = parseSegmentName(last).segno;
    const rows = await until("the archive to catch up", async () => {
      const segs = await w.db.walSegment.findMany({ where: { clusterId }, orderBy: { segno: "asc" } });
      return segs.some((s) => s.segno >= wanted) && segs;
    });
    const from = parseSegmentName(first).segno;
    const segnos = rows.map((r) => r.segno).filter((n) => n >= from && n <= wanted);
    expect(segnos.length).toBe(Number(wanted - from) + 1);
    expect(segnos).toEqual([...Array(segnos.length).keys()].map((i) => from + BigInt(i)));

    // It came back by itself after the lost connection (a restart recorded, streaming again).
    const receiver = await until("the receiver to stream again", () =>
      w.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    expect(receiver.restarts).toBeGreaterThanOrEqual(1);

    // The repository holds exactly what the catalog says.
    for (const r of rows) {
      const data = await fs.readFile(path.join(repo.path, walKey(clusterId, r.name)));
      expect(data.length).toBe(16 * 1024 * 1024);
      expect(createHash("sha256").update(data).digest("hex")).toBe(r.sha256);
      expect(r.source).toBe("stream");
    }
  });
});

describe("the recoverable window", () => {
  it("runs from the backup's end to the last archived commit, and a missing segment cuts it with its name", async () => {
    const c = source();
    const job = await requestBackup(w.db, w.queue(), clusterId);
    expect((await w.waitForJob(job.id)).status).toBe("succeeded");
    const backup = await w.db.backup.findUniqueOrThrow({ where: { jobId: job.id } });

    let lastInsertAt = new Date();
    for (let i = 0; i < 3; i++) {
      lastInsertAt = new Date();
      await c.query("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 1, 1, now())");
      await c.query("SELECT pg_switch_wal()");
    }
    const lastCommit = new Date();
    const { rows } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    const wanted = parseSegmentName(rows[0].name).segno - 1n;
    await until("the archive to catch up", async () => (await w.db.walSegment.count({ where: { clusterId, segno: { gte: wanted } } })) > 0);
    // The supervisor queues pg_waldump runs that map commit times to segments.
    await until(
      "the archive to be indexed",
      async () => (await w.db.walSegment.count({ where: { clusterId, indexedAt: null } })) === 0,
      90_000,
    );

    const view = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
    expect(view.gaps).toEqual([]);
    expect(view.windows).toEqual([
      expect.objectContaining({ timeline: 1, from: { lsn: backup.stopLsn, time: backup.stopTime!.toISOString() } }),
    ]);
    const fullEnd = view.windows[0]!.to.lsn;
    expect(parseLsn(fullEnd)).toBeGreaterThan(parseLsn(backup.stopLsn!));
    // The latest recoverable moment is the last commit archived: the last INSERT above.
    const latest = new Date(view.latestRecoverableTime!).getTime();
    expect(latest).toBeGreaterThanOrEqual(lastInsertAt.getTime() - 1000);
    expect(latest).toBeLessThanOrEqual(lastCommit.getTime() + 1000);

    // A segment after the backup disappears: the window now ends where it begins, and the gap names it.
    const segs = await w.db.walSegment.findMany({ where: { clusterId }, orderBy: { segno: "asc" } });
    const victim = segs[segs.length - 2]!;
    await w.db.walSegment.delete({ where: { clusterId_name: { clusterId, name: victim.name } } });
    await fs.rm(path.join(repo.path, walKey(clusterId, victim.name)));
    const cut = await getTimeline(w.db, { clusterId, cli: { command: "wayback" } });
    expect(cut.gaps).toEqual([
      expect.objectContaining({
        timeline: 1,
        firstSegment: victim.name,
        lastSegment: victim.name,
        missing: [victim.name],
        missingCount: 1,
      }),
    ]);
    expect(cut.windows).toHaveLength(1);
    expect(cut.windows[0]!.to.lsn).toBe(formatLsn(segmentStartLsn(victim.segno)));
  });
});

/**
 * A cluster (archiving by archive_command for now) whose slot exists and is held by a
 * pg_receivewal of the test's own, connected as the cluster's login with `appName`.
 */
async function clusterWithSlotHeld(name: string, appName: string) {
  const c = source();
  const { id } = await createCluster(w.db, {
    input: {
      name: uniqueName(name),
      host: c.host,
      port: c.port,
      username: c.superuser,
      password: c.password,
      sslmode: "disable",
      repositoryId: repo.id,
      walMode: "archive_command",
    },
    secretKey: w.config().secretKey,
  });
  const slot = slotNameFor(id);
  await c.query("SELECT pg_create_physical_replication_slot($1, true)", [slot]);
  const stop = new AbortController();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `wayback-${name}-`));
  let ended: string | null = null;
  const running = withPgPass([{ host: c.host, port: c.port, user: c.superuser, password: c.password }], async (env) =>
    runProcess(
      await testBinaries().path("pg_receivewal"),
      ["-h", c.host, "-p", String(c.port), "-U", c.superuser, "--no-password", "-D", dir, "--slot", slot, "--no-loop"],
      {
        env: { ...env, PGAPPNAME: appName },
        signal: stop.signal,
      },
    ),
  ).then(
    () => (ended = "exited"),
    (err: Error) => (ended = err.message),
  );
  const pid = await until(
    "the other pg_receivewal to hold the slot",
    async () =>
      (await c.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1", [slot])).rows[0]?.active_pid as number | null,
  );
  return {
    id,
    slot,
    /** The server process (walsender) serving it. */
    pid,
    /** Why it ended, once it has. */
    ended: () => ended,
    async stop() {
      stop.abort();
      await running;
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

describe("a slot held by someone else", () => {
  it("is reported on the receiver with the server's reason, and streaming resumes once it is free", async () => {
    // Another consumer streams from that slot (a forgotten standby, another tool).
    const { id, stop } = await clusterWithSlotHeld("squatter", "pg_receivewal");
    try {
      await w.db.cluster.update({ where: { id }, data: { walMode: "streaming" } });
      const refused = await until("the receiver to report the conflict", () =>
        w.db.walReceiver.findUnique({ where: { clusterId: id } }).then((r) => (r?.state === "retrying" || r?.state === "failed") && r),
      );
      expect(refused.lastError).toMatch(/replication slot .* is active for PID/);
    } finally {
      await stop();
    }
    await until(
      "streaming to resume",
      () => w.db.walReceiver.findUnique({ where: { clusterId: id } }).then((r) => r?.state === "streaming" && r?.lastError === null && r),
      60_000,
    );
    await w.db.cluster.update({ where: { id }, data: { walMode: "archive_command" } });
  });
});

describe("a slot held by a receiver a dead worker left running", () => {
  it("is taken back by the new receiver, which streams again and archives the next segment", async () => {
    const c = source();
    // What an orphaned receiver looks like to the server: pg_receivewal, as the cluster's login,
    // named as Wayback names its receivers, streaming from the cluster's slot.
    const { id, slot, pid: held, ended, stop } = await clusterWithSlotHeld("orphan", RECEIVER_APPLICATION_NAME);
    try {
      await w.db.cluster.update({ where: { id }, data: { walMode: "streaming" } });
      const receiver = await until(
        "the new receiver to stream",
        () => w.db.walReceiver.findUnique({ where: { clusterId: id } }).then((r) => r?.state === "streaming" && r),
        60_000,
      );
      expect(receiver.lastError).toBeNull();
      // The orphan's walsender was ended (so the orphan itself exited), and the slot has a new holder.
      expect(await until("the orphan to be ended", async () => ended())).toMatch(
        /terminating connection due to administrator command|unexpected termination|server closed the connection/,
      );
      const { rows } = await c.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1", [slot]);
      expect(rows[0].active_pid).not.toBe(held);
      const job = await w.db.job.findFirstOrThrow({ where: { type: "wal.stream", clusterId: id }, orderBy: { queuedAt: "desc" } });
      expect(job.log).toContain(`ended an earlier receiver (server process ${held}) that still held slot ${slot}`);

      // And it archives: the segment written now arrives in the catalog.
      await c.query("CREATE TABLE after_orphan AS SELECT 1");
      const { rows: seg } = await c.query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
      await c.query("SELECT pg_switch_wal()");
      await until(
        "the segment to be archived",
        () => w.db.walSegment.findUnique({ where: { clusterId_name: { clusterId: id, name: seg[0].name } } }),
        60_000,
      );
    } finally {
      await w.db.cluster.update({ where: { id }, data: { walMode: "archive_command" } });
      await stop();
    }
  });
});
