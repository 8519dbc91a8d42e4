import type { Db, DbClient } from "@/lib/db/client";
import { median, type HostMeasurements } from "@/lib/domain/restore-estimate";

/** Enough recent jobs for a steady median; old ones may have run on other hardware. */
const RECENT = 20;

/**
 * What this installation's recent jobs measured, on any cluster, for the restore estimate
 * (lib/domain/restore-estimate.ts): complete backups' copy and verify phase timings with their
 * database size, and finished restores' base, replay and whole durations. Jobs do not record which
 * host ran them, so this is the installation's figure, not one worker's.
 */
export async function measuredSpeeds(db: Db): Promise<HostMeasurements> {
  const [backups, restores] = await Promise.all([
    db.backup.findMany({
      where: { status: "complete", databaseSizeBytes: { gt: 0 }, OR: [{ verifyMs: { gt: 0 } }, { copyMs: { gt: 0 } }] },
      orderBy: { finishedAt: "desc" },
      take: RECENT,
      select: { databaseSizeBytes: true, copyMs: true, verifyMs: true },
    }),
    db.restore.findMany({
      where: {
        status: "complete",
        baseMs: { not: null },
        replayMs: { not: null },
        finishedAt: { not: null },
        job: { startedAt: { not: null } },
      },
      orderBy: { finishedAt: "desc" },
      take: RECENT,
      select: { baseMs: true, replayMs: true, walBytes: true, finishedAt: true, job: { select: { startedAt: true } } },
    }),
  ]);
  return {
    backups: backups.map((b) => ({ databaseBytes: Number(b.databaseSizeBytes), copyMs: b.copyMs, verifyMs: b.verifyMs })),
    restores: restores.map((r) => ({
      totalMs: r.finishedAt!.getTime() - r.job!.startedAt!.getTime(),
      baseMs: r.baseMs!,
      replayMs: r.replayMs!,
      walBytes: Number(r.walBytes ?? 0),
    })),
  };
}

/**
 * How fast each repository was read: the base of recent restores and drills that read it (stored
 * bytes over the "restore base" time: the repository read, decompressed and written out, the same
 * work whichever repository serves). Rows from before copies name no repository: they read the
 * backup's own. The median of the newest RECENT per repository; a repository absent: never measured.
 */
export async function repositoryReadRates(
  db: DbClient,
  repositoryIds: string[],
): Promise<Map<string, { bytesPerSecond: number; samples: number }>> {
  const measured = { baseMs: { gt: 0 }, baseBytes: { gt: 0 } };
  const read = { OR: [{ repositoryId: { in: repositoryIds } }, { repositoryId: null, backup: { repositoryId: { in: repositoryIds } } }] };
  const select = { baseMs: true, baseBytes: true, repositoryId: true, backup: { select: { repositoryId: true } } } as const;
  const [restores, drills] = await Promise.all([
    db.restore.findMany({ where: { ...measured, ...read }, orderBy: { createdAt: "desc" }, take: RECENT * repositoryIds.length, select }),
    db.drill.findMany({ where: { ...measured, ...read }, orderBy: { createdAt: "desc" }, take: RECENT * repositoryIds.length, select }),
  ]);
  const rates = new Map<string, number[]>();
  for (const r of [...restores, ...drills]) {
    const id = r.repositoryId ?? r.backup?.repositoryId;
    if (!id) continue;
    const list = rates.get(id) ?? [];
    if (list.length < RECENT) list.push((Number(r.baseBytes) * 1000) / r.baseMs!);
    rates.set(id, list);
  }
  return new Map([...rates].map(([id, list]) => [id, { bytesPerSecond: median(list)!, samples: list.length }]));
}
