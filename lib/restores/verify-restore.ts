import type { Db } from "@/lib/db/client";
import { localConnectionString } from "@/lib/domain/local-connection-string";
import type { RestoreRun } from "@/lib/restores/begin-restore";
import { countRows } from "@/lib/restores/count-rows";
import type { RecoveredCopy } from "@/lib/restores/recover-copy";
import { finishRestore } from "@/lib/restores/restore-record";

/**
 * The copy answers and is out of recovery (or paused at the target): every table's rows are
 * counted, and the restore is finished with where to connect.
 */
export async function verifyRestore(db: Db, run: RestoreRun, copy: RecoveredCopy, signal: AbortSignal): Promise<void> {
  const { outcome, replayMs, walBytes } = copy;
  const verifyStart = Date.now();
  const rowCounts = await countRows(await run.logins.admin(), signal);
  const connectionString = localConnectionString(run.source.username, run.spec.port, run.source.database);
  await finishRestore(db, run.restore.id, {
    status: outcome.state === "paused" ? "paused" : "complete",
    connectionString,
    reachedLsn: outcome.replayLsn,
    rowCounts,
    verifyMs: Date.now() - verifyStart,
    replayMs,
    walBytes,
  });
  await run.log(`ready: ${connectionString} (password: the one Wayback holds for ${run.source.username} on the source cluster)`);
}
