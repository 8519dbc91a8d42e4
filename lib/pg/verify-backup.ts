import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import {
  checksumToCompute,
  compareWithManifest,
  formatFindings,
  ManifestError,
  parseBackupManifest,
  verifiedSummary,
  type BackupManifest,
  type ChecksumAlgorithm,
  type Finding,
  type TarMember,
} from "@/lib/domain/backup-manifest";
import { formatLsn } from "@/lib/domain/lsn";
import type { PgBinaries } from "@/lib/pg/binaries";
import { ProcessError, runProcess } from "@/lib/pg/run-process";
import { ArchiveError, backupArchive, extractTar, scanDataTar, type BackupArchive } from "@/lib/pg/verify-tar-stream";

/**
 * What pg_verifybackup does, for a tar-format backup and without extracting it (PostgreSQL 15's
 * pg_verifybackup reads plain-format backups only): backup_manifest's own checksum; every data
 * tar streamed through its decompressor, each member's size and checksum compared with the
 * manifest (missing, extra, wrong size, wrong checksum); then the WAL the backup needs, parsed by
 * pg_waldump from the WAL tar, the only thing extracted (into `scratchDir`, removed afterwards).
 * Returns a one-line summary starting "backup successfully verified"; throws an Error listing
 * the findings (at most 20 lines) when anything is wrong.
 */
export async function verifyTarBackup(opts: {
  bins: PgBinaries;
  serverMajor: number;
  backupDir: string;
  scratchDir: string;
  signal?: AbortSignal;
}): Promise<string> {
  const { backupDir } = opts;
  try {
    const manifest = await readManifest(backupDir);
    const archives = (await fs.readdir(backupDir))
      .map(backupArchive)
      .filter((a): a is BackupArchive => a !== null)
      .sort((a, b) => a.file.localeCompare(b.file));
    const base = archives.filter((a) => a.stem === "base");
    const wal = archives.filter((a) => a.stem === "pg_wal");
    const tablespaces = archives.filter((a) => /^\d+$/.test(a.stem));
    const findings: Finding[] = [];
    for (const a of archives) {
      if (a.stem !== "base" && a.stem !== "pg_wal" && !tablespaces.includes(a))
        findings.push({ kind: "archive", message: `unexpected archive ${a.file} in the backup` });
    }
    if (base.length !== 1)
      findings.push({
        kind: "archive",
        message:
          base.length === 0
            ? "the backup has no base.tar"
            : `the backup has more than one base archive: ${base.map((a) => a.file).join(", ")}`,
      });
    if (wal.length > 1)
      findings.push({ kind: "archive", message: `the backup has more than one WAL archive: ${wal.map((a) => a.file).join(", ")}` });
    if (findings.length > 0) throw new Error(formatFindings(findings));

    const [members, walFindings] = await bothOrNeither(opts.signal, (signal) => [
      scanDataTars(manifest, backupDir, [...base, ...tablespaces], signal),
      checkWal({ ...opts, manifest, archive: wal[0] ?? null, signal }),
    ]);
    findings.push(...compareWithManifest(manifest, members), ...walFindings);
    if (findings.length > 0) throw new Error(formatFindings(findings));
    return verifiedSummary(manifest);
  } catch (err) {
    throw asFinding(err);
  } finally {
    await fs.rm(opts.scratchDir, { recursive: true, force: true });
  }
}

/**
 * The same verification for a backup whose data archives were measured while they streamed
 * (scanDataTar on the stream, every regular file's checksum in `computed`, the algorithm asked of
 * pg_basebackup): `dir` holds what pg_basebackup wrote as files, backup_manifest and pg_wal.tar.
 */
export async function verifyStreamedBackup(opts: {
  bins: PgBinaries;
  serverMajor: number;
  dir: string;
  members: TarMember[];
  computed: ChecksumAlgorithm;
  scratchDir: string;
  signal?: AbortSignal;
}): Promise<string> {
  try {
    const manifest = await readManifest(opts.dir);
    // A checksum of another algorithm than the manifest's compares with nothing: "could not compute" it is.
    const members = opts.members.map((m) =>
      m.checksum !== undefined && manifest.files.get(m.key)?.algorithm !== opts.computed ? { ...m, checksum: undefined } : m,
    );
    const wal = backupArchive("pg_wal.tar");
    const hasWal = await fs.stat(path.join(opts.dir, "pg_wal.tar")).then(
      () => true,
      () => false,
    );
    const findings = [
      ...compareWithManifest(manifest, members),
      ...(await checkWal({
        ...opts,
        backupDir: opts.dir,
        manifest,
        archive: hasWal ? wal : null,
        signal: opts.signal ?? new AbortController().signal,
      })),
    ];
    if (findings.length > 0) throw new Error(formatFindings(findings));
    return verifiedSummary(manifest);
  } catch (err) {
    throw asFinding(err);
  } finally {
    await fs.rm(opts.scratchDir, { recursive: true, force: true });
  }
}

