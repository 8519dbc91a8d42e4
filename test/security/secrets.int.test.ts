// Secrets never leave the catalog in clear text. A full scenario through the web's route handlers
// and a real worker process (add a cluster with a password, back up, create a restore point,
// restore, dump and restore the dump, run a drill, configure a webhook and an SMTP channel and
// send to both), then every place a secret could leak is scanned for the cluster password, the
// SMTP password and the webhook URL's token: the catalog's rows, every key and value in Redis
// (while jobs are queued and at the end), what the worker process and the web side log, every GET
// response of the API, the process list (command lines and environments) sampled all through the
// backup, restore, dump and drill, the restored copy's configuration files, and password files
// left in the temporary directory.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { destroyInstance } from "@/lib/pg/instance";
import { processAlive } from "@/lib/pg/os-user";
import { createRedis } from "@/lib/queue/redis";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { archivedThroughCurrent } from "@/test/harness/archived";
import { until } from "@/test/harness/until";
import { waitForJob, workerEnv } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { useWeb, type ApiResult } from "@/test/harness/web";
import { useWebhookReceiver } from "@/test/monitoring/webhook-receiver";
import { useSmtpReceiver } from "@/test/notifications/smtp-receiver";
import * as backupsApi from "@/app/api/v1/clusters/[id]/backups/route";
import * as clustersApi from "@/app/api/v1/clusters/route";
import * as restorePointsApi from "@/app/api/v1/clusters/[id]/restore-points/route";
import * as restoresApi from "@/app/api/v1/clusters/[id]/restores/route";
import * as channelsApi from "@/app/api/v1/notification-channels/route";
import * as channelTestApi from "@/app/api/v1/notification-channels/[id]/test/route";
import * as drillsApi from "@/app/api/v1/clusters/[id]/drills/route";
import * as dumpsApi from "@/app/api/v1/clusters/[id]/dumps/route";
import * as dumpRestoresApi from "@/app/api/v1/dumps/[id]/restores/route";

const tag = randomBytes(6).toString("hex");
// ':' and '\' are the characters a .pgpass line escapes.
const SECRETS = {
  clusterPassword: `pg-pw:${tag}\\Zq`,
  smtpPassword: `smtp-pw-${tag}`,
  webhookToken: `hook-token-${tag}`,
};

const cat = useCatalog();
const keyHex = randomBytes(32).toString("hex");
const prefix = `test-${keyHex.slice(0, 12)}`;
const source = useTestCluster({ superuserPassword: SECRETS.clusterPassword });
const workers = useWorkerProcesses(cat, keyHex, { WAYBACK_SUPERVISE_MS: "500", WAYBACK_LOG_LEVEL: "debug", WAYBACK_NOTIFY_POLL_MS: "200", WAYBACK_NOTIFY_RETRY_MS: "200" });
const web = useWeb(cat, () => parseConfig(workerEnv(cat, keyHex)));
const hook = useWebhookReceiver();
const smtp = useSmtpReceiver({ username: "wayback", password: SECRETS.smtpPassword });

/** Everything scanned, by where it was seen. */
const seen = { workerLog: [] as string[], redis: [] as string[], processes: new Set<string>(), api: [] as string[], files: [] as string[] };
let redis: Redis;
let clusterId: string;
let restored: { dataDir: string; port: number } | undefined;

const api = async (...args: Parameters<typeof web.call>): Promise<ApiResult> => {
  const res = await web.call(...args);
  seen.api.push(`${args[1].method ?? "GET"} ${args[1].path} → ${res.status} ${res.text}`);
  return res;
};

/** Every key (name and value) under this file's queue prefix, as text. */
async function snapshotRedis(): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === "string" ? await redis.get(key)
        : type === "hash" ? await redis.hgetall(key)
        : type === "list" ? await redis.lrange(key, 0, -1)
        : type === "set" ? await redis.smembers(key)
        : type === "zset" ? await redis.zrange(key, "0", "-1")
        : type === "stream" ? await redis.xrange(key, "-", "+")
        : null;
      seen.redis.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== "0");
}

