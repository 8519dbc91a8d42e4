import type { Db } from "@/lib/db/client";
import { summarizeToc } from "@/lib/domain/dump-toc";
import type { WrittenDump } from "@/lib/dumps/dump-database";
import { completeDumpRecord } from "@/lib/dumps/dump-record";
import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import type { ReadBackDump } from "@/lib/dumps/read-back-dump";
import type { JobLog } from "@/lib/jobs/job-log";
import type { DumpSource } from "@/lib/pg/dump-source";

/** Phase 5 of a dump: its row turns complete, with its files, timings and table of contents. */
export async function completeDump(
  db: Db,
  opts: { prepared: PreparedDump; source: DumpSource; written: WrittenDump; readBack: ReadBackDump; log: JobLog },
): Promise<void> {
  const { prepared, source, written, readBack } = opts;
  const { entries } = readBack;
  await completeDumpRecord(
    db,
    prepared.row.id,
    {
      pgVersion: source.serverVersion,
      databaseSizeBytes: source.databaseSizeBytes,
      dumpMs: written.dumpMs,
      verifyMs: readBack.verifyMs,
      verifyDetail: readBack.detail,
      toc: entries && { entries, relations: source.relations },
      tocSummary: entries && summarizeToc(entries),
      files: written.files,
    },
    prepared.prefix,
  );
  await opts.log(`dump ${prepared.row.id} complete`);
}
