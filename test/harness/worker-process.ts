import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import type { Queue } from "bullmq";
import { afterAll, afterEach } from "vitest";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";
import { workerEnv } from "@/test/harness/worker";

/**
 * Real worker processes, as `npm start` runs them, for tests that kill one mid-job; with a short
 * lock so a dead worker is noticed fast. Every process still alive after a test is SIGKILLed.
 */
export function useWorkerProcesses(
  cat: { databaseUrl: string; redisUrl: string; cli: { command: string; configFile: string } },
  keyHex: string,
  extraEnv: Record<string, string> = {},
): {
  /** `output` receives everything the process writes to stdout and stderr (its logs); `host` is
   *  its WAYBACK_WORKER_HOST (default: this machine's hostname). */
  start: (opts?: { output?: (text: string) => void; host?: string }) => ChildProcess;
  queue: Queue;
} {
  const env = workerEnv(cat, keyHex, { WAYBACK_JOB_LOCK_MS: "2000", ...extraEnv });
  const redis = createRedis(cat.redisUrl, "producer");
  const queue = openQueue(QUEUE_NAME, redis, env.WAYBACK_QUEUE_PREFIX!);
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await fs.rm(env.WAYBACK_SPOOL_DIR!, { recursive: true, force: true });
  });
  const root = path.resolve(import.meta.dirname, "../..");
  return {
    queue,
    start(opts = {}) {
      // node itself, not the tsx CLI: the CLI runs the script in a child that SIGKILL would not reach.
      const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "worker/main.ts")], {
        cwd: root,
        env: opts.host ? { ...env, WAYBACK_WORKER_HOST: opts.host } : env,
        stdio: ["ignore", opts.output ? "pipe" : "ignore", opts.output ? "pipe" : "ignore"],
      });
      for (const stream of [child.stdout, child.stderr]) stream?.setEncoding("utf8").on("data", (text: string) => opts.output!(text));
      children.push(child);
      return child;
    },
  };
}
