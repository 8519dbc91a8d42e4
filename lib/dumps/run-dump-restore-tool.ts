import path from "node:path";
import { UnrecoverableError } from "bullmq";
import { dumpFileName } from "@/lib/domain/dump-args";
import { readDumpRestoreSelection } from "@/lib/domain/dump-restore-selection";
import { restoreListFile, selectEntries } from "@/lib/domain/dump-toc";
import { readDumpToc } from "@/lib/domain/dump-toc-column";
import type { PreparedDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import type { TargetDatabase } from "@/lib/dumps/set-up-target-database";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { runPgRestore, runPsqlScript, type RestoreRun } from "@/lib/pg/pg-restore";

/** A restore tool that ran to its end, with what it reported. */
export interface DumpRestoreToolRun {
  tool: "psql" | "pg_restore";
  run: RestoreRun;
  restoreMs: number;
}

/**
 * Phase 4 of a dump restore: pg_restore (the whole archive, or the chosen entries of its table of
 * contents as a -L list, with -j) or psql for a plain script. Every error the tool printed is kept.
 */
export async function runDumpRestoreTool(opts: {
  prepared: PreparedDumpRestore;
  target: ConnectionTarget;
  database: TargetDatabase;
  bins: PgBinaries;
  signal: AbortSignal;
  log: JobLog;
}): Promise<DumpRestoreToolRun> {
  const { row, repo, prefix } = opts.prepared;
  const { dump } = row;
  const start = Date.now();
  const into = {
    bins: opts.bins,
    target: opts.target,
    database: row.targetDatabase,
    serverMajor: opts.database.serverMajor,
    signal: opts.signal,
  };
  const list = await restoreList(opts);
  const stored = await repo.materialise(prefix, { signal: opts.signal });
  const archive = path.join(stored.path, dumpFileName(dump.format));
  const run = await (
    dump.format === "plain"
      ? runPsqlScript({ ...into, script: archive })
      : runPgRestore({ ...into, archive, jobs: row.jobs, noOwner: row.noOwner, clean: row.clean, ifExists: row.ifExists, list })
  ).finally(() => stored.release());
  return { tool: dump.format === "plain" ? "psql" : "pg_restore", run, restoreMs: Date.now() - start };
}

/** pg_restore's -L list for a restore of chosen schemas and tables; undefined for the whole dump. */
async function restoreList(opts: { prepared: PreparedDumpRestore; database: TargetDatabase; log: JobLog }): Promise<string | undefined> {
  const { row } = opts.prepared;
  const selection = readDumpRestoreSelection(row);
  if (!selection) return undefined;
  const toc = readDumpToc(row.dump);
  // requestDumpRestore accepts a selection only from a dump that has one.
  if (!toc) throw new UnrecoverableError("The dump has no table of contents to choose schemas and tables from: restore it whole.");
  const entries = selectEntries(toc.entries, toc.relations, selection, { createSchemas: opts.database.created });
  await opts.log(`restoring ${entries.length} of ${toc.entries.length} entries of the table of contents`);
  return restoreListFile(entries);
}
