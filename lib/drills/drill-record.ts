import type { Db, DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { DrillCheck } from "@/lib/domain/drill-outcome";
import type { RowComparison } from "@/lib/domain/row-counts";
import { claimBackup } from "@/lib/backups/backup-claim";

/** The catalog row of one drill through its life; each function is one transition or fact. */
export async function markDrillRunning(db: Db, id: string): Promise<void> {
  await db.drill.update({ where: { id }, data: { status: "running", startedAt: new Date(), error: null } });
}

export async function recordDrillFacts(db: DbClient, id: string, facts: Prisma.DrillUpdateInput): Promise<void> {
  await db.drill.update({ where: { id }, data: facts });
}

export async function finishDrill(
  db: Db,
  id: string,
  outcome: { checks: DrillCheck[]; rowCounts: RowComparison[]; checkMs: number; totalMs: number },
): Promise<boolean> {
  const passed = outcome.checks.every((c) => c.ok);
  const failed = outcome.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  await db.drill.update({
    where: { id },
    data: {
      status: passed ? "passed" : "failed",
      checks: outcome.checks,
      rowCounts: outcome.rowCounts,
      checkMs: outcome.checkMs,
      totalMs: outcome.totalMs,
      error: passed ? null : failed.join("; "),
      finishedAt: new Date(),
    },
  });
  return passed;
}

export async function failDrill(db: Db, id: string, error: string, logTail: string | null): Promise<void> {
  await db.drill.update({ where: { id }, data: { status: "failed", error, logTail, finishedAt: new Date() } });
}

/** The drill's chosen backup, claimed against retention (lib/backups/backup-claim.ts) as it is recorded. */
export async function recordDrillBackup(
  db: Db,
  opts: { id: string; clusterId: string; backupId: string; facts: Prisma.DrillUpdateInput },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await claimBackup(tx, opts.clusterId, opts.backupId);
    await tx.drill.update({ where: { id: opts.id }, data: { ...opts.facts, backup: { connect: { id: opts.backupId } } } });
  });
}
