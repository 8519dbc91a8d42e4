import type { Db, DbClient } from "@/lib/db/client";
import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";

/** A retried job (its worker died) starts its row over. */
export async function restartDumpRestoreRecord(db: Db, id: string): Promise<void> {
  await db.dumpRestore.update({
    where: { id },
    data: { status: "running", finishedAt: null, error: null, errors: null, errorCount: null, restoreMs: null, createdDatabase: null },
  });
}

export async function recordRestoreDatabase(db: Db, id: string, created: boolean): Promise<void> {
  await db.dumpRestore.update({ where: { id }, data: { createdDatabase: created } });
}

/**
 * The tool ran to its end: complete when it reported no error; failed with every error it
 * printed otherwise (what it could restore stays in the database, for the user to judge).
 */
export async function finishDumpRestoreRecord(
  db: Db,
  id: string,
  run: { ok: boolean; errors: RestoreErrors; restoreMs: number; tool: string },
): Promise<void> {
  const { count, messages } = run.errors;
  await db.dumpRestore.update({
    where: { id },
    data: {
      status: run.ok && count === 0 ? "complete" : "failed",
      finishedAt: new Date(),
      restoreMs: run.restoreMs,
      errorCount: count,
      errors: messages.length ? messages.join("\n\n") : null,
      error: count ? `${run.tool} reported ${count} error${count === 1 ? "" : "s"}; everything else was restored.` : null,
    },
  });
}

export async function failDumpRestoreRecord(db: Db, id: string, error: string): Promise<void> {
  await db.dumpRestore.update({ where: { id }, data: { status: "failed", finishedAt: new Date(), error } });
}

/** Where the new instance of a restore lives, recorded before anything is made there. */
export async function recordDumpRestoreInstance(db: DbClient, id: string, instance: { dataDir: string; port: number }): Promise<void> {
  await db.dumpRestore.update({ where: { id }, data: { instanceDataDir: instance.dataDir, instancePort: instance.port } });
}

export async function recordDumpRestoreConnection(db: Db, id: string, connectionString: string): Promise<void> {
  await db.dumpRestore.update({ where: { id }, data: { connectionString } });
}

/** The instance was stopped and its files removed: its port and directory are free again. */
export async function recordDumpRestoreDiscarded(db: Db, id: string): Promise<void> {
  await db.dumpRestore.update({ where: { id }, data: { discardedAt: new Date(), connectionString: null } });
}
