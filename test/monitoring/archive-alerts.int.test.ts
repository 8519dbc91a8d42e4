// Monitoring on a real cluster archiving with archive_command: a failing command raises "archive
// failing" naming the WAL and resolves by itself once archiving works again; a command that
// exits 0 without storing anything is caught from Wayback's own archive (stale, then a gap); the
// open and resolve events reach a real webhook receiver.
import fs from "node:fs/promises";
import path from "node:path";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/notify/channels";
import { STREAM_QUEUE_NAME } from "@/lib/queue/job-types";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { pusherPid } from "@/lib/wal/archived-ahead";
import { archiveCommandFor } from "@/lib/wal/cli-commands";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testServerUser, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit, pgbenchRun } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { useWorker } from "@/test/harness/worker";
import { until } from "@/test/harness/until";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { useWebhookReceiver } from "@/test/monitoring/webhook-receiver";

const INTERVAL_MS = 1000;
const w = useWorker({
  WAYBACK_MONITOR_INTERVAL_MS: String(INTERVAL_MS),
  WAYBACK_ARCHIVE_STALE_MS: "60000",
  WAYBACK_ARCHIVE_MAX_BEHIND: "2",
  WAYBACK_NOTIFY_POLL_MS: "200",
  WAYBACK_NOTIFY_RETRY_MS: "200",
});
const cat = useCatalog();
// archive_mode needs a restart; the command is set (and broken) with a reload during the tests.
const source = useTestCluster({ settings: { archive_mode: "on", archive_command: "" } });
const hook = useWebhookReceiver();
let clusterId: string;
let streamQueue: Queue;

async function setArchiveCommand(command: string): Promise<void> {
  await source().query(`ALTER SYSTEM SET archive_command = ${quote(command)}`);
  await source().query("SELECT pg_reload_conf()");
}
const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Writes and completes `n` segments. */
async function completeSegments(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await source().query("INSERT INTO filler SELECT generate_series(1, 1000)");
    await source().query("SELECT pg_switch_wal()");
  }
}

const alertsOf = (rule: string) => w.db.alert.findMany({ where: { clusterId, rule }, orderBy: { firstSeenAt: "asc" } });
const hookEvents = (rule: string) =>
  hook.received
    .map((r) => r.body as { event: string; alert: { rule: string; cluster: { id: string }; message: string; resolvedAt: string | null } })
    .filter((b) => b.alert?.rule === rule && b.alert.cluster.id === clusterId);

beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 1);
  await c.query("CREATE TABLE filler (x int)");
  const repo = await createTestRepository(w.db);
  // archive_command runs as the server's OS user: it writes the repository (README, "archive_command").
  const osUser = await testServerUser();
  if (osUser) await fs.chown(repo.path, osUser.uid, osUser.gid);
  clusterId = await registerTestCluster(w.db, {
    secretKey: w.config().secretKey,
    source: c,
    name: "monitored",
    repositoryId: repo.id,
    input: { walMode: "archive_command" },
  });
  await createChannel(w.db, {
    input: { kind: "webhook", name: uniqueName("hook"), url: hook.url("/hooks/T0KEN"), severities: ["warning", "critical"] },
    secretKey: w.config().secretKey,
  });
  streamQueue = openQueue(STREAM_QUEUE_NAME, createRedis(cat.redisUrl, "producer"), w.config().queuePrefix);
  await enqueueJob(w.db, streamQueue, "monitor", { clusterId });
});

afterAll(async () => {
  await streamQueue?.close();
});

describe("archive monitoring", () => {
  it("opens one 'archive failing' alert naming the failing WAL under load, and resolves it with the time once archiving works", async () => {
    const c = source();
    await setArchiveCommand("/bin/false");
    const load = pgbenchRun(c, { seconds: 4 });
    await completeSegments(2);
    await load;

    const alert = await until("an archive_failing alert", async () => (await alertsOf("archive_failing"))[0]);
    const { rows } = await c.query("SELECT last_failed_wal, last_failed_time FROM pg_stat_archiver");
    expect(alert).toMatchObject({ state: "open", severity: "critical" });
    expect(alert.message).toContain(rows[0].last_failed_wal);
    expect(alert.message).toMatch(/Read the server log for archive_command's error/);
    expect(alert.details).toMatchObject({ lastFailedWal: rows[0].last_failed_wal });

    // The condition persists over several passes: still one alert, counting occurrences.
    await until("more passes over the same failure", async () => ((await alertsOf("archive_failing"))[0]!.occurrences >= 3 ? true : null));
    expect(await alertsOf("archive_failing")).toHaveLength(1);

    // Fixed: Wayback's own wal-push archives the backlog; the alert resolves by itself.
    await setArchiveCommand(archiveCommandFor(w.config().cli, clusterId));
    const resolved = await until("archive_failing to resolve", async () => {
      const [a] = await alertsOf("archive_failing");
      return a?.state === "resolved" ? a : null;
    });
    expect(resolved.id).toBe(alert.id);
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    expect(resolved.resolvedAt!.getTime()).toBeGreaterThanOrEqual(alert.firstSeenAt.getTime());

    // The webhook got the opening and the resolution, in that order.
    const events = await until("both webhook calls", async () =>
      hookEvents("archive_failing").length >= 2 ? hookEvents("archive_failing") : null,
    );
    expect(events.map((e) => e.event)).toEqual(["opened", "resolved"]);
    expect(events[0]!.alert.message).toContain(rows[0].last_failed_wal);
    expect(events[1]!.alert.resolvedAt).toBe(resolved.resolvedAt!.toISOString());
    expect(hook.received[0]!.path).toBe("/hooks/T0KEN");
  });

  it("sees an archive_command that exits 0 without storing anything: the archive goes stale, then shows the gap", async () => {
    // Everything written so far reaches the archive first (the segment completed now is the last in line).
    const { rows: cur } = await source().query("SELECT pg_walfile_name(pg_current_wal_lsn()) AS name");
    await source().query("SELECT pg_switch_wal()");
    const before = await until("the backlog to be archived", () =>
      w.db.walSegment.findUnique({ where: { clusterId_name: { clusterId, name: cur[0].name } } }),
    );

    // wal-push's background pusher (docs/decisions/0005) archives whatever is ready until it has
    // been idle a few seconds: it must be gone, or it would store what `true` pretends to.
    await until("wal-push's background pusher to exit", async () => (await pusherPid(path.join(source().dataDir, "pg_wal"))) === null);
    // PostgreSQL believes every segment is archived.
    await setArchiveCommand("true");
    await completeSegments(5);
    const stale = await until("an archive_stale alert", async () => (await alertsOf("archive_stale")).find((a) => a.state === "open"));
    expect(stale.message).toContain("Wayback's archive");
    expect(stale.message).toContain(before.name);

    // Archiving is repaired; the segments "archived" by `true` are gone from pg_wal's queue for good.
    await setArchiveCommand(archiveCommandFor(w.config().cli, clusterId));
    await completeSegments(2);
    const gap = await until("a wal_gap alert", async () => (await alertsOf("wal_gap")).find((a) => a.state === "open"));
    const next = `${before.name.slice(0, 16)}${(parseInt(before.name.slice(16), 16) + 1).toString(16).toUpperCase().padStart(8, "0")}`;
    expect(gap.message).toContain(next);
    expect(gap.details).toMatchObject({ firstSegment: next, timeline: 1 });
    await until("archive_stale to resolve once new segments arrive", async () =>
      (await alertsOf("archive_stale")).every((a) => a.state === "resolved"),
    );
  });
});
