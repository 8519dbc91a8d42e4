import { UnrecoverableError } from "bullmq";
import type { Db } from "@/lib/db/client";
import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";
import { finishDumpRestoreRecord } from "@/lib/dumps/dump-restore-record";
import type { PreparedDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import type { DumpRestoreToolRun } from "@/lib/dumps/run-dump-restore-tool";
import type { JobLog } from "@/lib/jobs/job-log";

/**
 * Phase 5 of a dump restore: the row turns complete, or failed with every error globals.sql and
 * the tool printed; a restore with errors fails its job for good (a retry would print them again).
 */
export async function finishDumpRestore(
  db: Db,
  opts: { prepared: PreparedDumpRestore; globals: RestoreErrors; ran: DumpRestoreToolRun; log: JobLog },
): Promise<void> {
  const { globals, ran } = opts;
  const { tool, run, restoreMs } = ran;
  const errors = { count: globals.count + run.errors.count, messages: [...globals.messages, ...run.errors.messages] };
  await finishDumpRestoreRecord(db, opts.prepared.row.id, { ok: run.ok, errors, restoreMs, tool });
  await opts.log(`${tool} finished in ${restoreMs} ms with ${run.errors.count} error(s)`);
  if (errors.count) throw new UnrecoverableError(`${tool} reported ${errors.count} error(s): ${errors.messages[0] ?? ""}`);
}
