import type { Db } from "@/lib/db/client";
import { chooseWorkerHost } from "@/lib/domain/worker-host";
import { AppError } from "@/lib/errors/app-error";
import { liveHosts } from "@/lib/workers/read-workers";

/**
 * The worker host a job with a local instance goes to: the one asked for, which must have a live
 * worker (the form offers only those); else the host its repository's files already bind it to
 * (`bound`); else `preferred` while it has a live worker, else the least busy live host
 * (lib/domain/worker-host.ts).
 */
export async function pickWorkerHost(
  db: Db,
  opts: { queuePrefix: string; bound?: string | null; preferred?: string; requested?: string; field?: string },
): Promise<string | null> {
  const live = await liveHosts(db, opts.queuePrefix);
  if (opts.requested !== undefined) {
    if (live.some((h) => h.host === opts.requested)) return opts.requested;
    const hosts = live.map((h) => h.host).join(", ") || "none";
    throw new AppError("validation_failed", `No worker is running on ${opts.requested}.`, {
      [opts.field ?? "workerHost"]: [`Choose a worker host with a live worker (now: ${hosts}).`],
    });
  }
  return opts.bound ?? chooseWorkerHost(live, opts.preferred);
}
