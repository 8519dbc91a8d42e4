import { recordDumpVerification } from "@/lib/dumps/dump-record";
import { verifyDump } from "@/lib/dumps/verify-dump";
import { appendJobLog } from "@/lib/jobs/job-log";
import { dumpPrefix } from "@/lib/repositories/layout";
import { openRepository } from "@/lib/repositories/open-repository";
import type { Processor } from "@/worker/processor";

/**
 * Re-reads a stored dump: every file against the catalog's size and SHA-256, then the archive
 * whole. The result lands on the dump (verified, verifyDetail); a dump that fails is reported,
 * and the job fails with the same words.
 */
export const dumpVerify: Processor<"dump.verify"> = async ({ payload, deps, signal, progress }) => {
  const { db } = deps;
  await progress({ phase: "verify" });
  const row = await db.dump.findUniqueOrThrow({ where: { id: payload.dumpId }, include: { repository: true, files: true } });
  const start = Date.now();
  const result = await verifyDump({
    repo: openRepository(row.repository),
    prefix: dumpPrefix(row.clusterId, row.id),
    format: row.format,
    globals: row.globals,
    files: row.files,
    bins: deps.pgBinaries,
    signal,
  });
  await recordDumpVerification(db, row.id, { ok: result.ok, detail: result.detail, verifyMs: Date.now() - start });
  await appendJobLog(db, payload.jobId, `${result.ok ? "verified" : "verification failed"}: ${result.detail}`);
  if (!result.ok) throw new Error(result.detail);
};
