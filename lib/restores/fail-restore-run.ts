import type { Db } from "@/lib/db/client";
import type { RestoreRun } from "@/lib/restores/begin-restore";
import { copyLogTail } from "@/lib/restores/recover-recorded-copy";
import { failRestore, markInstanceRemoved } from "@/lib/restores/restore-record";

/**
 * A restore failed at some phase: the server is stopped and the half-made copy removed (in place:
 * the original is put back and started), and the failure is recorded with PostgreSQL's log tail.
 */
export async function failRestoreRun(db: Db, run: RestoreRun, err: unknown): Promise<void> {
  const message = (err as Error).message;
  const tail = await copyLogTail(run.spec);
  await run.destination.undo();
  if (run.restore.destination === "new_instance") await markInstanceRemoved(db, run.restore.id);
  await failRestore(db, run.restore.id, message, tail);
  await run.log(`failed: ${message}`);
}
