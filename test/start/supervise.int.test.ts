import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createCluster } from "@/lib/clusters/create-cluster";
import type { RestartPolicy } from "@/lib/domain/restart-backoff";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { processAlive } from "@/lib/pg/os-user";
import { useCatalog, uniqueName } from "@/test/harness/catalog";
import { until } from "@/test/harness/until";
import { waitForJob, workerEnv } from "@/test/harness/worker";

const root = path.resolve(import.meta.dirname, "../..");
const cat = useCatalog();
const keyHex = randomBytes(32).toString("hex");
const env = workerEnv(cat, keyHex);
const redis = createRedis(cat.redisUrl, "producer");
const queue = openQueue(QUEUE_NAME, redis, env.WAYBACK_QUEUE_PREFIX!);
const quick: RestartPolicy = { initialMs: 200, maxMs: 1_000, stableMs: 60_000 };
const idle = { name: "idle", command: process.execPath, args: ["-e", "setInterval(() => {}, 1e6)"], policy: quick };
const realWorker = {
  name: "worker",
  command: process.execPath,
  args: ["--import", "tsx", path.join(root, "worker", "main.ts")],
  policy: quick,
};

const started: { child: ChildProcess; output: () => string }[] = [];
afterEach(() => {
  for (const s of started.splice(0)) if (s.child.exitCode === null) s.child.kill("SIGKILL");
});
afterAll(async () => {
  await queue.close();
  redis.disconnect();
});

/** The supervisor of scripts/lib/supervise.ts in a process of its own, so it can be signalled like `npm start`. */
function startSupervisor(programs: { name: string; command: string; args: string[]; policy: RestartPolicy }[]) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "fixtures", "supervisor.ts"), JSON.stringify(programs)],
    {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let text = "";
  for (const stream of [child.stdout, child.stderr]) stream.setEncoding("utf8").on("data", (t: string) => (text += t));
  const s = { child, output: () => text };
  started.push(s);
  return s;
}

const pidsOf = (output: string, name: string) =>
  [...output.matchAll(new RegExp(`wayback: ${name} running \\(pid (\\d+)\\)`, "g"))].map((m) => Number(m[1]));
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

describe("npm start's supervisor", () => {
  it("starts a worker killed with SIGKILL again, keeps the others up, and a SIGINT stops them all", async () => {
    const sup = startSupervisor([realWorker, idle]);
    const firstWorker = await until("the worker to run", async () => pidsOf(sup.output(), "worker")[0]);
    const idlePid = await until("the idle program to run", async () => pidsOf(sup.output(), "idle")[0]);

    process.kill(firstWorker, "SIGKILL");
    await until("the worker's restart to be announced", async () =>
      sup.output().includes("wayback: worker exited (signal SIGKILL); restarting in 0.2 s (restart 1)"),
    );
    const secondWorker = await until("a second worker", async () => pidsOf(sup.output(), "worker")[1]);
    expect(secondWorker).not.toBe(firstWorker);
    expect(processAlive(idlePid)).toBe(true);

    // The restarted worker really works: it takes a job queued after the first one died.
    const { id: clusterId } = await createCluster(cat.db, {
      input: { name: uniqueName("supervised"), host: "127.0.0.1", port: 1, username: "nobody", password: "x", sslmode: "disable" },
      secretKey: Buffer.from(keyHex, "hex"),
    });
    const job = await enqueueJob(cat.db, queue, "cluster.check", { clusterId });
    await waitForJob(cat.db, job.id, (j) => j.attempts >= 1);

    sup.child.kill("SIGINT");
    await exited(sup.child);
    expect(sup.child.exitCode).toBe(0);
    expect(processAlive(secondWorker)).toBe(false);
    expect(processAlive(idlePid)).toBe(false);
  });

  it("doubles the delay for exits in a row up to the cap, and a SIGTERM during a pending restart stops everything at once", async () => {
    const exit3 = [process.execPath, "-e", "process.exit(3)"] as const;
    const fast = { name: "fast", command: exit3[0], args: exit3.slice(1), policy: { initialMs: 100, maxMs: 400, stableMs: 60_000 } };
    const slow = {
      name: "slow",
      command: exit3[0],
      args: exit3.slice(1),
      policy: { initialMs: 600_000, maxMs: 600_000, stableMs: 60_000 },
    };
    const sup = startSupervisor([fast, slow, idle]);
    for (const [n, delay] of [
      [1, "0.1 s"],
      [2, "0.2 s"],
      [3, "0.4 s"],
      [4, "0.4 s"],
    ] as const) {
      await until(`restart ${n}`, async () =>
        sup.output().includes(`wayback: fast exited (code 3); restarting in ${delay} (restart ${n})`),
      );
    }
    await until("the slow one's restart planned in 10 minutes", async () =>
      sup.output().includes("wayback: slow exited (code 3); restarting in 600 s (restart 1)"),
    );
    const idlePid = pidsOf(sup.output(), "idle")[0]!;

    sup.child.kill("SIGTERM");
    // Had the pending restart kept the supervisor alive, this would wait 10 minutes and time out.
    await until("the supervisor to exit", async () => sup.child.exitCode !== null, 30_000);
    expect(sup.child.exitCode).toBe(0);
    expect(processAlive(idlePid)).toBe(false);
    expect(pidsOf(sup.output(), "slow")).toHaveLength(1);
  });
});
