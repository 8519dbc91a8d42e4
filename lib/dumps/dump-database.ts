import type { Db } from "@/lib/db/client";
import { recordDumpProgress } from "@/lib/dumps/dump-record";
import type { InspectedDumpDatabase } from "@/lib/dumps/inspect-dump-database";
import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import { writeDump } from "@/lib/dumps/write-dump";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { StoredObject } from "@/lib/storage/repository";

/** What the dump phase wrote, and how long it took. */
export interface WrittenDump {
  files: StoredObject[];
  dumpMs: number;
}

/**
 * Phase 2 of a dump: pg_dumpall --globals-only and pg_dump into the repository (writeDump); the
 * bytes written go to `onBytes` (the job's progress), the tables dumped onto the dump's row.
 */
export async function dumpDatabase(
  db: Db,
  opts: {
    prepared: PreparedDump;
    database: InspectedDumpDatabase;
    bins: PgBinaries;
    signal: AbortSignal;
    onBytes: (bytes: number) => Promise<void>;
    log: JobLog;
  },
): Promise<WrittenDump> {
  const { row, repo, prefix } = opts.prepared;
  const { source, target } = opts.database;
  const start = Date.now();
  const files = await writeDump({
    repo,
    prefix,
    dump: row,
    bins: opts.bins,
    serverMajor: source.serverMajor,
    superuser: source.superuser,
    target,
    signal: opts.signal,
    onProgress: async (p) => {
      await opts.onBytes(p.bytes);
      await recordDumpProgress(db, row.id, p.tables);
    },
  });
  const dumpMs = Date.now() - start;
  await opts.log(`wrote ${files.length} file(s), ${files.reduce((n, f) => n + f.size, 0)} bytes, in ${dumpMs} ms`);
  return { files, dumpMs };
}