/** A manifest or archive that cannot be read is a finding about the backup, worded like the others. */
function asFinding(err: unknown): unknown {
  if (err instanceof ManifestError || err instanceof ArchiveError) {
    return new Error(formatFindings([{ kind: err instanceof ManifestError ? "manifest" : "archive", message: err.message }]), {
      cause: err,
    });
  }
  return err;
}

async function readManifest(backupDir: string): Promise<BackupManifest> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(backupDir, "backup_manifest"));
  } catch (err) {
    throw new ManifestError(`could not read backup_manifest: ${(err as Error).message}`);
  }
  return parseBackupManifest(bytes, (data) => createHash("sha256").update(data).digest("hex"));
}

/** base.tar, then each tablespace's tar, one after another (a decompressor is one core each). */
async function scanDataTars(manifest: BackupManifest, dir: string, archives: BackupArchive[], signal: AbortSignal): Promise<TarMember[]> {
  const members: TarMember[] = [];
  for (const archive of archives) {
    const tablespaceOid = archive.stem === "base" ? null : archive.stem;
    members.push(...(await scanDataTar({ dir, archive, tablespaceOid, checksumFor: (key) => checksumToCompute(manifest, key), signal })));
  }
  return members;
}

/** pg_verifybackup's parse_required_wal: pg_waldump must read each WAL range end to end. */
async function checkWal(opts: {
  bins: PgBinaries;
  serverMajor: number;
  backupDir: string;
  scratchDir: string;
  manifest: BackupManifest;
  archive: BackupArchive | null;
  signal: AbortSignal;
}): Promise<Finding[]> {
  const { manifest, archive, signal } = opts;
  if (manifest.walRanges.length === 0) return [];
  if (!archive) {
    return manifest.walRanges.map((r) => ({
      kind: "wal",
      message: `WAL parsing failed for timeline ${r.timeline}: the backup has no pg_wal.tar`,
    }));
  }
  const program = await opts.bins.pathForServer("pg_waldump", opts.serverMajor);
  await fs.mkdir(opts.scratchDir, { recursive: true, mode: 0o700 });
  const walDir = path.join(opts.scratchDir, "pg_wal");
  await extractTar({ dir: opts.backupDir, archive, into: walDir, signal });
  const findings: Finding[] = [];
  for (const r of manifest.walRanges) {
    const args = [
      "--quiet",
      `--path=${walDir}`,
      `--timeline=${r.timeline}`,
      `--start=${formatLsn(r.startLsn)}`,
      `--end=${formatLsn(r.endLsn)}`,
    ];
    try {
      await runProcess(program, args, { signal });
    } catch (err) {
      // Not started, aborted: not a finding about the backup.
      if (!(err instanceof ProcessError) || err.aborted || err.timedOut || err.code === null) throw err;
      const said = err.stderrTail.trim().split("\n").pop()?.trim() || `exit status ${err.code}`;
      findings.push({ kind: "wal", message: `WAL parsing failed for timeline ${r.timeline}: ${said}` });
    }
  }
  return findings;
}

/**
 * Runs two tasks side by side under one signal; when either fails the other is aborted and
 * awaited (so nothing is left running), and the first failure is thrown.
 */
async function bothOrNeither<A, B>(
  outer: AbortSignal | undefined,
  start: (signal: AbortSignal) => [Promise<A>, Promise<B>],
): Promise<[A, B]> {
  const local = new AbortController();
  const onOuterAbort = () => local.abort(outer?.reason);
  if (outer?.aborted) local.abort(outer.reason);
  outer?.addEventListener("abort", onOuterAbort, { once: true });
  const failFast = <T>(p: Promise<T>) =>
    p.catch((err: unknown) => {
      if (!local.signal.aborted) local.abort(err);
      throw err;
    });
  try {
    const [a, b] = start(local.signal);
    const [ra, rb] = await Promise.allSettled([failFast(a), failFast(b)]);
    if (local.signal.aborted && local.signal.reason !== undefined && (ra.status === "rejected" || rb.status === "rejected")) {
      // The cause of the abort, not the "aborted" echo of the other task.
      throw local.signal.reason;
    }
    if (ra.status === "rejected") throw ra.reason;
    if (rb.status === "rejected") throw rb.reason;
    return [ra.value, rb.value];
  } finally {
    outer?.removeEventListener("abort", onOuterAbort);
  }
}
