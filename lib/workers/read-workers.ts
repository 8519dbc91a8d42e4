import type { Db } from "@/lib/db/client";
import type { Worker } from "@/lib/db/generated/client";
import type { HostLoad } from "@/lib/domain/worker-host";
import { workerState, type WorkerState } from "@/lib/domain/worker-liveness";

export type WorkerRow = Worker & { state: WorkerState };

/**
 * This installation's workers (by queue prefix), each with its state by the pure rule of
 * lib/domain/worker-liveness.ts, judged on the catalog's clock.
 */
export async function readWorkers(db: Db, queuePrefix: string): Promise<WorkerRow[]> {
  const [[{ now }], rows] = await Promise.all([
    db.$queryRaw<[{ now: Date }]>`SELECT now() AS now`,
    db.worker.findMany({ where: { queuePrefix }, orderBy: [{ host: "asc" }, { startedAt: "asc" }] }),
  ]);
  return rows.map((w) => ({ ...w, state: workerState(w, now) }));
}

export async function liveWorkers(db: Db, queuePrefix: string): Promise<WorkerRow[]> {
  return (await readWorkers(db, queuePrefix)).filter((w) => w.state === "live");
}

/** Every host with a live worker, and how many jobs its workers run (for choosing one). */
export async function liveHosts(db: Db, queuePrefix: string): Promise<HostLoad[]> {
  const byHost = new Map<string, number>();
  for (const w of await liveWorkers(db, queuePrefix)) byHost.set(w.host, (byHost.get(w.host) ?? 0) + w.runningJobIds.length);
  return [...byHost].map(([host, runningJobs]) => ({ host, runningJobs }));
}
