import { Queue } from "bullmq";

/**
 * A worker host's own queue beside a shared one: `wayback@db-backup-2`, `wayback-stream@db-backup-2`
 * (BullMQ refuses ":" in queue names; "@" is safe, and host names are checked by workerHostSchema).
 * Only that host's workers consume it, so only they run its jobs and take them over when one dies.
 */
export function hostQueueName(shared: string, host: string | null): string {
  return host ? `${shared}@${host}` : shared;
}

/** The queues one worker on `host` consumes for a shared queue: the shared one and its host's own. */
export function queuesOfHost(shared: string, host: string): [string, string] {
  return [shared, hostQueueName(shared, host)];
}

// Per producer queue, the handles of the other queues a job may be routed to: same Redis
// connection, same key prefix, opened once.
const siblings = new WeakMap<Queue, Map<string, Queue>>();

/** A handle on queue `name` sharing `queue`'s connection and prefix (`queue` itself when it is that one). */
export function siblingQueue(queue: Queue, name: string): Queue {
  if (queue.name === name) return queue;
  let byName = siblings.get(queue);
  if (!byName) siblings.set(queue, (byName = new Map()));
  let sibling = byName.get(name);
  if (!sibling) byName.set(name, (sibling = new Queue(name, { connection: queue.opts.connection, prefix: queue.opts.prefix })));
  return sibling;
}
