import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import { verifyTarBackup } from "@/lib/pg/verify-backup";

/**
 * The backup job's verify phase: pg_verifybackup on an extracted copy of the staged backup (files
 * against backup_manifest, and the WAL), in a scratch directory removed afterwards.
 */
export async function verifyStagedBackup(
  run: BackupRun,
  opts: { bins: PgBinaries; signal: AbortSignal; log: JobLog },
): Promise<{ verifyDetail: string; verifyMs: number }> {
  const verifyStart = Date.now();
  const scratch = await run.repo.stagingDir(`verify-${run.backup.id}`);
  const verifyDetail = await verifyTarBackup({
    bins: opts.bins,
    serverMajor: run.server.serverMajor,
    backupDir: run.staging.path,
    scratchDir: scratch.path,
    signal: opts.signal,
  }).finally(() => scratch.discard());
  const verifyMs = Date.now() - verifyStart;
  await opts.log(`verified in ${verifyMs} ms: ${verifyDetail}`);
  return { verifyDetail, verifyMs };
}
