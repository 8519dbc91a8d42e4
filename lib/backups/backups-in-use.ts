import type { DbClient } from "@/lib/db/client";

const ACTIVE_RESTORE = ["queued", "running", "paused"] as const;
const ACTIVE_DRILL = ["queued", "running"] as const;

/**
 * What restores, drills and the running copy job of a cluster are using right now: backup id →
 * who. A drill that has not chosen its backup yet holds every backup (`hold`), since it may pick
 * any of them. A backup copy left "copying" by a dead job holds nothing: only a running copy job reads.
 */
export async function backupsInUse(db: DbClient, clusterId: string): Promise<{ inUse: Map<string, string>; hold: string | null }> {
  const [restores, drills, copying, copyRunning, tableRestores] = await Promise.all([
    db.restore.findMany({ where: { clusterId, status: { in: [...ACTIVE_RESTORE] } }, select: { id: true, backupId: true } }),
    db.drill.findMany({ where: { clusterId, status: { in: [...ACTIVE_DRILL] } }, select: { id: true, backupId: true } }),
    db.backupCopy.findMany({ where: { status: "copying", backup: { clusterId } }, select: { backupId: true, repositoryId: true } }),
    db.job.count({ where: { clusterId, type: "copy", status: "running" } }),
    db.tableRestore.findMany({ where: { clusterId, status: { in: [...ACTIVE_RESTORE] } }, select: { id: true, backupId: true } }),
  ]);
  const inUse = new Map<string, string>();
  for (const r of restores) if (r.backupId) inUse.set(r.backupId, `restore ${r.id.slice(0, 8)}`);
  for (const d of drills) if (d.backupId) inUse.set(d.backupId, `drill ${d.id.slice(0, 8)}`);
  for (const t of tableRestores) if (t.backupId) inUse.set(t.backupId, `table restore ${t.id.slice(0, 8)}`);
  if (copyRunning > 0) for (const c of copying) inUse.set(c.backupId, `copy to repository ${c.repositoryId.slice(0, 8)}`);
  const choosing = drills.find((d) => d.backupId === null);
  return { inUse, hold: choosing ? `Drill ${choosing.id.slice(0, 8)} is choosing its backup: retention waits for it.` : null };
}
