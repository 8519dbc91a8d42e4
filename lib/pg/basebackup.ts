import { parseBaseBackupLine } from "@/lib/domain/basebackup-output";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withPgPass } from "@/lib/pg/pgpass";
import { runProcess } from "@/lib/pg/run-process";

export type CompressionMethod = "zstd" | "gzip" | "lz4" | "none";

export interface BaseBackupResult {
  startLsn: string;
  stopLsn: string;
  timeline: number;
  totalBytes: number;
}

/**
 * Compression runs on the server (PostgreSQL 15+), where it costs no network bytes; zstd uses two
 * worker threads, the fastest full backup measured on these machines (1.6 GB of pgbench data in
 * ~1.2 s; client-side zstd ~2.4 s, gzip ~18 s). bench/backup.ts measures it.
 */
export function compressArg(method: CompressionMethod, serverMajor: number): string {
  if (method === "none") return "none";
  const where = serverMajor >= 15 ? "server" : "client";
  return method === "zstd" ? `${where}-zstd:workers=2` : `${where}-${method}`;
}

/**
 * application_name of pg_basebackup's connections (the backup's and its WAL stream's walsenders):
 * in pg_stat_replication, it says which Wayback job a walsender serves.
 */
export function backupApplicationName(jobId: string | undefined): string {
  return jobId ? `wayback-backup-${jobId}` : "wayback-backup";
}

/**
 * pg_basebackup in tar format into `dir`, WAL streamed alongside (pg_wal.tar), PostgreSQL's own
 * backup manifest, a fast checkpoint (an on-demand backup should start now). Progress and the
 * WAL start/end points are read from its stderr as it runs.
 */
export async function runBaseBackup(opts: {
  bins: PgBinaries;
  serverMajor: number;
  target: ConnectionTarget;
  dir: string;
  label: string;
  compression: CompressionMethod;
  /** kB/s; undefined or null: unlimited. */
  maxRateKb?: number | null;
  signal?: AbortSignal;
  /** The job this backup belongs to, named in the connections' application_name (see backupApplicationName). */
  jobId?: string;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}): Promise<BaseBackupResult> {
  const { target } = opts;
  const program = await opts.bins.pathForServer("pg_basebackup", opts.serverMajor);
  const result: Partial<BaseBackupResult> = {};
  const args = [
    "--host",
    target.host,
    "--port",
    String(target.port),
    "--username",
    target.username,
    "--no-password",
    "--pgdata",
    opts.dir,
    "--format=tar",
    "--wal-method=stream",
    "--checkpoint=fast",
    `--compress=${compressArg(opts.compression, opts.serverMajor)}`,
    "--manifest-checksums=CRC32C",
    "--label",
    opts.label,
    "--progress",
    "--verbose",
  ];
  if (opts.maxRateKb) args.push(`--max-rate=${opts.maxRateKb}`);
  const passwords = target.password ? [{ host: target.host, port: target.port, user: target.username, password: target.password }] : [];
  await withPgPass(passwords, (env) =>
    runProcess(program, args, {
      env: { ...env, PGSSLMODE: target.sslmode, PGAPPNAME: backupApplicationName(opts.jobId) },
      signal: opts.signal,
      onStderrLine: (line) => {
        const e = parseBaseBackupLine(line);
        if (e?.kind === "progress") {
          result.totalBytes = e.totalBytes;
          opts.onProgress?.(e.doneBytes, e.totalBytes);
        } else if (e?.kind === "start") {
          result.startLsn = e.lsn;
          result.timeline = e.timeline;
        } else if (e?.kind === "end") {
          result.stopLsn = e.lsn;
        }
      },
    }),
  );
  if (!result.startLsn || !result.stopLsn || result.timeline === undefined) {
    throw new Error("pg_basebackup finished without reporting its WAL start and end points");
  }
  return { startLsn: result.startLsn, stopLsn: result.stopLsn, timeline: result.timeline, totalBytes: result.totalBytes ?? 0 };
}
