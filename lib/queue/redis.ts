import { Redis } from "ioredis";

/**
 * Workers block on Redis and must never give up on a command (BullMQ requires
 * maxRetriesPerRequest: null); producers in the web process should fail fast instead.
 */
export function createRedis(url: string, role: "worker" | "producer"): Redis {
  return new Redis(url, role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}