/** Samples every process's command line and environment (/proc) until stopped, plus `ps` now and then. */
function sampleProcesses(): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      for (const pid of await fs.readdir("/proc").catch(() => [])) {
        if (!/^\d+$/.test(pid)) continue;
        for (const file of ["cmdline", "environ"]) {
          const text = await fs.readFile(`/proc/${pid}/${file}`, "latin1").catch(() => "");
          if (text) seen.processes.add(text.replaceAll("\0", " "));
        }
      }
      if (i % 10 === 0) seen.processes.add((await promisify(execFile)("ps", ["-eo", "args"])).stdout);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

function leaks(texts: Iterable<string>): { secret: string; where: string }[] {
  const found: { secret: string; where: string }[] = [];
  for (const text of texts) {
    for (const [name, secret] of Object.entries(SECRETS)) {
      // Also as JSON would escape it (the password's backslash).
      const i = Math.max(text.indexOf(secret), text.indexOf(JSON.stringify(secret).slice(1, -1)));
      if (i >= 0) found.push({ secret: name, where: text.slice(Math.max(0, i - 200), i + 100) });
    }
  }
  return found;
}

beforeAll(async () => {
  redis = createRedis(cat.redisUrl, "producer");
  workers.start({ output: (text) => seen.workerLog.push(text) });
  // Enough data that the backup runs long enough (rate-limited) to be sampled many times.
  await pgbenchInit(source(), 2);
}, 180_000);

afterAll(async () => {
  redis?.disconnect();
  if (restored) await destroyInstance({ ...restored, bins: testBinaries(), osUser: await testServerUser() }).catch(() => undefined);
});

