import { z } from "zod";

/**
 * A worker host's name (WAYBACK_WORKER_HOST, a posix repository's host, a restore's destination).
 * It becomes part of a BullMQ queue name (`wayback@<host>`) and a Redis key, so only a hostname's
 * characters are allowed: BullMQ refuses ":" in a queue name, and Redis Cluster reads "{…}" as a
 * hash tag.
 */
export const workerHostSchema = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/,
    "A worker host is a hostname: letters, digits, '.', '-' and '_', starting and ending with a letter or digit.",
  );

/** A live worker host and how many jobs its workers are running. */
export interface HostLoad {
  host: string;
  runningJobs: number;
}

/**
 * Where a job that needs some worker host (a drill's copy, a restore whose form left the host
 * out) goes: the preferred host while a worker lives there, else the least busy live host (then
 * by name), else the preferred one anyway — the job waits for it and says so. With no preference
 * and no live worker: null, any worker that comes.
 */
export function chooseWorkerHost(live: HostLoad[], preferred: string | undefined): string | null {
  if (live.some((h) => h.host === preferred)) return preferred!;
  const [first] = [...live].sort((a, b) => a.runningJobs - b.runningJobs || a.host.localeCompare(b.host));
  return first?.host ?? preferred ?? null;
}
