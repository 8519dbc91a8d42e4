// Secrets never leave the catalog in clear text. A full scenario through the web's route handlers
// and a real worker process (add a cluster with a password, back up, create a restore point,
// restore, dump and restore the dump, run a drill, configure a webhook and an SMTP channel and
// send to both), then every place a secret could leak is scanned for the cluster password, the
// SMTP password and the webhook URL's token: the catalog's rows, every key and value in Redis
// (while jobs are queued and at the end), what the worker process and the web side log, every GET
// response of the API, the command line and environment of every PostgreSQL program the worker
// ran (each run recorded by the program itself, see makeRecordingBinDir: short ones like pg_dump
// are never missed, as a sampler of the process list missed them on a busy machine), the process
// list at known states, the environment of the restored copy's postmaster and of a backend (read
// as its superuser: what a superuser of a copy on our hosts could read), the restored copy's
// configuration files, and password files left in the temporary directory.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { destroyInstance } from "@/lib/pg/instance";
import { processAlive } from "@/lib/pg/os-user";
import { createRedis } from "@/lib/queue/redis";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { testBinaries, testServerUser, useTestCluster } from "@/test/harness/cluster";
import { findProcesses, parseEnviron } from "@/test/harness/processes";
import { makeRecordingBinDir, type RecordedRun } from "@/test/harness/recording-bin-dir";
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
const recorderDir = path.join(os.tmpdir(), `wayback-recorded-${tag}`);
const recordingBinDir = path.join(recorderDir, "bin");
const workers = useWorkerProcesses(cat, keyHex, {
  WAYBACK_SUPERVISE_MS: "500",
  WAYBACK_LOG_LEVEL: "debug",
  WAYBACK_NOTIFY_POLL_MS: "200",
  WAYBACK_NOTIFY_RETRY_MS: "200",
  WAYBACK_PG_BIN_DIR: recordingBinDir,
});
const web = useWeb(cat, () => parseConfig(workerEnv(cat, keyHex)));
const hook = useWebhookReceiver();
const smtp = useSmtpReceiver({ username: "wayback", password: SECRETS.smtpPassword });

