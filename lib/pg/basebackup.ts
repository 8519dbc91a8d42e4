// pg_basebackup with its data archives handed over as streams while it writes them, never
// stored on local disk (docs/decisions/0017-backups-stream-into-the-repository.md). Its tar
// format writes one file per archive into -D; each of those is a named pipe we read. PostgreSQL
// makes this harder than it sounds: -D must be empty or absent when pg_basebackup starts, so the
// pipes are placed after it created the directory and before the server sends the first archive
// (a checkpoint and a second connection later), by renaming a directory of pipes over its empty
// one; a rename that finds the directory no longer empty means pg_basebackup was quicker, and the
// attempt starts again. It cannot be made race-free from outside: pg_basebackup checks -D only
// after it has connected, then waits on nothing but the server (checkpoint, WAL start) before
// opening its first file, so the only hold would be relaying its (possibly TLS) connection; a
// lost race costs a new attempt and never writes anything wrong. pg_wal.tar (the WAL streamed
// alongside, written with seeks) and backup_manifest stay regular files: small, read after
// pg_basebackup has finished.
import { constants, open, watch } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { Readable, type DuplexOptions } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { promisify } from "node:util";
import { parseBaseBackupLine } from "@/lib/domain/basebackup-output";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withPgPass } from "@/lib/pg/pgpass";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import { withClient } from "@/lib/pg/with-connection";

export type CompressionMethod = "zstd" | "gzip" | "lz4" | "none";

export interface BaseBackupResult {
  startLsn: string;
  stopLsn: string;
  timeline: number;
  totalBytes: number;
}

/** Files pg_basebackup leaves in its directory as regular files, read once it has finished. */
export const WAL_ARCHIVE = "pg_wal.tar";
export const BACKUP_MANIFEST = "backup_manifest";

/** The checksum algorithm backup_manifest records for each file (CRC32C: cheap, and computed natively while streaming). */
export const MANIFEST_CHECKSUMS = "CRC32C" as const;

/**
 * How far we read ahead of the repository and the verifier: pg_basebackup blocked on a full pipe
 * stops reading its connection, and a server that ends the backup then goes unheard (its WAL
 * connection's end is what it reports instead); a short stall downstream should not block it.
 */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** Attempts at placing the pipes before pg_basebackup opens its first archive. */
const PLACE_ATTEMPTS = 3;

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

const SUFFIX: Record<CompressionMethod, string> = { none: ".tar", zstd: ".tar.zst", gzip: ".tar.gz", lz4: ".tar.lz4" };

/** The data archives pg_basebackup writes for a cluster with these tablespaces: one per tablespace, base last. */
export function dataArchiveNames(compression: CompressionMethod, tablespaceOids: string[]): string[] {
  return [...tablespaceOids, "base"].map((stem) => `${stem}${SUFFIX[compression]}`);
}

/**
 * application_name of pg_basebackup's connections (the backup's and its WAL stream's walsenders):
 * in pg_stat_replication, it says which Wayback job a walsender serves.
 */
export function backupApplicationName(jobId: string | undefined): string {
  return jobId ? `wayback-backup-${jobId}` : "wayback-backup";
}

/** The oids of the cluster's own tablespaces (not pg_default, pg_global): each is an archive of its own. */
export async function tablespaceOids(target: ConnectionTarget, signal?: AbortSignal): Promise<string[]> {
  return withClient(
    target,
    async (c) => {
      const { rows } = await c.query<{ oid: string }>(
        "SELECT oid::text AS oid FROM pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global') ORDER BY oid",
      );
      return rows.map((r) => r.oid);
    },
    signal,
  );
}

export interface BaseBackupOptions {
  bins: PgBinaries;
  serverMajor: number;
  target: ConnectionTarget;
  /** A private, existing directory of ours; pg_basebackup writes into a new directory inside it. */
  dir: string;
  label: string;
  compression: CompressionMethod;
  /** The cluster's tablespaces (tablespaceOids()), read just before. */
  tablespaceOids: string[];
  /** kB/s; undefined or null: unlimited. */
  maxRateKb?: number | null;
  signal?: AbortSignal;
  /** The job this backup belongs to, named in the connections' application_name (see backupApplicationName). */
  jobId?: string;
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /**
   * Called for each data archive when pg_basebackup starts writing it (e.g. "base.tar.zst"). The
   * stream ends only once pg_basebackup has exited successfully, and fails if it did not: what is
   * read from it is complete when it ends. pg_basebackup waits while the stream is not read (a
   * pipe); the backup fails, and pg_basebackup is stopped, if the returned promise rejects.
   */
  onArchive: (name: string, data: Readable) => Promise<void>;
}

