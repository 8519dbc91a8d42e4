// The pgBackRest commands Wayback drives, one function each. Output is read by the pure parsers in
// lib/domain/pgbackrest-*.ts; progress comes from the console's file lines (log level detail).
import { chown, mkdir } from "node:fs/promises";
import path from "node:path";
import { parsePgBackRestInfo, type PgBackRestBackupKind, type PgBackRestStanza } from "@/lib/domain/pgbackrest-info";
import { newBackupLabel, pgBackRestPercent } from "@/lib/domain/pgbackrest-output";
import { pgBackRestBaseArgs, pgBackRestRestoreArgs, type PgBackRestRestoreOptions } from "@/lib/domain/pgbackrest-restore-args";
import { parsePgBackRestVerify, type PgBackRestVerifyResult } from "@/lib/domain/pgbackrest-verify";
import { runPgBackRest, type Stanza } from "@/lib/pgbackrest/run-pgbackrest";

const HOUR_MS = 3_600_000;

export interface CommandOptions {
  signal?: AbortSignal;
  /** Share done, 0–100, as pgBackRest reports it file by file. */
  onProgress?: (percent: number) => void;
}

const progressLines = (onProgress?: (percent: number) => void) => (line: string) => {
  const percent = pgBackRestPercent(line);
  if (percent !== null) onProgress?.(percent);
};

/** Creates the stanza in its repository; safe to repeat on a stanza that exists. */
export async function createStanza(stanza: Stanza, opts: CommandOptions = {}): Promise<void> {
  await runPgBackRest(stanza, "stanza-create", [], { signal: opts.signal, timeoutMs: HOUR_MS });
}

/** pgBackRest's own check: the server's archive_command reaches the repository and backups can start. */
export async function checkStanza(stanza: Stanza, opts: CommandOptions = {}): Promise<void> {
  await runPgBackRest(stanza, "check", [], { signal: opts.signal, timeoutMs: 600_000 });
}

/** Takes a set of `kind`; resolves with its label. */
export async function backupStanza(stanza: Stanza, kind: PgBackRestBackupKind, opts: CommandOptions = {}): Promise<string> {
  let label: string | null = null;
  const onProgress = progressLines(opts.onProgress);
  await runPgBackRest(stanza, "backup", [`--type=${kind}`, "--log-level-console=detail"], {
    signal: opts.signal,
    timeoutMs: 24 * HOUR_MS,
    onLine: (line) => {
      label = newBackupLabel(line) ?? label;
      onProgress(line);
    },
  });
  if (!label) throw new Error("pgbackrest backup finished without naming the new set (no 'new backup label' line).");
  return label;
}

export async function readStanzaInfo(stanza: Stanza, opts: CommandOptions = {}): Promise<PgBackRestStanza> {
  const { stdout } = await runPgBackRest(stanza, "info", ["--output=json", "--log-level-console=warn"], {
    signal: opts.signal,
    timeoutMs: 600_000,
  });
  const found = parsePgBackRestInfo(stdout).find((s) => s.name === stanza.name);
  if (!found) throw new Error(`pgbackrest info does not list the stanza ${stanza.name}.`);
  return found;
}

/** Restores into `dataDir` (empty for a copy; the cluster's own, stopped, in place). */
export async function restoreStanza(stanza: Stanza, restore: PgBackRestRestoreOptions, opts: CommandOptions = {}): Promise<void> {
  await runPgBackRest(stanza, "restore", [...pgBackRestRestoreArgs(restore), "--log-level-console=detail"], {
    signal: opts.signal,
    timeoutMs: 24 * HOUR_MS,
    onLine: progressLines(opts.onProgress),
  });
}

/** Restores a set's files into `dataDir` without recovery settings (the caller writes them). */
export async function restoreSetFiles(
  stanza: Stanza,
  restore: { setLabel: string; dataDir: string; inPlace: boolean },
  opts: CommandOptions = {},
): Promise<void> {
  // pgBackRest restores into a directory that exists (an in-place restore's was moved aside), as the server's OS user.
  await mkdir(restore.dataDir, { recursive: true, mode: 0o700 });
  if (stanza.osUser) await chown(restore.dataDir, stanza.osUser.uid, stanza.osUser.gid);
  await runPgBackRest(stanza, "restore", [...pgBackRestBaseArgs(restore), "--log-level-console=detail"], {
    signal: opts.signal,
    timeoutMs: 24 * HOUR_MS,
    onLine: progressLines(opts.onProgress),
  });
}

/**
 * One archived WAL segment into `destPath`. pgBackRest writes it as the server's OS user: the
 * destination's directory (a private scratch directory of the caller's) is handed to that user.
 */
export async function archiveGet(stanza: Stanza, segment: string, destPath: string, opts: CommandOptions = {}): Promise<void> {
  if (stanza.osUser) await chown(path.dirname(destPath), stanza.osUser.uid, stanza.osUser.gid);
  // archive-get runs in pg1-path (it insists) and reads its pg_control; synchronous: the async
  // spool is the cluster's archive-push's.
  if (!stanza.pgDataDir) {
    throw new Error("pgBackRest's archive-get needs the cluster's data directory on this host: set it on the cluster's edit page.");
  }
  await runPgBackRest(stanza, "archive-get", [`--pg1-path=${stanza.pgDataDir}`, "--no-archive-async", "--log-level-console=warn"], {
    cwd: stanza.pgDataDir,
    signal: opts.signal,
    timeoutMs: 600_000,
    params: [segment, destPath],
  });
}

/** Re-reads every set and the archive in the repository against their checksums. */
export async function verifyStanza(stanza: Stanza, opts: CommandOptions = {}): Promise<PgBackRestVerifyResult> {
  const { stdout } = await runPgBackRest(stanza, "verify", ["--output=text", "--verbose", "--log-level-console=info"], {
    signal: opts.signal,
    timeoutMs: 24 * HOUR_MS,
  });
  return parsePgBackRestVerify(stdout);
}

/** Expires one set (and, by pgBackRest's rules, the sets that depend on it: Wayback's plan never asks that). */
export async function expireSet(stanza: Stanza, label: string, opts: CommandOptions = {}): Promise<void> {
  await runPgBackRest(stanza, "expire", [`--set=${label}`], { signal: opts.signal, timeoutMs: HOUR_MS });
}
