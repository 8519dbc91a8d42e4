import type { BackupRun } from "@/lib/backups/prepare-backup";
import { streamArchive, type StreamedArchive } from "@/lib/backups/stream-archive";
import type { TarMember } from "@/lib/domain/backup-manifest";
import { progressThrottle } from "@/lib/domain/progress-throttle";
import type { JobLog } from "@/lib/jobs/job-log";
import type { JobProgress } from "@/lib/jobs/job-record";
import { runBaseBackup, tablespaceOids, type BaseBackupResult } from "@/lib/pg/basebackup";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { StoredObject } from "@/lib/storage/repository";

export interface CopiedCluster extends BaseBackupResult {
  stopTime: Date;
  copyMs: number;
  /** The local directory pg_basebackup left pg_wal.tar and backup_manifest in. */
  outDir: string;
  /** The data archives, already in the repository under the backup's prefix. */
  archives: StoredObject[];
  /** Their members, measured on the way (for the verify phase). */
  members: TarMember[];
}

/**
 * The backup job's copy phase: pg_basebackup (tar, WAL streamed, server-side compression) with
 * each data archive streamed into the repository and through the verifier as it is written
 * (streamArchive), never kept on local disk; its progress written to the job record when it
 * moved enough to matter. A failure stops pg_basebackup and every upload.
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
  const streamed: StreamedArchive[] = [];
  const copied = await runBaseBackup({
    bins: opts.bins,
    serverMajor: run.server.serverMajor,
    target: run.target,
    dir: run.staging.path,
    label: run.label,
    compression: run.cluster.compression,
    tablespaceOids: await tablespaceOids(run.target, opts.signal),
    maxRateKb: run.cluster.backupMaxRateKb,
    signal: opts.signal,
    jobId: run.jobId,
    onProgress: (bytes, total) => throttle.report({ bytes, total }),
    onArchive: async (name, data) => {
      streamed.push(await streamArchive(run, name, data, opts.signal));
    },
  });
  await throttle.flush();
  const stopTime = new Date();
  const copyMs = Date.now() - copyStart;
  const archives = streamed.map((a) => a.stored).sort((a, b) => (a.key < b.key ? -1 : 1));
  const stored = archives.reduce((n, a) => n + a.size, 0);
  await opts.log(
    `streamed ${copied.totalBytes} bytes (${stored} stored in ${archives.length} archive(s)) in ${copyMs} ms; ` +
      `WAL ${copied.startLsn} → ${copied.stopLsn} on timeline ${copied.timeline}`,
  );
  return { ...copied, stopTime, copyMs, archives, members: streamed.flatMap((a) => a.members) };
}
