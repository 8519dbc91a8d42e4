import type { Db } from "@/lib/db/client";
import { destroyInstance, type InstanceSpec } from "@/lib/pg/instance";

/**
 * Drills of a cluster left `running` by a worker that died: their throwaway copy (still running,
 * perhaps) is stopped and removed, and the drill is failed. Only one drill of a cluster runs at a
 * time, so any running row but the current job's is such a leftover. Returns the drills swept.
 */
export async function sweepStaleDrills(
  db: Db,
  opts: { clusterId: string; exceptJobId: string; instance: Omit<InstanceSpec, "dataDir" | "port"> },
): Promise<string[]> {
  const stale = await db.drill.findMany({
    where: {
      clusterId: opts.clusterId,
      status: { in: ["queued", "running"] },
      OR: [{ jobId: null }, { jobId: { not: opts.exceptJobId } }],
    },
  });
  for (const d of stale) {
    if (d.dataDir && d.port) await destroyInstance({ ...opts.instance, dataDir: d.dataDir, port: d.port });
    await db.drill.update({
      where: { id: d.id },
      data: {
        status: "failed",
        finishedAt: new Date(),
        cleanedUpAt: new Date(),
        error: "The drill was interrupted (its worker stopped); its copy was removed by the next drill.",
      },
    });
  }
  return stale.map((d) => d.id);
}