/** Everything scanned, by where it was seen. */
const seen = { workerLog: [] as string[], redis: [] as string[], processes: [] as string[], api: [] as string[], files: [] as string[] };
let recordedRuns: () => Promise<RecordedRun[]>;
let workerPid: number;
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
        type === "string"
          ? await redis.get(key)
          : type === "hash"
            ? await redis.hgetall(key)
            : type === "list"
              ? await redis.lrange(key, 0, -1)
              : type === "set"
                ? await redis.smembers(key)
                : type === "zset"
                  ? await redis.zrange(key, "0", "-1")
                  : type === "stream"
                    ? await redis.xrange(key, "-", "+")
                    : null;
      seen.redis.push(`${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== "0");
}

/** Every process's command line and environment now (/proc), taken at a known state of the scenario. */
async function snapshotProcesses(): Promise<void> {
  for (const p of await findProcesses(() => true)) {
    seen.processes.push(p.argv.join(" "));
    seen.processes.push(await fs.readFile(`/proc/${p.pid}/environ`, "latin1").catch(() => ""));
  }
}

/** Names of variables that are ours and must never reach a program or server we start. */
function workerVariables(env: Record<string, string>): string[] {
  return Object.keys(env).filter((k) => k === "DATABASE_URL" || k === "REDIS_URL" || k.startsWith("WAYBACK_"));
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
  const bins = testBinaries();
  recordedRuns = (
    await makeRecordingBinDir(recorderDir, path.dirname(await bins.path("pg_basebackup", { major: (await bins.majors()).at(-1)! })))
  ).runs;
  workerPid = workers.start({ output: (text) => seen.workerLog.push(text) }).pid!;
  // Enough data that the backup runs long enough (rate-limited) to be sampled many times.
  await pgbenchInit(source(), 2);
});

afterAll(async () => {
  redis?.disconnect();
  if (restored) await destroyInstance({ ...restored, bins: testBinaries(), osUser: await testServerUser() }).catch(() => undefined);
  await fs.rm(recorderDir, { recursive: true, force: true });
});

describe("secrets", () => {
  // A backup, a restore, a dump and its restore and a drill: many minutes on a busy machine.
  it("stay out of Redis, logs, API responses, the process list and files after a full scenario", async () => {
    const c = source();
    const repo = await createTestRepository(cat.db);

    // 1. Add the cluster with its password (refused once for another field: the refusal must not echo it).
    const refused = await api(clustersApi.POST, {
      method: "POST",
      path: "/api/v1/clusters",
      body: { name: uniqueName("secrets"), host: "db:5432", port: c.port, username: c.superuser, password: SECRETS.clusterPassword },
    });
    expect(refused.status).toBe(400);
    const created = await api(clustersApi.POST, {
      method: "POST",
      path: "/api/v1/clusters",
      body: {
        name: uniqueName("secrets"),
        host: c.host,
        port: c.port,
        username: c.superuser,
        password: SECRETS.clusterPassword,
        sslmode: "disable",
        repositoryId: repo.id,
        walMode: "streaming",
        backupMaxRateKb: 8192,
      },
    });
    expect(created.status).toBe(201);
    clusterId = created.json.cluster.id;
    expect(created.json.cluster.hasPassword).toBe(true);
    await snapshotRedis();
    await waitForJob(cat.db, created.json.job.id, (j) => j.status === "succeeded");
    await until("the receiver to stream", () =>
      cat.db.walReceiver.findUnique({ where: { clusterId } }).then((r) => r?.state === "streaming" && r),
    );
    await until(
      "pg_receivewal to run",
      async () => (await findProcesses((argv) => argv.some((a) => a.includes(`wayback_${clusterId.replaceAll("-", "")}`)))).length > 0,
    );
    await snapshotProcesses();

    // 2. Back up.
    const backup = await api(backupsApi.POST, { method: "POST", path: `/api/v1/clusters/${clusterId}/backups`, params: { id: clusterId } });
    expect(backup.status).toBe(202);
    await snapshotRedis();
    await waitForJob(cat.db, backup.json.job.id, (j) => j.status === "running" && j.phase !== null);
    await snapshotRedis();
    const backedUp = await waitForJob(cat.db, backup.json.job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(backedUp.error).toBeNull();

    // 3. A restore point, its WAL archived, and a restore to it.
    await c.query("CREATE TABLE kept AS SELECT g AS id FROM generate_series(1, 100) g");
    const point = await api(restorePointsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restore-points`,
      params: { id: clusterId },
      body: { name: "before-secrets" },
    });
    expect(point.status).toBe(201);
    await archivedThroughCurrent(cat.db, c, clusterId);
    const restore = await api(restoresApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/restores`,
      params: { id: clusterId },
      body: { target: { kind: "name", name: "before-secrets" } },
    });
    expect(restore.status).toBe(202);
    restored = { dataDir: restore.json.restore.dataDir, port: restore.json.restore.port };
    await snapshotRedis();
    const restoreJob = await waitForJob(
      cat.db,
      restore.json.restore.job.id,
      (j) => j.status === "succeeded" || j.status === "failed",
      180_000,
    );
    expect(restoreJob.error).toBeNull();
    await snapshotProcesses(); // the restored copy runs
    const copy = await cat.db.restore.findUniqueOrThrow({ where: { id: restore.json.restore.id } });
    restored = { dataDir: copy.dataDir, port: copy.port };
    const copyEnvironments = await serverEnvironments({ port: copy.port, user: c.superuser, password: SECRETS.clusterPassword });

    // The other PostgreSQL tools: pg_dump and pg_restore (a logical dump restored into a new
    // database), and a restore drill (a throwaway copy checked against production).
    const dump = await api(dumpsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/dumps`,
      params: { id: clusterId },
      body: { database: "postgres" },
    });
    expect(dump.status).toBe(202);
    await snapshotRedis();
    expect((await waitForJob(cat.db, dump.json.dump.job.id, (j) => j.status === "succeeded" || j.status === "failed")).error).toBeNull();
    const dumpRestore = await api(dumpRestoresApi.POST, {
      method: "POST",
      path: `/api/v1/dumps/${dump.json.dump.id}/restores`,
      params: { id: dump.json.dump.id },
      body: { targetClusterId: clusterId, targetDatabase: "restored_dump" },
    });
    expect(dumpRestore.status).toBe(202);
    expect(
      (await waitForJob(cat.db, dumpRestore.json.restore.job.id, (j) => j.status === "succeeded" || j.status === "failed")).error,
    ).toBeNull();
    const drill = await api(drillsApi.POST, {
      method: "POST",
      path: `/api/v1/clusters/${clusterId}/drills`,
      params: { id: clusterId },
      body: { target: "restore_point" },
    });
    expect(drill.status).toBe(202);
    await snapshotRedis();
    expect((await waitForJob(cat.db, drill.json.drill.job.id, (j) => j.status === "succeeded" || j.status === "failed")).error).toBeNull();
    for (const name of ["postgresql.auto.conf", "postgresql.conf", "pg_hba.conf"]) {
      seen.files.push(await fs.readFile(path.join(restored.dataDir, name), "utf8").catch(() => ""));
    }

    // 4. A webhook (failing once, so errors are logged too) and an SMTP channel, each sent a test.
    const badUrl = await api(channelsApi.POST, {
      method: "POST",
      path: "/api/v1/notification-channels",
      body: {
        kind: "webhook",
        name: uniqueName("hook"),
        url: `ftp://127.0.0.1/services/${SECRETS.webhookToken}`,
        format: "json",
        severities: ["critical"],
      },
    });
    expect(badUrl.status).toBe(400);
    hook.failNext(500);
    const webhook = await api(channelsApi.POST, {
      method: "POST",
      path: "/api/v1/notification-channels",
      body: {
        kind: "webhook",
        name: uniqueName("hook"),
        url: hook.url(`/services/${SECRETS.webhookToken}`),
        format: "json",
        severities: ["critical"],
      },
    });
    const email = await api(channelsApi.POST, {
      method: "POST",
      path: "/api/v1/notification-channels",
      body: {
        kind: "email",
        name: uniqueName("mail"),
        host: "127.0.0.1",
        port: smtp.port(),
        security: "none",
        username: "wayback",
        password: SECRETS.smtpPassword,
        from: "wayback@example.com",
        to: ["dba@example.com"],
        severities: ["critical"],
      },
    });
    expect([webhook.status, email.status]).toEqual([201, 201]);
    for (const channel of [webhook.json.channel, email.json.channel]) {
      const sent = await api(channelTestApi.POST, {
        method: "POST",
        path: `/api/v1/notification-channels/${channel.id}/test`,
        params: { id: channel.id },
      });
      expect(sent.status).toBe(202);
      await snapshotRedis();
      await until(
        `the test to ${channel.kind} to be sent`,
        async () => (await cat.db.notificationDelivery.findUnique({ where: { id: sent.json.delivery.id } }))?.status === "sent",
      );
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
    // Our worker's password files are those of programs still running (the receiver's), private to
    // its user. (Only ours: the temporary directory is shared with other test files, whose killed
    // workers leave theirs for the next worker's sweep.)
    const pgpassLeft = (await fs.readdir(os.tmpdir())).filter((n) => n.startsWith(`wayback-pgpass-${workerPid}-`));
    expect(pgpassLeft.length, "the receiver's password file").toBeLessThanOrEqual(1);
    for (const dir of pgpassLeft) {
      expect(processAlive(workerPid), `${dir} belongs to a live process`).toBe(true);
      for (const f of await fs.readdir(path.join(os.tmpdir(), dir)).catch(() => [])) {
        expect((await fs.stat(path.join(os.tmpdir(), dir, f))).mode & 0o077, `${dir}/${f} is 0600`).toBe(0);
      }
    }

    expect(seen.workerLog.join("").length, "the worker logged").toBeGreaterThan(0);
    expect(seen.redis.length, "Redis held keys").toBeGreaterThan(0);
    const runs = await recordedRuns();
    const ran = new Set(runs.map((r) => r.program));
    for (const program of ["pg_basebackup", "pg_receivewal", "pg_dump", "pg_restore", "pg_ctl", "pg_amcheck"])
      expect(ran, `${program} ran`).toContain(program);
    // Programs get only the environment they need: none of the worker's variables...
    expect(
      runs.filter((r) => workerVariables(r.env).length > 0).map((r) => `${r.program}: ${workerVariables(r.env).join(", ")}`),
      "worker variables in a program's environment",
    ).toEqual([]);
    // ...and neither do the servers started for a restored copy, as its superuser can read them.
    expect(copyEnvironments.map((e) => `${e.what}: ${workerVariables(e.env).join(", ")}`)).toEqual(["postmaster: ", "backend: "]);
    // (A backend writes its process title over that memory, so only the postmaster's shows PATH.)
    expect("PATH" in copyEnvironments[0]!.env, "the copy's postmaster environment was read").toBe(true);
    for (const r of runs)
      seen.processes.push(
        r.argv.join(" "),
        Object.entries(r.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(" "),
      );
    for (const e of copyEnvironments) seen.processes.push(JSON.stringify(e.env));
    expect(leaks(catalog), "catalog rows").toEqual([]);
    expect(leaks(seen.redis), "Redis").toEqual([]);
    expect(leaks(seen.workerLog), "worker log").toEqual([]);
    expect(leaks(web.logs), "web log").toEqual([]);
    expect(leaks(seen.api), "API responses").toEqual([]);
    expect(leaks(seen.processes), "process list").toEqual([]);
    expect(leaks(seen.files), "restored copy's configuration").toEqual([]);
  }, 600_000);
});

