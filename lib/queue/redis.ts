import { Queue } from "bullmq";
import { Redis } from "ioredis";

/**
 * Workers block on Redis and must never give up on a command (BullMQ requires
 * maxRetriesPerRequest: null); producers in the web process should fail fast instead.
 */
export function createRedis(url: string, role: "worker" | "producer"): Redis {
  return new Redis(url, role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

/** A queue handle under this installation's key prefix; the caller closes it and its connection. */
export function openQueue(name: string, connection: Redis, prefix: string): Queue {
  return new Queue(name, { connection, prefix });
}
