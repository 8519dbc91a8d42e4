import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { requestBackup } from "@/lib/backups/request-backup";
import { getJob } from "@/lib/jobs/find-jobs";
import { hostQueueName } from "@/lib/queue/host-queues";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { listWorkers } from "@/lib/workers/list-workers";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { pgbenchInit } from "@/test/harness/pgbench";
import { registerTestCluster } from "@/test/harness/registered-cluster";
import { createTestRepository } from "@/test/harness/repository";
import { until } from "@/test/harness/until";
import { waitForJob } from "@/test/harness/worker";
import { useWorkerProcesses } from "@/test/harness/worker-process";

// Host names of this file only: other files' workers share the catalog (not the queue prefix).
const tag = randomBytes(3).toString("hex");
const ALPHA = `alpha-${tag}`;
const BETA = `beta-${tag}`;

const cat = useCatalog();
const source = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const prefix = `test-${keyHex.slice(0, 12)}`;
// A longer lock than the harness's 2 s: on a loaded machine a live worker must not look stalled.
const workers = useWorkerProcesses(cat, keyHex, { WAYBACK_HEARTBEAT_MS: "2000", WAYBACK_JOB_LOCK_MS: "5000" });

let boundCluster: string;
let freeCluster: string;
beforeAll(async () => {
  const c = source();
  await pgbenchInit(c, 10);
  // A posix repository only alpha reaches, and one on a shared mount.
  const onAlpha = await createTestRepository(cat.db);
  await cat.db.repository.update({ where: { id: onAlpha.id }, data: { workerHost: ALPHA } });
  const shared = await createTestRepository(cat.db);
  const secretKey = Buffer.from(keyHex, "hex");
  boundCluster = await registerTestCluster(cat.db, { secretKey, source: c, name: `bound-${tag}`, repositoryId: onAlpha.id });
  freeCluster = await registerTestCluster(cat.db, { secretKey, source: c, name: `free-${tag}`, repositoryId: shared.id });
});

const attemptHosts = async (jobId: string) => (await getJob(cat.db, jobId)).history.map((a) => a.worker.split(":")[0]);

describe("workers on three hosts' queues, one killed mid-job", () => {
  const procs = new Map<number, { child: ChildProcess; host: string }>();
  const start = (host: string) => {
    const child = workers.start({ host });
    procs.set(child.pid!, { child, host });
    return child;
  };
  // Live rows of these processes (a killed one's row stays live until it misses its beats).
  const liveOf = async (children: ChildProcess[]) => {
    const ws = await listWorkers(cat.db, prefix);
    return children.every((c) => ws.some((w) => w.state === "live" && w.id.split(":")[1] === String(c.pid)));
  };

  it("runs a host-bound job only on its host, and a worker of that host takes it over from a killed one", async () => {
    const three = [start(ALPHA), start(ALPHA), start(BETA)];
    await until("three live workers", () => liveOf(three), 300_000);

    const job = await requestBackup(cat.db, workers.queue, boundCluster);
    expect(job.workerHost).toBe(ALPHA);
    const running = await waitForJob(cat.db, job.id, (j) => j.phase === "copy" || j.phase === "verify" || j.phase === "store");
    expect(running.status).toBe("running");
    const [first] = (await getJob(cat.db, job.id)).history;
    const pid = Number(first!.worker.split(":")[1]);
    const victim = procs.get(pid)!;
    expect(victim.host).toBe(ALPHA);
    victim.child.kill("SIGKILL");
    await new Promise((r) => victim.child.once("exit", r));

    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done).toMatchObject({ status: "succeeded", attempts: 2 });
    // Both attempts on alpha: beta's worker, idle all along, never took it.
    expect(await attemptHosts(job.id)).toEqual([ALPHA, ALPHA]);
    const history = (await getJob(cat.db, job.id)).history;
    expect(history.map((a) => a.outcome)).toEqual(["stalled", "succeeded"]);
    expect(Number(history[1]!.worker.split(":")[1])).not.toBe(pid);

    // The workers list names the three, the killed one gone once it missed its beats.
    const listed = await until(
      "the killed worker to show as gone",
      async () => {
        const ws = (await listWorkers(cat.db, prefix)).filter((w) => w.host === ALPHA || w.host === BETA);
        return ws.some((w) => w.id.startsWith(`${ALPHA}:${pid}:`) && w.state === "gone") ? ws : null;
      },
      60_000,
    );
    expect(listed.map((w) => w.host).sort()).toEqual([ALPHA, ALPHA, BETA]);
    expect(
      listed
        .filter((w) => w.state === "live")
        .map((w) => w.host)
        .sort(),
    ).toEqual([ALPHA, BETA]);
    for (const w of listed.filter((w) => w.state === "live")) {
      expect(w.queues).toEqual(expect.arrayContaining([QUEUE_NAME, hostQueueName(QUEUE_NAME, w.host)]));
      expect(w.version).toMatch(/^\d+\.\d+\.\d+/);
    }
  }, 900_000);

  it("queues a job on a shared mount for any worker; one of another host takes it over when its worker is killed", async () => {
    // One worker per host: whichever runs it is killed, the other finishes it.
    const two = [start(ALPHA), start(BETA)];
    await until("two live workers", () => liveOf(two), 300_000);
    const job = await requestBackup(cat.db, workers.queue, freeCluster);
    expect(job.workerHost).toBeNull();
    await waitForJob(cat.db, job.id, (j) => j.phase === "copy" || j.phase === "verify" || j.phase === "store");
    const pid = Number((await getJob(cat.db, job.id)).history[0]!.worker.split(":")[1]);
    const victim = procs.get(pid)!;
    victim.child.kill("SIGKILL");
    await new Promise((r) => victim.child.once("exit", r));
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done).toMatchObject({ status: "succeeded", attempts: 2 });
    const [firstHost, secondHost] = await attemptHosts(job.id);
    expect(firstHost).toBe(victim.host);
    expect(secondHost).toBe(victim.host === ALPHA ? BETA : ALPHA);
  }, 900_000);
});
