import type { Db } from "@/lib/db/client";
import { failDumpRecord } from "@/lib/dumps/dump-record";
import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import { removeDumpFiles } from "@/lib/dumps/remove-dump-files";
import type { JobLog } from "@/lib/jobs/job-log";

/** A dump that failed in any phase: what it wrote is removed, and its row is failed with the reason. */
export async function abandonDump(db: Db, opts: { prepared: PreparedDump; error: string; log: JobLog }): Promise<void> {
  const { row, repo } = opts.prepared;
  await removeDumpFiles(repo, row);
  await failDumpRecord(db, row.id, opts.error);
  await opts.log(`failed: ${opts.error}`);
}
