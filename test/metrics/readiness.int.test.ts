import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/metrics/check-readiness";
import { freePort } from "@/lib/pg/free-port";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { until } from "@/test/harness/until";
import { markWorkerStopped, recordHeartbeat } from "@/lib/workers/record-heartbeat";
import { useCatalog } from "@/test/harness/catalog";
import { useApp } from "@/test/security/access-app";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const app = useApp();
const cat = useCatalog();
const context = () => globalThis.__waybackApp!;
const cleanup: (() => Promise<unknown>)[] = [];
// A web process's first catalog query also loads Prisma's query compiler, which can take longer
// than a check's 3 s on this loaded machine: the checks are about a warm process.
beforeAll(async () => {
  await app.db.$queryRaw`SELECT 1`;
});
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function get(key: "GET /healthz" | "GET /readyz", caller = {}) {
  const res = await app.call(key, caller);
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe("/healthz and /readyz", () => {
  it("is alive but not ready while no worker consumes the queue", async () => {
    const health = await get("GET /healthz");
    expect(health).toMatchObject({ status: 200, json: { status: "ok" } });
    expect(health.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await get("GET /readyz")).toMatchObject({
      status: 503,
      json: { status: "not ready", checks: { catalog: "pass", migrations: "pass", redis: "pass", worker: "fail" } },
    });
  });

  it("is ready once a worker process beats, and not after it stops", async () => {
    // A worker's heartbeat as worker/heartbeat.ts records it, under this web process's queue prefix.
    const id = `readiness:${process.pid}:${Date.now()}`;
    const queuePrefix = context().config.queuePrefix;
    await recordHeartbeat(cat.db, {
      id,
      queuePrefix,
      host: "readiness",
      version: "0.0.0",
      queues: [QUEUE_NAME],
      concurrency: 1,
      runningJobIds: [],
      heartbeatMs: 60_000,
    });
    const ready = await until("readyz to pass", async () => {
      const r = await get("GET /readyz");
      return r.status === 200 && r;
    });
    expect(ready.json).toEqual({ status: "ready", checks: { catalog: "pass", migrations: "pass", redis: "pass", worker: "pass" } });
    await markWorkerStopped(cat.db, id);
    await until("readyz to fail without the worker", async () => (await get("GET /readyz")).status === 503);
  });

  it("stays alive when the catalog is gone, and says which checks fail — nothing more", async () => {
    const real = context().db;
    const gone = createDb(`postgresql://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    context().db = gone;
    try {
      const viewer = await app.user("viewer");
      // A session cookie would need the catalog to resolve: the probe never looks at it.
      expect(await get("GET /healthz", { cookie: viewer.session })).toMatchObject({ status: 200, json: { status: "ok" } });
      const readyz = await get("GET /readyz");
      expect(readyz.status).toBe(503);
      expect(readyz.json).toEqual({
        status: "not ready",
        checks: { catalog: "fail", migrations: "fail", redis: "pass", worker: "fail" },
      });
    } finally {
      context().db = real;
      await gone.$disconnect();
    }
  });

  it("fails the migrations check when this version has a migration the catalog lacks", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-migrations-"));
    cleanup.push(() => fs.rm(dir, { recursive: true, force: true }));
    await fs.cp(MIGRATIONS_DIR, dir, { recursive: true });
    await fs.mkdir(path.join(dir, "29991231000000_not_applied"));
    await fs.writeFile(path.join(dir, "29991231000000_not_applied", "migration.sql"), "SELECT 1;\n");
    const readiness = await checkReadiness({ db: app.db, queue: context().queue, migrationsDir: dir });
    expect(readiness).toEqual({ ready: false, checks: { catalog: "pass", migrations: "fail", redis: "pass", worker: "fail" } });
  });

  it("fails the Redis and worker checks when Redis does not answer", async () => {
    const redis = createRedis(`redis://127.0.0.1:${await freePort()}`, "producer");
    redis.on("error", () => undefined); // refused on purpose
    const queue = openQueue(QUEUE_NAME, redis, context().config.queuePrefix);
    cleanup.push(async () => {
      await queue.close();
      redis.disconnect();
    });
    const readiness = await checkReadiness({ db: app.db, queue, migrationsDir: MIGRATIONS_DIR });
    expect(readiness).toEqual({ ready: false, checks: { catalog: "pass", migrations: "pass", redis: "fail", worker: "fail" } });
  });
});
