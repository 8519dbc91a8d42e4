import type { Db, DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { TableRestoreResult } from "@/lib/domain/table-restore";

/** The catalog row of one table restore through its life; each function is one transition. */
export async function markTableRestoreRunning(db: Db, id: string): Promise<void> {
  await db.tableRestore.update({ where: { id }, data: { status: "running", startedAt: new Date(), error: null, logTail: null } });
}

export async function recordTableRestoreFacts(db: DbClient, id: string, facts: Prisma.TableRestoreUpdateInput): Promise<void> {
  await db.tableRestore.update({ where: { id }, data: facts });
}

export async function finishTableRestore(db: Db, id: string, outcome: { results: TableRestoreResult[]; loadMs: number }): Promise<void> {
  await db.tableRestore.update({
    where: { id },
    data: {
      status: "complete",
      results: outcome.results as unknown as Prisma.InputJsonValue,
      loadMs: outcome.loadMs,
      finishedAt: new Date(),
    },
  });
}

export async function failTableRestore(db: Db, id: string, error: string, logTail: string | null): Promise<void> {
  await db.tableRestore.update({ where: { id }, data: { status: "failed", error, logTail, finishedAt: new Date() } });
}
