import { UnrecoverableError } from "bullmq";
import { parseTocList, type TocEntry } from "@/lib/domain/dump-toc";
import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import { verifyDump } from "@/lib/dumps/verify-dump";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";

/** A new dump that read back whole: what was checked, how long it took, and its table of contents. */
export interface ReadBackDump {
  verifyMs: number;
  detail: string;
  /** null for a plain script (pg_restore does not list one). */
  entries: TocEntry[] | null;
}

/**
 * Phase 3 of a dump: pg_restore reads the archive just written whole (a plain script must end as
 * pg_dump ends it). A dump that does not read back fails its job for good: a retry would write
 * the same archive.
 */
export async function readBackDump(opts: {
  prepared: PreparedDump;
  bins: PgBinaries;
  signal: AbortSignal;
  log: JobLog;
}): Promise<ReadBackDump> {
  const { row, repo, prefix } = opts.prepared;
  const start = Date.now();
  const verified = await verifyDump({
    repo,
    prefix,
    format: row.format,
    globals: row.globals,
    files: null,
    bins: opts.bins,
    signal: opts.signal,
  });
  if (!verified.ok) throw new UnrecoverableError(`The dump did not verify: ${verified.detail}`);
  const verifyMs = Date.now() - start;
  await opts.log(`verified in ${verifyMs} ms: ${verified.detail}`);
  return { verifyMs, detail: verified.detail, entries: verified.tocList === null ? null : parseTocList(verified.tocList) };
}
