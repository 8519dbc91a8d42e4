import type { Db } from "@/lib/db/client";
import type { HostMeasurements } from "@/lib/domain/restore-estimate";

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