describe("secrets", () => {
  it("stay out of Redis, logs, API responses, the process list and files after a full scenario", async () => {
    const c = source();
    const repo = await createTestRepository(cat.db);

    // 1. Add the cluster with its password (refused once for another field: the refusal must not echo it).
    const refused = await api(clustersApi.POST, { method: "POST", path: "/api/v1/clusters", body: { name: uniqueName("secrets"), host: "db:5432", port: c.port, username: c.superuser, password: SECRETS.clusterPassword } });
    expect(refused.status).toBe(400);
    const created = await api(clustersApi.POST, {
      method: "POST",
      path: "/api/v1/clusters",
      body: { name: uniqueName("secrets"), host: c.host, port: c.port, username: c.superuser, password: SECRETS.clusterPassword, sslmode: "disable", repositoryId: repo.id, walMode: "streaming", backupMaxRateKb: 8192 },
    });
    expect(created.status).toBe(201);
    clusterId = created.json.cluster.id;
    expect(created.json.cluster.hasPassword).toBe(true);
    await snapshotRedis();
    await waitForJob(cat.db, created.json.job.id, (j) => j.status === "succeeded", 60_000);
    await until("the receiver to stream", () => cat.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r));

    // 2. Back up, sampling the process list all along.
    const stopSampling = sampleProcesses();
    const backup = await api(backupsApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/backups`, params: { id: clusterId } });
    expect(backup.status).toBe(202);
    await snapshotRedis();
    await waitForJob(cat.db, backup.json.job.id, (j) => j.status === "running" && j.phase !== null, 60_000);
    await snapshotRedis();
    const backedUp = await waitForJob(cat.db, backup.json.job.id, (j) => j.status === "succeeded" || j.status === "failed", 120_000);
    expect(backedUp.error).toBeNull();

    // 3. A restore point, its WAL archived, and a restore to it.
    await c.query("CREATE TABLE kept AS SELECT g AS id FROM generate_series(1, 100) g");
    const point = await api(restorePointsApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/restore-points`, params: { id: clusterId }, body: { name: "before-secrets" } });
    expect(point.status).toBe(201);
    await archivedThroughCurrent(cat.db, c, clusterId);
    const restore = await api(restoresApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/restores`, params: { id: clusterId }, body: { target: { kind: "name", name: "before-secrets" } } });
    expect(restore.status).toBe(202);
    restored = { dataDir: restore.json.restore.dataDir, port: restore.json.restore.port };
    await snapshotRedis();
    const restoreJob = await waitForJob(cat.db, restore.json.restore.job.id, (j) => j.status === "succeeded" || j.status === "failed", 180_000);
    expect(restoreJob.error).toBeNull();

    // The other PostgreSQL tools: pg_dump and pg_restore (a logical dump restored into a new
    // database), and a restore drill (a throwaway copy checked against production).
    const dump = await api(dumpsApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/dumps`, params: { id: clusterId }, body: { database: "postgres" } });
    expect(dump.status).toBe(202);
    await snapshotRedis();
    expect((await waitForJob(cat.db, dump.json.dump.job.id, (j) => j.status === "succeeded" || j.status === "failed", 120_000)).error).toBeNull();
    const dumpRestore = await api(dumpRestoresApi.POST, { method: "POST", path: `/api/v1/dumps/${dump.json.dump.id}/restores`, params: { id: dump.json.dump.id }, body: { targetClusterId: clusterId, targetDatabase: "restored_dump" } });
    expect(dumpRestore.status).toBe(202);
    expect((await waitForJob(cat.db, dumpRestore.json.restore.job.id, (j) => j.status === "succeeded" || j.status === "failed", 120_000)).error).toBeNull();
    const drill = await api(drillsApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/drills`, params: { id: clusterId }, body: { target: "restore_point" } });
    expect(drill.status).toBe(202);
    await snapshotRedis();
    expect((await waitForJob(cat.db, drill.json.drill.job.id, (j) => j.status === "succeeded" || j.status === "failed", 180_000)).error).toBeNull();
    await stopSampling();
    for (const name of ["postgresql.auto.conf", "postgresql.conf", "pg_hba.conf"]) {
      seen.files.push(await fs.readFile(path.join(restored.dataDir, name), "utf8").catch(() => ""));
    }

    // 4. A webhook (failing once, so errors are logged too) and an SMTP channel, each sent a test.
    const badUrl = await api(channelsApi.POST, { method: "POST", path: "/api/v1/notification-channels", body: { kind: "webhook", name: uniqueName("hook"), url: `ftp://127.0.0.1/services/${SECRETS.webhookToken}`, format: "json", severities: ["critical"] } });
    expect(badUrl.status).toBe(400);
    hook.failNext(500);
    const webhook = await api(channelsApi.POST, { method: "POST", path: "/api/v1/notification-channels", body: { kind: "webhook", name: uniqueName("hook"), url: hook.url(`/services/${SECRETS.webhookToken}`), format: "json", severities: ["critical"] } });
    const email = await api(channelsApi.POST, {
      method: "POST",
      path: "/api/v1/notification-channels",
      body: { kind: "email", name: uniqueName("mail"), host: "127.0.0.1", port: smtp.port(), security: "none", username: "wayback", password: SECRETS.smtpPassword, from: "wayback@example.com", to: ["dba@example.com"], severities: ["critical"] },
    });
    expect([webhook.status, email.status]).toEqual([201, 201]);
    for (const channel of [webhook.json.channel, email.json.channel]) {
      const sent = await api(channelTestApi.POST, { method: "POST", path: `/api/v1/notification-channels/${channel.id}/test`, params: { id: channel.id } });
      expect(sent.status).toBe(202);
      await snapshotRedis();
      await until(`the test to ${channel.kind} to be sent`, async () => (await cat.db.notificationDelivery.findUnique({ where: { id: sent.json.delivery.id } }))?.status === "sent");
    }
    // The secrets did work where they belong.
    expect(hook.received.map((r) => r.path)).toContain(`/services/${SECRETS.webhookToken}`);
    expect(smtp.mails.length).toBeGreaterThan(0);

    // 5. Every GET route of the API, with the ids this scenario made.
    for (const res of await getEveryRoute({
      clusters: clusterId,
      backups: (await cat.db.backup.findFirstOrThrow({ where: { clusterId } })).id,
      restores: restore.json.restore.id,
      jobs: backup.json.job.id,
      "notification-channels": webhook.json.channel.id,
      repositories: repo.id,
    })) {
      expect(res.status, res.path).toBeLessThan(500);
    }

    // 6. The scans.
    await snapshotRedis();
    const catalog = await catalogAsText();
    // Password files of processes that ended are gone; a live one's (the receiver's) is private to its user.
    const pgpassLeft = (await fs.readdir(os.tmpdir())).filter((n) => n.startsWith("wayback-pgpass-"));
    for (const dir of pgpassLeft) {
      const pid = Number(dir.split("-")[2]);
      expect(processAlive(pid), `${dir} belongs to a live process`).toBe(true);
      for (const f of await fs.readdir(path.join(os.tmpdir(), dir)).catch(() => [])) {
        expect((await fs.stat(path.join(os.tmpdir(), dir, f))).mode & 0o077, `${dir}/${f} is 0600`).toBe(0);
      }
    }

    expect(seen.workerLog.join("").length, "the worker logged").toBeGreaterThan(0);
    expect(seen.redis.length, "Redis held keys").toBeGreaterThan(0);
    expect(seen.processes.size, "processes were sampled").toBeGreaterThan(50);
    expect([...seen.processes].some((p) => p.includes("pg_basebackup")), "pg_basebackup was seen running").toBe(true);
    expect([...seen.processes].some((p) => p.includes("pg_receivewal")), "pg_receivewal was seen running").toBe(true);
    expect([...seen.processes].some((p) => p.includes("pg_dump")), "pg_dump was seen running").toBe(true);
    expect(leaks(catalog), "catalog rows").toEqual([]);
    expect(leaks(seen.redis), "Redis").toEqual([]);
    expect(leaks(seen.workerLog), "worker log").toEqual([]);
    expect(leaks(web.logs), "web log").toEqual([]);
    expect(leaks(seen.api), "API responses").toEqual([]);
    expect(leaks(seen.processes), "process list").toEqual([]);
    expect(leaks(seen.files), "restored copy's configuration").toEqual([]);
  });
});

