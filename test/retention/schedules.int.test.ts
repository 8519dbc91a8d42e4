import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { createCluster } from "@/lib/clusters/create-cluster";
import { logger } from "@/lib/log";
import { testPolicyInput } from "@/test/harness/policy";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { schedulerId } from "@/lib/schedules/sync-schedules";
import { createWorker, type WorkerProcess } from "@/worker/create-worker";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { workerEnv } from "@/test/harness/worker";

// Schedules run through BullMQ's job schedulers; this test stops and starts the worker itself.
const cat = useCatalog();
const cfg = parseConfig(workerEnv(cat, randomBytes(32).toString("hex")));
logger.level = cfg.logLevel;
let queue: Queue;
let worker: WorkerProcess | null = null;
let clusterId: string;
// The worker's clock runs ten minutes ahead: a tick it runs is "late", as after a worker outage.
const AHEAD_MS = 10 * 60_000;

const startWorker = async () => {
  worker = createWorker(cfg, cat.db, { now: () => new Date(Date.now() + AHEAD_MS) });
  await Promise.all(worker.workers.map((w) => w.waitUntilReady()));
};

beforeAll(async () => {
  queue = openQueue(QUEUE_NAME, createRedis(cfg.redisUrl, "producer"), cfg.queuePrefix);
  const repo = await createTestRepository(cat.db);
  ({ id: clusterId } = await createCluster(cat.db, {
    input: {
      name: uniqueName("scheduled"),
      host: "127.0.0.1",
      port: 1,
      username: "nobody",
      password: "",
      sslmode: "disable",
      repositoryId: repo.id,
      walMode: "archive_command",
    },
    secretKey: cfg.secretKey,
  }));
});

afterAll(async () => {
  await worker?.close();
  await queue.close();
});

describe("policy schedules", () => {
  it("runs a tick missed while no worker ran once when the worker comes back, records the miss, and stops when the policy drops the schedule", async () => {
    const input = testPolicyInput("often");
    const policy = await savePolicy(cat.db, queue, { input });
    // Every 2 seconds (BullMQ accepts a seconds field; the form does not, so the row is set directly).
    await cat.db.policy.update({ where: { id: policy.id }, data: { retentionCron: "*/2 * * * * *" } });
    await assignPolicy(cat.db, queue, { clusterId, policyId: policy.id });
    expect((await queue.getJobScheduler(schedulerId(clusterId, "retention")))?.pattern).toBe("*/2 * * * * *");
    expect(await queue.getJobScheduler(schedulerId(clusterId, "backup"))).toBeUndefined();

    // No worker while ticks fall due: the scheduler's pending tick is two periods overdue, so three were missed.
    await until("three ticks to fall due with no worker", async () => {
      const next = (await queue.getJobScheduler(schedulerId(clusterId, "retention")))?.next;
      return next !== undefined && next + 2 * 2_000 <= Date.now();
    });
    const back = new Date();
    await startWorker();
    const first = await until("the overdue tick to run", () =>
      cat.db.scheduledRun.findFirst({ where: { clusterId, kind: "retention" }, orderBy: { ranAt: "asc" } }),
    );
    expect(first.outcome).toBe("started");
    expect(first.missed).toBeGreaterThan(0);
    const job = await until("its retention job to finish", () =>
      cat.db.job.findFirst({ where: { id: first.jobId!, status: { in: ["succeeded", "failed"] } } }),
    );
    expect(job.status).toBe("succeeded");
    // Once, not once per missed tick: ticks run in order, so once one due after the worker came
    // back has run, every run for a tick due before it is recorded, and there is one.
    await until("a tick due after the worker came back to run", () =>
      cat.db.scheduledRun.findFirst({ where: { clusterId, kind: "retention", dueAt: { gte: back } } }),
    );
    expect(await cat.db.scheduledRun.count({ where: { clusterId, dueAt: { lt: back } } })).toBe(1);

    // Dropping the schedule removes the scheduler and its pending tick at once: nothing is left
    // that could start a run (a tick already being handled may still finish).
    const pendingTicks = async () =>
      (await queue.getJobs(["delayed", "waiting", "prioritized"])).filter((j) => j?.repeatJobKey === schedulerId(clusterId, "retention"));
    await until("the next tick to be pending", async () => (await pendingTicks()).length > 0);
    await savePolicy(cat.db, queue, { id: policy.id, input: { ...input, retentionCron: null } });
    expect(await queue.getJobScheduler(schedulerId(clusterId, "retention"))).toBeUndefined();
    expect(await pendingTicks()).toEqual([]);
  });
});
