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

const holder = globalThis as unknown as { __waybackApp?: AppContext };

export function appContext(): AppContext {
  if (!holder.__waybackApp) {
    const cfg = config();
    holder.__waybackApp = {
      config: cfg,
      db: createDb(cfg.databaseUrl),
      queue: openQueue(QUEUE_NAME, createRedis(cfg.redisUrl, "producer"), cfg.queuePrefix),
    };
  }
  return holder.__waybackApp;
}