/**
 * The environment of a restored copy's postmaster and of a backend, read through SQL as its
 * superuser (pg_read_binary_file reads any file the server's OS user may read).
 */
async function serverEnvironments(copy: {
  port: number;
  user: string;
  password: string;
}): Promise<{ what: string; env: Record<string, string> }[]> {
  const client = new pg.Client({ host: "127.0.0.1", port: copy.port, user: copy.user, password: copy.password, database: "postgres" });
  await client.connect();
  try {
    const read = async (pid: number) =>
      parseEnviron(
        (await client.query<{ env: Buffer }>("SELECT pg_read_binary_file($1) AS env", [`/proc/${pid}/environ`])).rows[0]!.env.toString(
          "latin1",
        ),
      );
    const postmaster = Number(
      (await client.query<{ pid: string }>("SELECT split_part(pg_read_file('postmaster.pid'), E'\\n', 1) AS pid")).rows[0]!.pid,
    );
    const backend = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    return [
      { what: "postmaster", env: await read(postmaster) },
      { what: "backend", env: await read(backend) },
    ];
  } finally {
    await client.end();
  }
}

/** GET on every /api/v1 route file, its [id] filled with this scenario's id for that resource. */
async function getEveryRoute(ids: Record<string, string>): Promise<{ path: string; status: number }[]> {
  const root = path.resolve(import.meta.dirname, "../../app/api/v1");
  const files = (await fs.readdir(root, { recursive: true })).filter((f) => f.endsWith("route.ts"));
  const results: { path: string; status: number }[] = [];
  for (const file of files.sort()) {
    const mod = (await import(path.join(root, file))) as { GET?: Parameters<typeof web.call>[0] };
    if (!mod.GET) continue;
    const parts = path
      .dirname(file)
      .split(path.sep)
      .filter((p) => p !== ".");
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
  const tables = await cat.db.$queryRaw<
    { name: string }[]
  >`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { name } of tables) {
    const rows = await cat.db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM ${name} t`);
    out.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return out;
}
