import type { Queue } from "bullmq";
import { config, type Config } from "@/lib/config";
import { createDb, type Db } from "@/lib/db/client";
import { QUEUE_NAME } from "@/lib/queue/job-types";
import { createRedis, openQueue } from "@/lib/queue/redis";

/** What the web process's route handlers and pages work with, created once per process. */
export interface AppContext {
  config: Config;
  db: Db;
  queue: Queue;
}

// On globalThis, not in a module variable: one per process even when Next.js loads this module more
// than once, and test harnesses put their own in place (test/harness/web.ts).
declare global {
  var __waybackApp: AppContext | undefined;
}

export function appContext(): AppContext {
  if (!globalThis.__waybackApp) {
    const cfg = config();
    globalThis.__waybackApp = {
      config: cfg,
      db: createDb(cfg.databaseUrl),
      queue: openQueue(QUEUE_NAME, createRedis(cfg.redisUrl, "producer"), cfg.queuePrefix),
    };
  }
  return globalThis.__waybackApp;
}
