import type { Db } from "@/lib/db/client";
import type { Restore } from "@/lib/db/generated/client";
import { recordRestoreActionFailure } from "@/lib/restores/restore-record";

/**
 * Runs one action on a restored copy; a failure is also recorded on the restore's `error` (its
 * status stays: the copy is as it was), where the restore page shows it.
 */
export async function actOnCopy(db: Db, opts: { restoreId: string; action: string }, run: (r: Restore) => Promise<void>): Promise<void> {
  const r = await db.restore.findUniqueOrThrow({ where: { id: opts.restoreId } });
  try {
    await run(r);
  } catch (err) {
    await recordRestoreActionFailure(db, r.id, opts.action, err);
    throw err;
  }
}
