import type { BackupRun } from "@/lib/backups/prepare-backup";
import { progressThrottle } from "@/lib/domain/progress-throttle";
import type { JobLog } from "@/lib/jobs/job-log";
import type { JobProgress } from "@/lib/jobs/job-record";
import { runBaseBackup, type BaseBackupResult } from "@/lib/pg/basebackup";
import type { PgBinaries } from "@/lib/pg/binaries";

export interface CopiedCluster extends BaseBackupResult {
  stopTime: Date;
  copyMs: number;
}

/**
 * The backup job's copy phase: pg_basebackup (tar, WAL streamed, server-side compression) into the
 * run's staging directory, its progress written to the job record when it moved enough to matter.
 */
export async function copyCluster(
  run: BackupRun,
  opts: { bins: PgBinaries; signal: AbortSignal; progress: JobProgress; log: JobLog },
): Promise<CopiedCluster> {
  const copyStart = Date.now();
  const throttle = progressThrottle<{ bytes: number; total: number }>({
    write: (p) => opts.progress({ bytesDone: p.bytes, bytesTotal: p.total }),
    now: Date.now,
  });
  const copied = await runBaseBackup({
    bins: opts.bins,
    serverMajor: run.server.serverMajor,
    target: run.target,
    dir: run.staging.path,
    label: run.label,
    compression: run.cluster.compression,
    maxRateKb: run.cluster.backupMaxRateKb,
    signal: opts.signal,
    jobId: run.jobId,
    onProgress: (bytes, total) => throttle.report({ bytes, total }),
  });
  await throttle.flush();
  const stopTime = new Date();
  const copyMs = Date.now() - copyStart;
  await opts.log(
    `copied ${copied.totalBytes} bytes in ${copyMs} ms; WAL ${copied.startLsn} → ${copied.stopLsn} on timeline ${copied.timeline}`,
  );
  return { ...copied, stopTime, copyMs };
}
