import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { getJob } from "@/lib/jobs/find-jobs";
import { WORKER_STOPPED, markJobRunning, markJobStalled, markJobSucceeded } from "@/lib/jobs/job-record";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { createTestRepository } from "@/test/harness/repository";
import { waitForJob } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const { start: startWorkerProcess, queue } = useWorkerProcesses(cat, keyHex);

let clusterId: string;
beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 10);
  const repo = await createTestRepository(cat.db);
  clusterId = await registerTestCluster(cat.db, {
    secretKey: Buffer.from(keyHex, "hex"),
    source: c,
    name: "history",
    repositoryId: repo.id,
  });
});

describe("a job whose worker is killed and which another worker finishes", () => {
  it("reads succeeded with no error; its history keeps the stalled attempt and why it ended", async () => {
    const first = startWorkerProcess();
    const job = await requestBackup(cat.db, queue, clusterId);
    await waitForJob(cat.db, job.id, (j) => j.phase === "copy" || j.phase === "verify" || j.phase === "store");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const second = startWorkerProcess();
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done).toMatchObject({ status: "succeeded", error: null, attempts: 2 });

    const view = await getJob(cat.db, job.id);
    expect(view).toMatchObject({ status: "succeeded", error: null, attempts: 2 });
    expect(view.history).toEqual([
      {
        attempt: 1,
        worker: `${hostname()}:${first.pid}`,
        startedAt: expect.any(String),
        endedAt: expect.any(String),
        outcome: "stalled",
        error: WORKER_STOPPED,
      },
      {
        attempt: 2,
        worker: `${hostname()}:${second.pid}`,
        startedAt: expect.any(String),
        endedAt: done.finishedAt!.toISOString(),
        outcome: "succeeded",
        error: null,
      },
    ]);
  });
});

describe("the stalled-job check recording a stall", () => {
  const newJob = () => cat.db.job.create({ data: { type: "cluster.check", clusterId } });

  it("leaves the next attempt alone when that attempt started before the stall was recorded", async () => {
    const job = await newJob();
    await markJobRunning(cat.db, job.id, "host-a:1");
    // The check moved the job back to the queue and another worker started it at once; the
    // check's own record of the stall arrives after that start.
    await markJobRunning(cat.db, job.id, "host-b:2");
    await markJobStalled(cat.db, job.id, { error: WORKER_STOPPED, willRetry: true, lockMs: 60_000 });

    const running = await getJob(cat.db, job.id);
    expect(running).toMatchObject({ status: "running", error: null, attempts: 2 });
    expect(running.history.map((a) => [a.attempt, a.worker, a.outcome, a.error])).toEqual([
      [1, "host-a:1", "stalled", WORKER_STOPPED],
      [2, "host-b:2", null, null],
    ]);
    await markJobSucceeded(cat.db, job.id, 2);
    expect(await getJob(cat.db, job.id)).toMatchObject({ status: "succeeded", error: null });
  });

  it("puts the job back as queued, saying why, when no other worker has started it yet", async () => {
    const job = await newJob();
    await markJobRunning(cat.db, job.id, "host-a:1");
    await markJobStalled(cat.db, job.id, { error: WORKER_STOPPED, willRetry: true, lockMs: 0 });
    const queued = await getJob(cat.db, job.id);
    expect(queued).toMatchObject({ status: "queued", error: `${WORKER_STOPPED} (retrying)`, attempts: 1 });
    expect(queued.history.map((a) => a.outcome)).toEqual(["stalled"]);
  });

  it("fails the job past the stall limit", async () => {
    const job = await newJob();
    await markJobRunning(cat.db, job.id, "host-a:1");
    await markJobStalled(cat.db, job.id, { error: `${WORKER_STOPPED}, more often than allowed`, willRetry: false, lockMs: 60_000 });
    const failed = await getJob(cat.db, job.id);
    expect(failed).toMatchObject({ status: "failed", error: `${WORKER_STOPPED}, more often than allowed` });
    expect(failed.finishedAt).not.toBeNull();
  });
});
