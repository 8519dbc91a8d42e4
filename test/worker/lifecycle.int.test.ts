import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { useCatalog } from "@/test/harness/catalog";
import { useTestCluster } from "@/test/harness/cluster";
import { useWorkerProcesses } from "@/test/harness/worker-process";
import { waitForJob } from "@/test/harness/worker";
import { registerTestCluster } from "@/test/harness/registered-cluster";

const cat = useCatalog();
const target = useTestCluster();
const keyHex = randomBytes(32).toString("hex");
const { start: startWorkerProcess, queue } = useWorkerProcesses(cat, keyHex);

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
}

describe("worker job lifecycle", () => {
  it("a worker killed with SIGKILL mid-job leaves the job retried by the next worker, not running forever", async () => {
    const c = target();
    const clusterId = await registerTestCluster(cat.db, { secretKey: Buffer.from(keyHex, "hex"), source: c, name: "killed" });
    // A frozen server accepts the TCP connection and never answers: the check hangs, like a
    // server stuck behind a dead network path, until we kill the worker.
    const pid = await postmasterPid(c.dataDir);
    process.kill(pid, "SIGSTOP");
    try {
      const first = startWorkerProcess();
      const job = await enqueueJob(cat.db, queue, "cluster.check", { clusterId });
      const running = await waitForJob(cat.db, job.id, (j) => j.status === "running");
      expect(running.attempts).toBe(1);

      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      process.kill(pid, "SIGCONT");

      startWorkerProcess();
      const retried = await waitForJob(cat.db, job.id, (j) => j.attempts >= 2 && j.status !== "running");
      const done =
        retried.status === "succeeded"
          ? retried
          : await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
      expect(done.status).toBe("succeeded");
      expect(done.attempts).toBe(2);
      expect(done.finishedAt).not.toBeNull();
      const check = await cat.db.clusterCheck.findUnique({ where: { jobId: job.id } });
      expect(check?.reachable).toBe(true);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  });

  it("records a finished job with its timings and a single attempt", async () => {
    const c = target();
    startWorkerProcess();
    const clusterId = await registerTestCluster(cat.db, { secretKey: Buffer.from(keyHex, "hex"), source: c, name: "timed" });
    const job = await enqueueJob(cat.db, queue, "cluster.check", { clusterId });
    expect(job.status).toBe("queued");
    const done = await waitForJob(cat.db, job.id, (j) => j.status === "succeeded" || j.status === "failed");
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, error: null, phase: "done" });
    expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(done.queuedAt.getTime());
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(done.startedAt!.getTime());
  });
});
