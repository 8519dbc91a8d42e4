import type { CopiedCluster } from "@/lib/backups/copy-cluster";
import type { BackupRun } from "@/lib/backups/prepare-backup";
import type { JobLog } from "@/lib/jobs/job-log";
import { MANIFEST_CHECKSUMS } from "@/lib/pg/basebackup";
import type { PgBinaries } from "@/lib/pg/binaries";
import { verifyStreamedBackup } from "@/lib/pg/verify-backup";

/**
 * The backup job's verify phase: the members measured while the archives streamed against
 * backup_manifest, and the WAL the backup needs parsed by pg_waldump from pg_wal.tar (extracted
 * into a scratch directory removed afterwards): what pg_verifybackup checks.
 */
export async function verifyCopiedBackup(
  run: BackupRun,
  copied: CopiedCluster,
  opts: { bins: PgBinaries; signal: AbortSignal; log: JobLog },
): Promise<{ verifyDetail: string; verifyMs: number }> {
  const verifyStart = Date.now();
  const scratch = await run.repo.stagingDir(`verify-${run.backup.id}`);
  const verifyDetail = await verifyStreamedBackup({
    bins: opts.bins,
    serverMajor: run.server.serverMajor,
    dir: copied.outDir,
    members: copied.members,
    computed: MANIFEST_CHECKSUMS,
    scratchDir: scratch.path,
    signal: opts.signal,
  }).finally(() => scratch.discard());
  const verifyMs = Date.now() - verifyStart;
  await opts.log(`verified in ${verifyMs} ms: ${verifyDetail}`);
  return { verifyDetail, verifyMs };
}
