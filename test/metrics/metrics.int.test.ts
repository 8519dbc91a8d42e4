import { createHash, randomBytes } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { beforeAll, describe, expect, it } from "vitest";
import { formatLsn } from "@/lib/domain/lsn";
import { DEFAULT_WAL_SEGMENT_SIZE, segmentName } from "@/lib/domain/wal-segment";
import { freePort } from "@/lib/pg/free-port";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { documentedSeries } from "@/test/metrics/documented-series";
import { useApp } from "@/test/security/access-app";

const TOKEN = `metrics-${randomBytes(24).toString("hex")}`;
const app = useApp({ WAYBACK_METRICS_TOKEN_SHA256: createHash("sha256").update(TOKEN).digest("hex") });
const db = app.db;

const MINUTE = 60_000;
const SEG = BigInt(DEFAULT_WAL_SEGMENT_SIZE);
// Everything seeded is placed relative to this moment; a scrape's "now" lies between it and the scrape's end.
const seededAt = new Date();
const ago = (ms: number) => new Date(seededAt.getTime() - ms);

let seeded: { id: string; name: string };
let bare: { id: string; name: string };

beforeAll(async () => {
  const tag = randomBytes(3).toString("hex");
  const repo = await db.repository.create({ data: { name: `metrics-${tag}`, kind: "posix", path: `/nonexistent/metrics-${tag}` } });
  const cluster = (name: string) =>
    db.cluster.create({
      data: {
        name,
        host: "db.example.internal",
        port: 5432,
        database: "app",
        username: "wayback",
        repositoryId: repo.id,
        rpoTargetSeconds: 900,
      },
      select: { id: true, name: true },
    });
  seeded = await cluster(`metrics-seeded-${tag}`);
  // A cluster with nothing yet: its unknown figures are left out, not reported as 0.
  bare = await cluster(`metrics-bare-${tag}`);
  const clusterId = seeded.id;

  // Segments 1–10 archived, one every 5 minutes, the newest's last commit 7 minutes ago; a complete
  // backup in segment 2 that finished 2 hours ago: everything from it to that commit is recoverable.
  await db.walSegment.createMany({
    data: Array.from({ length: 10 }, (_, k) => {
      const segno = k + 1;
      const last = ago(7 * MINUTE + (10 - segno) * 5 * MINUTE);
      return {
        clusterId,
        name: segmentName(1, BigInt(segno)),
        timeline: 1,
        segno: BigInt(segno),
        sizeBytes: SEG,
        sha256: "0".repeat(64),
        source: "stream" as const,
        archivedAt: last,
        firstCommitAt: new Date(last.getTime() - 4 * MINUTE),
        lastCommitAt: last,
      };
    }),
  });
  await db.backup.create({
    data: {
      clusterId,
      repositoryId: repo.id,
      status: "complete",
      label: "daily",
      compression: "zstd",
      startedAt: ago(130 * MINUTE),
      finishedAt: ago(120 * MINUTE),
      stopTime: ago(121 * MINUTE),
      timeline: 1,
      startLsn: formatLsn(2n * SEG + 40n),
      stopLsn: formatLsn(2n * SEG + 4096n),
    },
  });
  // A failed backup that finished after the complete one: only complete backups count.
  await db.backup.create({
    data: {
      clusterId,
      repositoryId: repo.id,
      status: "failed",
      label: "failed",
      compression: "zstd",
      startedAt: ago(20 * MINUTE),
      finishedAt: ago(19 * MINUTE),
    },
  });

  // Monitor passes: 10 minutes ago the server wrote segment 11 with 10 archived (caught up); since
  // then it moved on to 15 while the archive stayed at 10 — 4 completed segments missing.
  await db.monitorSample.createMany({
    data: [
      { takenAt: ago(20 * MINUTE), current: 10, archived: 9 },
      { takenAt: ago(10 * MINUTE), current: 11, archived: 10 },
      { takenAt: ago(5 * MINUTE), current: 13, archived: 10 },
      { takenAt: ago(1 * MINUTE), current: 15, archived: 10, slot: 123_456_789n },
      // The newest pass could not reach the server: the lag comes from the one before.
      { takenAt: ago(10_000), current: null, archived: 10 },
    ].map((s) => ({
      clusterId,
      takenAt: s.takenAt,
      reachable: s.current !== null,
      currentSegment: s.current === null ? null : segmentName(1, BigInt(s.current)),
      archiveNewestSegment: segmentName(1, BigInt(s.archived)),
      slotLagBytes: s.slot ?? null,
    })),
  });

  // Alerts: one open critical, one acknowledged warning (still unresolved), one resolved critical.
  const alert = (rule: string, severity: "critical" | "warning", state: "open" | "acknowledged" | "resolved") =>
    db.alert.create({ data: { clusterId, rule, severity, state, message: rule, firstSeenAt: ago(MINUTE), lastSeenAt: ago(MINUTE) } });
  await alert("archive_stale", "critical", "open");
  await alert("slot_lag", "warning", "acknowledged");
  await alert("archive_failing", "critical", "resolved");

  // Drills: an older failure, then the last one passed in 30 s of base restore and 15 s of replay.
  await db.drill.create({
    data: { clusterId, targetKind: "latest", status: "failed", createdAt: ago(50 * 3_600_000), finishedAt: ago(49 * 3_600_000) },
  });
  await db.drill.create({
    data: {
      clusterId,
      targetKind: "latest",
      status: "passed",
      createdAt: ago(3 * 3_600_000),
      finishedAt: ago(2 * 3_600_000),
      baseMs: 30_000,
      replayMs: 15_000,
    },
  });

  // Jobs: backups that ran 3 s (succeeded), 100 s (failed) and 2000 s (succeeded); a verification queued, a check running.
  const job = (type: string, status: "queued" | "running" | "succeeded" | "failed", seconds?: number) =>
    db.job.create({
      data: {
        type,
        status,
        clusterId,
        startedAt: status === "queued" ? null : ago(3 * 3_600_000),
        finishedAt: seconds === undefined ? null : new Date(ago(3 * 3_600_000).getTime() + seconds * 1000),
      },
    });
  await job("backup.full", "succeeded", 3);
  await job("backup.full", "failed", 100);
  await job("backup.full", "succeeded", 2000);
  await job("verify", "queued");
  await job("cluster.check", "running");
});

