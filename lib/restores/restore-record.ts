import type { Db, DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { TableCount } from "@/lib/domain/row-counts";

/** The catalog row of one restore through its life; each function is one transition. */
export async function markRestoreRunning(db: Db, id: string): Promise<void> {
  await db.restore.update({ where: { id }, data: { status: "running", error: null, logTail: null, finishedAt: null } });
}

export async function recordRestoreFacts(db: DbClient, id: string, facts: Prisma.RestoreUpdateInput): Promise<void> {
  await db.restore.update({ where: { id }, data: facts });
}

export async function finishRestore(
  db: Db,
  id: string,
  outcome: {
    status: "complete" | "paused";
    connectionString: string;
    reachedLsn: string;
    rowCounts: TableCount[];
    verifyMs: number;
    replayMs: number;
    walBytes: bigint;
  },
): Promise<void> {
  await db.restore.update({
    where: { id },
    data: { ...outcome, finishedAt: outcome.status === "complete" ? new Date() : null },
  });
}

export async function failRestore(db: Db, id: string, error: string, logTail: string | null): Promise<void> {
  await db.restore.update({ where: { id }, data: { status: "failed", error, logTail, finishedAt: new Date() } });
}

/** Marks that the job is about to create the copy's data directory (new instance). */
export async function markInstanceMade(db: Db, id: string): Promise<void> {
  await db.restore.update({ where: { id }, data: { instanceMadeAt: new Date() } });
}

/** The copy's server, data directory, socket directory and log are gone. */
export async function markInstanceRemoved(db: Db, id: string, facts: Prisma.RestoreUpdateInput = {}): Promise<void> {
  await db.restore.update({ where: { id }, data: { ...facts, instanceMadeAt: null } });
}

/**
 * An action on a restored copy (promote, discard) failed: the restore keeps its status (the copy
 * is as it was), and `error` says what went wrong, for the restore page to show.
 */
export async function recordRestoreActionFailure(db: Db, id: string, action: string, err: unknown): Promise<void> {
  await db.restore.update({ where: { id }, data: { error: `${action} failed: ${(err as Error).message}` } });
}
