import type { Db } from "@/lib/db/client";
import { destroyInstance } from "@/lib/pg/instance";
import { copyLogTail } from "@/lib/restores/recover-recorded-copy";
import type { TableRestoreRun } from "@/lib/table-restores/begin-table-restore";
import { failTableRestore, recordTableRestoreFacts } from "@/lib/table-restores/table-restore-record";

/** A table restore that could not finish: recorded as failed with the copy's PostgreSQL log tail. */
export async function failTableRestoreRun(db: Db, run: TableRestoreRun, err: unknown): Promise<void> {
  const message = (err as Error).message;
  await failTableRestore(db, run.tableRestore.id, message, run.made ? await copyLogTail(run.spec) : null);
  await run.log(`failed: ${message}`);
}

/** The throwaway copy and its files are removed whatever happened, and the row says when. */
export async function cleanUpTableRestore(db: Db, run: TableRestoreRun): Promise<void> {
  if (run.made) await destroyInstance(run.spec);
  await recordTableRestoreFacts(db, run.tableRestore.id, { cleanedUpAt: new Date() });
  if (run.made) await run.log(`removed the copy in ${run.spec.dataDir}`);
}
