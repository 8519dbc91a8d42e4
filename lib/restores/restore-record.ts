import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/** The catalog row of one restore through its life; each function is one transition. */
export async function markRestoreRunning(db: Db, id: string): Promise<void> {
  await db.restore.update({ where: { id }, data: { status: "running", error: null, logTail: null, finishedAt: null } });
}

export async function recordRestoreFacts(db: Db, id: string, facts: Prisma.RestoreUpdateInput): Promise<void> {
  await db.restore.update({ where: { id }, data: facts });
}

export async function finishRestore(db: Db, id: string, outcome: { status: "complete" | "paused"; connectionString: string; reachedLsn: string; rowCounts: unknown; verifyMs: number; replayMs: number; walBytes: bigint }): Promise<void> {
  await db.restore.update({
    where: { id },
    data: { ...outcome, rowCounts: outcome.rowCounts as Prisma.InputJsonValue, finishedAt: outcome.status === "complete" ? new Date() : null },
  });
}

export async function failRestore(db: Db, id: string, error: string, logTail: string | null): Promise<void> {
  await db.restore.update({ where: { id }, data: { status: "failed", error, logTail, finishedAt: new Date() } });
}