async function scrape(): Promise<{ text: string; from: number; to: number; status: number; contentType: string | null }> {
  const from = Date.now();
  const res = await app.call("GET /metrics", { bearer: TOKEN });
  const text = await res.text();
  return { text, from, to: Date.now(), status: res.status, contentType: res.headers.get("content-type") };
}

type Families = ReturnType<typeof parsePrometheusTextFormat>;

function value(families: Families, name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample?.value === undefined ? undefined : Number(sample.value);
}

/** Seconds since `at`, as a scrape between `from` and `to` may have measured it. */
function expectSecondsSince(actual: number | undefined, at: Date, s: { from: number; to: number }, what: string) {
  expect(actual, what).toBeGreaterThanOrEqual((s.from - at.getTime()) / 1000 - 0.001);
  expect(actual, what).toBeLessThanOrEqual((s.to - at.getTime()) / 1000 + 0.001);
}

describe("/metrics", () => {
  it("serves every series the README documents, with exactly its labels", async () => {
    const s = await scrape();
    expect(s.status).toBe(200);
    expect(s.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(s.text);
    const documented = documentedSeries();
    expect(documented.size).toBeGreaterThan(15);
    for (const [name, labels] of documented) {
      const family = families.find((f) => f.name === name);
      expect(family, `${name} is documented but not served`).toBeDefined();
      // The parser keeps no labels on a labelled histogram's samples: its label set is read from the text.
      const labelSets =
        family!.type === "HISTOGRAM"
          ? [...s.text.matchAll(new RegExp(`^${name}_count\\{([^}]*)\\}`, "gm"))].map((m) =>
              [...m[1]!.matchAll(/(\w+)="/g)].map((l) => l[1]!),
            )
          : family!.metrics.map((m) => Object.keys(m.labels ?? {}));
      expect(labelSets.length, `${name} has samples`).toBeGreaterThan(0);
      for (const set of labelSets) expect(set.sort(), name).toEqual([...labels].sort());
    }
    // And nothing is served that the README does not name.
    expect(families.map((f) => f.name).filter((n) => !documented.has(n))).toEqual([]);
  });

  it("says what the catalog holds for a seeded cluster", async () => {
    const s = await scrape();
    const f = parsePrometheusTextFormat(s.text);
    const c = { cluster_id: seeded.id, cluster: seeded.name };
    expectSecondsSince(value(f, "wayback_backup_newest_complete_age_seconds", c), ago(120 * MINUTE), s, "backup age");
    const newestCommit = ago(7 * MINUTE);
    expect(value(f, "wayback_recoverable_newest_timestamp_seconds", c)).toBe(newestCommit.getTime() / 1000);
    expectSecondsSince(value(f, "wayback_rpo_seconds", c), newestCommit, s, "RPO");
    expect(value(f, "wayback_rpo_target_seconds", c)).toBe(900);
    expect(value(f, "wayback_archive_lag_segments", c)).toBe(4);
    expectSecondsSince(value(f, "wayback_archive_lag_seconds", c), ago(10 * MINUTE), s, "archive lag");
    expect(value(f, "wayback_slot_lag_bytes", c)).toBe(123_456_789);
    expect(value(f, "wayback_drill_last_passed", c)).toBe(1);
    expect(value(f, "wayback_drill_last_recovery_seconds", c)).toBe(45);
    expect(value(f, "wayback_drill_last_finished_timestamp_seconds", c)).toBe(ago(2 * 3_600_000).getTime() / 1000);
    expect(value(f, "wayback_alerts_open", { ...c, severity: "critical" })).toBe(1);
    expect(value(f, "wayback_alerts_open", { ...c, severity: "warning" })).toBe(1);
    expect(value(f, "wayback_alerts_open", { ...c, severity: "info" })).toBe(0);
  });

  it("leaves out what the catalog cannot say about a cluster with nothing yet", async () => {
    const f = parsePrometheusTextFormat((await scrape()).text);
    const c = { cluster_id: bare.id, cluster: bare.name };
    expect(value(f, "wayback_rpo_target_seconds", c)).toBe(900);
    expect(value(f, "wayback_alerts_open", { ...c, severity: "critical" })).toBe(0);
    for (const name of [
      "wayback_backup_newest_complete_age_seconds",
      "wayback_recoverable_newest_timestamp_seconds",
      "wayback_rpo_seconds",
      "wayback_archive_lag_segments",
      "wayback_archive_lag_seconds",
      "wayback_slot_lag_bytes",
      "wayback_drill_last_passed",
    ]) {
      expect(value(f, name, c), name).toBeUndefined();
    }
  });

  it("counts jobs by type from the catalog, and the queues from Redis", async () => {
    const s = await scrape();
    const f = parsePrometheusTextFormat(s.text);
    expect(value(f, "wayback_job_failures_total", { type: "backup.full" })).toBe(1);
    expect(value(f, "wayback_job_failures_total", { type: "verify" })).toBe(0);
    expect(value(f, "wayback_jobs", { type: "verify", status: "queued" })).toBe(1);
    expect(value(f, "wayback_jobs", { type: "cluster.check", status: "running" })).toBe(1);
    // One type's histogram on its own (without its label) is what the parser reads whole.
    const lines = s.text
      .split("\n")
      .filter((l) =>
        l.startsWith("# ")
          ? l.includes("wayback_job_duration_seconds ")
          : l.startsWith("wayback_job_duration_seconds") && l.includes('type="backup.full"'),
      );
    const [histogram] = parsePrometheusTextFormat(
      lines.map((l) => l.replace(/type="backup\.full",?/, "").replace("{}", "")).join("\n") + "\n",
    );
    expect(histogram!.metrics[0]).toEqual({
      buckets: {
        "1": "0",
        "5": "1",
        "15": "1",
        "60": "1",
        "300": "2",
        "900": "2",
        "3600": "3",
        "10800": "3",
        "43200": "3",
        "86400": "3",
        "+Inf": "3",
      },
      count: "3",
      sum: "2103",
    });
    expect(value(f, "wayback_redis_up", {})).toBe(1);
    // This file's queues are its own (useApp's prefix): empty, and no worker consumes them.
    expect(value(f, "wayback_queue_jobs", { queue: "wayback", state: "waiting" })).toBe(0);
    expect(value(f, "wayback_workers", { queue: "wayback" })).toBe(0);
    expect(value(f, "wayback_workers", { queue: "wayback-stream" })).toBe(0);
  });

  it("refuses a scrape without the metrics token, with a wrong one, a session or an API token", async () => {
    const viewer = await app.user("viewer");
    const admin = await app.user("admin");
    const callers = {
      nothing: {},
      "a wrong token": { bearer: `${TOKEN}x` },
      "a viewer's session": { cookie: viewer.session },
      "an admin's API token": { bearer: await app.token(admin, "admin") },
      // Loopback mode is off here: a local address alone is not enough.
      "a loopback client": { ip: "127.0.0.1" },
    };
    for (const [who, caller] of Object.entries(callers)) {
      const res = await app.call("GET /metrics", caller);
      const text = await res.text();
      expect(res.status, who).toBe(401);
      expect(text, who).not.toContain("wayback_");
      expect(text, who).not.toContain(seeded.name);
    }
  });

  it("still serves the catalog's figures when Redis does not answer", async () => {
    const context = globalThis.__waybackApp!;
    const real = context.queue;
    const redis = createRedis(`redis://127.0.0.1:${await freePort()}`, "producer");
    redis.on("error", () => undefined); // refused on purpose
    context.queue = openQueue(QUEUE_NAME, redis, context.config.queuePrefix);
    try {
      const s = await scrape();
      expect(s.status).toBe(200);
      const f = parsePrometheusTextFormat(s.text);
      expect(value(f, "wayback_redis_up", {})).toBe(0);
      expect(f.find((family) => family.name === "wayback_queue_jobs" || family.name === "wayback_workers")).toBeUndefined();
      expect(value(f, "wayback_rpo_target_seconds", { cluster_id: seeded.id, cluster: seeded.name })).toBe(900);
    } finally {
      await context.queue.close();
      redis.disconnect();
      context.queue = real;
    }
  });

  it("answers with the API's security headers", async () => {
    const res = await app.call("GET /metrics", { bearer: TOKEN });
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
