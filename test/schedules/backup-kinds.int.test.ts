import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { createCluster } from "@/lib/clusters/create-cluster";
import { AppError } from "@/lib/errors/app-error";
import { assignPolicy } from "@/lib/policies/assign-policy";
import { savePolicy } from "@/lib/policies/save-policy";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { fireSchedule } from "@/lib/schedules/fire-schedule";
import { schedulerId } from "@/lib/schedules/sync-schedules";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { testPolicyInput } from "@/test/harness/policy";
import { createTestRepository } from "@/test/harness/repository";
import { workerEnv } from "@/test/harness/worker";

// Weekly full, daily incremental: each tick enqueues its own kind. No worker runs here: the tick is
// fired as the worker's schedule runner fires it, and the queued backup job is read back.
const cat = useCatalog();
const cfg = parseConfig(workerEnv(cat, randomBytes(32).toString("hex")));
let queue: Queue;
let pgbackrestId: string;
let waybackId: string;

const cluster = async (name: string, fields: Record<string, unknown>) =>
  (
    await createCluster(cat.db, {
      input: { name: uniqueName(name), host: "127.0.0.1", port: 1, username: "nobody", sslmode: "disable", ...fields },
      secretKey: cfg.secretKey,
    })
  ).id;

beforeAll(async () => {
  queue = openQueue(QUEUE_NAME, createRedis(cfg.redisUrl, "producer"), cfg.queuePrefix);
  const repo = await createTestRepository(cat.db);
  pgbackrestId = await cluster("brest", {
    repositoryId: repo.id,
    engine: "pgbackrest",
    walMode: "archive_command",
    localDataDir: "/var/lib/postgresql/16/main",
  });
  waybackId = await cluster("native", { repositoryId: repo.id, walMode: "archive_command" });
});

afterAll(async () => {
  await queue.close();
});

describe("schedules that mix backup kinds", () => {
  const mixed = () => testPolicyInput("weekly-full-daily-incr", { backupCron: "0 1 * * 0", backupIncrCron: "0 1 * * 1-6" });

  it("schedule each kind for a pgBackRest cluster, and a tick enqueues a backup of its kind", async () => {
    const policy = await savePolicy(cat.db, queue, { input: mixed() });
    await assignPolicy(cat.db, queue, { clusterId: pgbackrestId, policyId: policy.id });
    expect((await queue.getJobScheduler(schedulerId(pgbackrestId, "backup")))?.pattern).toBe("0 1 * * 0");
    expect((await queue.getJobScheduler(schedulerId(pgbackrestId, "backup_incr")))?.pattern).toBe("0 1 * * 1-6");
    expect(await queue.getJobScheduler(schedulerId(pgbackrestId, "backup_diff"))).toBeUndefined();

    const now = new Date();
    await fireSchedule(cat.db, queue, { clusterId: pgbackrestId, kind: "backup_incr", dueAt: now, now });
    const run = await cat.db.scheduledRun.findFirstOrThrow({ where: { clusterId: pgbackrestId, kind: "backup_incr" } });
    expect(run.outcome).toBe("started");
    const queued = await queue.getJob(run.jobId!);
    expect(queued?.name).toBe("backup.full");
    expect(queued?.data).toMatchObject({ clusterId: pgbackrestId, kind: "incr" });
    // The job is the cluster's one backup at a time: the full tick meanwhile is recorded skipped, not queued.
    await fireSchedule(cat.db, queue, { clusterId: pgbackrestId, kind: "backup", dueAt: now, now });
    const full = await cat.db.scheduledRun.findFirstOrThrow({ where: { clusterId: pgbackrestId, kind: "backup" } });
    expect(full.outcome).toMatch(/^skipped: A backup of this cluster/);
    await queue.remove(run.jobId!);
  });

  it("are refused for a Wayback-engine cluster, changing nothing", async () => {
    const policy = await savePolicy(cat.db, queue, { input: mixed() });
    const refusal = await assignPolicy(cat.db, queue, { clusterId: waybackId, policyId: policy.id }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toMatch(/need the pgBackRest engine/);
    expect((await cat.db.cluster.findUniqueOrThrow({ where: { id: waybackId } })).policyId).toBeNull();

    // A full-only policy the Wayback cluster follows cannot gain an incremental schedule either.
    const fullOnly = testPolicyInput("full-only", { backupCron: "0 1 * * *" });
    const saved = await savePolicy(cat.db, queue, { input: fullOnly });
    await assignPolicy(cat.db, queue, { clusterId: waybackId, policyId: saved.id });
    const edit = await savePolicy(cat.db, queue, { id: saved.id, input: { ...fullOnly, backupIncrCron: "0 2 * * *" } }).catch(
      (e: unknown) => e,
    );
    expect((edit as AppError).fields).toEqual({ backupIncrCron: [expect.stringMatching(/uses Wayback's own/)] });
    expect((await cat.db.policy.findUniqueOrThrow({ where: { id: saved.id } })).backupIncrCron).toBeNull();
    expect(await queue.getJobScheduler(schedulerId(waybackId, "backup_incr"))).toBeUndefined();
    await assignPolicy(cat.db, queue, { clusterId: waybackId, policyId: null });
  });
});