/** GET on every /api/v1 route file, its [id] filled with this scenario's id for that resource. */
async function getEveryRoute(ids: Record<string, string>): Promise<{ path: string; status: number }[]> {
  const root = path.resolve(import.meta.dirname, "../../app/api/v1");
  const files = (await fs.readdir(root, { recursive: true })).filter((f) => f.endsWith("route.ts"));
  const results: { path: string; status: number }[] = [];
  for (const file of files.sort()) {
    const mod = (await import(path.join(root, file))) as { GET?: Parameters<typeof web.call>[0] };
    if (!mod.GET) continue;
    const parts = path.dirname(file).split(path.sep).filter((p) => p !== ".");
    const resource = parts[parts.indexOf("[id]") - 1] ?? "";
    const id = ids[resource] ?? "00000000-0000-4000-8000-000000000000";
    const urlPath = `/api/v1/${parts.map((p) => (p === "[id]" ? id : p)).join("/")}`;
    const res = await api(mod.GET, { path: urlPath, params: parts.includes("[id]") ? { id } : {} });
    results.push({ path: urlPath, status: res.status });
  }
  return results;
}

/** Every row of every catalog table, as PostgreSQL prints it. */
async function catalogAsText(): Promise<string[]> {
  const tables = await cat.db.$queryRaw<{ name: string }[]>`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = await cat.db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM ${name} t`);
    out.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return out;
}