/**
 * pg_basebackup in tar format, WAL streamed alongside (pg_wal.tar), PostgreSQL's own backup
 * manifest, a fast checkpoint (an on-demand backup should start now), no fsync of its directory
 * (nothing of the data is in it). Progress and the WAL start/end points are read from its stderr.
 * Returns when pg_basebackup and every onArchive have finished; `outDir` then holds pg_wal.tar
 * and backup_manifest.
 */
export async function runBaseBackup(opts: BaseBackupOptions): Promise<BaseBackupResult & { outDir: string }> {
  const names = dataArchiveNames(opts.compression, opts.tablespaceOids);
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptBaseBackup(opts, names, attempt);
    if (outcome !== "outpaced") return outcome;
    if (attempt === PLACE_ATTEMPTS) {
      throw new Error(
        `pg_basebackup opened its archives before Wayback could connect them to the repository, ${PLACE_ATTEMPTS} times in a row; ` +
          "the worker is too busy to react in time. Try the backup again when the worker is less loaded.",
      );
    }
  }
}

async function attemptBaseBackup(
  opts: BaseBackupOptions,
  names: string[],
  attempt: number,
): Promise<(BaseBackupResult & { outDir: string }) | "outpaced"> {
  const { target } = opts;
  const program = await opts.bins.pathForServer("pg_basebackup", opts.serverMajor);
  const pipesDir = path.join(opts.dir, `pipes-${attempt}`);
  const outDir = path.join(opts.dir, `out-${attempt}`);
  await mkdir(pipesDir, { mode: 0o700 });
  await runProcess("mkfifo", ["-m", "600", "--", ...names.map((n) => path.join(pipesDir, n))], { signal: opts.signal });
  const pipes = await Promise.all(names.map((name) => openPipe(path.join(pipesDir, name))));

  // Stops pg_basebackup when the caller aborts, a consumer fails, or it outpaced us.
  const local = new AbortController();
  const stop = (reason: unknown) => {
    if (!local.signal.aborted) local.abort(reason);
  };
  const onAbort = () => stop(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.signal?.aborted) stop(opts.signal.reason);

  // Placing the pipes: as soon as pg_basebackup has made its directory (a watch on ours), retried
  // on each line it prints in case the watch was slow to tell.
  let placed = "no" as "no" | "yes" | "outpaced";
  let placeError: unknown;
  let placing: Promise<void> = Promise.resolve();
  const place = () => {
    if (placed !== "no") return;
    placing = placing.then(async () => {
      if (placed !== "no") return;
      try {
        await rename(pipesDir, outDir);
        placed = "yes";
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return; // not made yet
        // Not empty: pg_basebackup opened an archive (or pg_wal.tar) first.
        placed = "outpaced";
        if (code !== "ENOTEMPTY" && code !== "EEXIST") placeError = err;
        stop(placeError ?? new Error("pg_basebackup outpaced the placing of its pipes"));
      }
    });
  };
  const watcher = watch(opts.dir, (_event, file) => {
    if (file === path.basename(outDir)) place();
  });
  watcher.on("error", () => undefined); // the stderr lines still place them

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
    outDir,
    "--format=tar",
    "--wal-method=stream",
    "--checkpoint=fast",
    `--compress=${compressArg(opts.compression, opts.serverMajor)}`,
    `--manifest-checksums=${MANIFEST_CHECKSUMS}`,
    // Its fsync at the end would open each pipe again and wait for a writer forever.
    "--no-sync",
    "--label",
    opts.label,
    "--progress",
    "--verbose",
  ];
  if (opts.maxRateKb) args.push(`--max-rate=${opts.maxRateKb}`);
  const passwords = target.password ? [{ host: target.host, port: target.port, user: target.username, password: target.password }] : [];
  const exited = withPgPass(passwords, (env) =>
    runProcess(program, args, {
      env: { ...env, PGSSLMODE: target.sslmode, PGAPPNAME: backupApplicationName(opts.jobId) },
      signal: local.signal,
      onStderrLine: (line) => {
        place();
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
  ).then(() => undefined);
  exited.catch(() => undefined);

  // Each archive is handed over when pg_basebackup opens its pipe (data or end arrives): never before this point.
  const consumers: Promise<void>[] = [];
  for (const [i, pipe] of pipes.entries()) {
    pipe.once("readable", () => {
      const data = Readable.from(untilExited(pipe, exited));
      const consuming = opts.onArchive(names[i]!, data).catch((err: unknown) => {
        stop(err);
        throw err;
      });
      consuming.catch(() => undefined); // settled below, after pg_basebackup has exited
      consumers.push(consuming);
    });
  }

  try {
    const ran = await exited.then(
      () => null,
      (err: unknown) => err,
    );
    await placing;
    watcher.close();
    if (placeError !== undefined) throw placeError;
    // A pipe's data was readable before pg_basebackup's exit was: one more turn hands over any archive still pending.
    await nextTurn();
    const consumed = await Promise.allSettled(consumers);
    if (placed === "outpaced") return "outpaced";
    if (opts.signal?.aborted) throw opts.signal.reason;
    const failed = consumed.find((c): c is PromiseRejectedResult => c.status === "rejected");
    // A consumer that failed closed its pipe: pg_basebackup dies of SIGPIPE, often before our stop
    // reaches it. The consumer's failure (an unreachable store) is the story then.
    const stoppedByUs = ran instanceof ProcessError && (ran.aborted || (ran.signal === "SIGPIPE" && failed !== undefined));
    // pg_basebackup failed on its own: its error is the story, the consumers failed because of it.
    if (ran !== null && !stoppedByUs) throw ran;
    // A consumer failed and pg_basebackup was stopped because of it.
    if (failed) throw failed.reason;
    if (ran !== null) throw ran;
    if (placed !== "yes") return "outpaced"; // it never made its directory where we watched: nothing was streamed
    await refuseUnexpectedFiles(outDir, names);
    if (!result.startLsn || !result.stopLsn || result.timeline === undefined) {
      throw new Error("pg_basebackup finished without reporting its WAL start and end points");
    }
    return { startLsn: result.startLsn, stopLsn: result.stopLsn, timeline: result.timeline, totalBytes: result.totalBytes ?? 0, outDir };
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    watcher.close();
    // A pipe pg_basebackup never opened (a tablespace dropped just before) has nothing to say.
    for (const pipe of pipes) pipe.destroy();
    if (placed !== "yes") await rm(outDir, { recursive: true, force: true });
    await rm(pipesDir, { recursive: true, force: true });
  }
}

/** Our end of a named pipe, opened without waiting for its writer; it ends when the writer closes it. */
async function openPipe(file: string): Promise<net.Socket> {
  const fd = await promisify(open)(file, constants.O_RDONLY | constants.O_NONBLOCK);
  // The stream options reach the socket's Duplex; @types/node's SocketConstructorOpts leaves them out.
  const options: net.SocketConstructorOpts & DuplexOptions = {
    fd,
    readable: true,
    writable: false,
    readableHighWaterMark: READ_AHEAD_BYTES,
  };
  return new net.Socket(options);
}

/** The pipe's bytes, ending only when pg_basebackup has exited successfully: a pipe also ends when it dies. */
async function* untilExited(pipe: net.Socket, exited: Promise<void>): AsyncGenerator<Buffer> {
  yield* pipe;
  await exited;
}

/** An archive written as a regular file had no pipe: a tablespace created after we listed them. It was not streamed. */
async function refuseUnexpectedFiles(outDir: string, names: string[]): Promise<void> {
  const expected = new Set([...names, WAL_ARCHIVE, BACKUP_MANIFEST]);
  const unexpected = (await readdir(outDir)).filter((f) => !expected.has(f));
  if (unexpected.length > 0) {
    throw new Error(
      `pg_basebackup wrote ${unexpected.join(", ")}, which Wayback did not expect (a tablespace created while the backup started?): ` +
        "run the backup again.",
    );
  }
}
