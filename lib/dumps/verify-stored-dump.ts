import type { Db } from "@/lib/db/client";
import { recordDumpVerification } from "@/lib/dumps/dump-record";
import { verifyDump } from "@/lib/dumps/verify-dump";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { dumpPrefix } from "@/lib/storage/layout";
import { openRepository, type StorageAccess } from "@/lib/storage/open-repository";

/**
 * Re-reads a stored dump: every file against the catalog's size and SHA-256, then the archive
 * whole. The result lands on the dump (verified, verifyDetail); a dump that fails is reported,
 * and the call fails with the same words.
 */
export async function verifyStoredDump(
  db: Db,
  opts: { dumpId: string; bins: PgBinaries; storage: StorageAccess; signal: AbortSignal; log: JobLog },
): Promise<void> {
  const row = await db.dump.findUniqueOrThrow({ where: { id: opts.dumpId }, include: { repository: true, files: true } });
  const start = Date.now();
  const result = await verifyDump({
    repo: openRepository(row.repository, opts.storage),
    prefix: dumpPrefix(row.clusterId, row.id),
    format: row.format,
    globals: row.globals,
    files: row.files,
    bins: opts.bins,
    signal: opts.signal,
  });
  await recordDumpVerification(db, row.id, { ok: result.ok, detail: result.detail, verifyMs: Date.now() - start });
  await opts.log(`${result.ok ? "verified" : "verification failed"}: ${result.detail}`);
  if (!result.ok) throw new Error(result.detail);
}
