import type { FileDigest, VerificationFinding } from "@/lib/domain/archive-verification";
import { checkBackupFiles, parseWaybackManifest, WAYBACK_MANIFEST, type ManifestRead } from "@/lib/domain/archive-verification-backup";
import type { PgBinaries } from "@/lib/pg/binaries";
import { verifyTarBackup } from "@/lib/pg/verify-backup";
import type { ProgressMeter } from "@/lib/verification/progress-meter";
import type { BackupToCheck } from "@/lib/verification/plan-verification";
import { readObject } from "@/lib/verification/read-object";
import type { ResultRow } from "@/lib/verification/verification-record";

/** A backup's manifest is a few kB per file it lists; anything near this is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export interface BackupCheck {
  result: ResultRow;
  findings: VerificationFinding[];
}

/**
 * One backup, read back from the repository: every object's size and SHA-256 against the catalog
 * and the backup's wayback.manifest.json; then pg_verifybackup's checks (lib/pg/verify-backup.ts:
 * each tar member against backup_manifest, and the backup's WAL through pg_waldump).
 */
export async function checkBackup(opts: {
  target: BackupToCheck;
  bins: PgBinaries;
  /** Staging purpose for pg_waldump's scratch copy of the backup's WAL. */
  scratchPurpose: string;
  meter: ProgressMeter;
  signal: AbortSignal;
}): Promise<BackupCheck> {
  const { target, meter, signal } = opts;
  const { backup, repo, prefix } = target;
  const stored = new Map<string, FileDigest>();
  let manifestText: string | null = null;
  for (const object of target.objects) {
    const name = object.key.slice(prefix.length);
    const isManifest = name === WAYBACK_MANIFEST && object.size <= MAX_MANIFEST_BYTES;
    const read = await readObject(repo, object.key, { headBytes: isManifest ? object.size : 0, onBytes: (n) => meter.bytes(n), signal });
    meter.file();
    stored.set(name, { size: read.size, sha256: read.sha256 });
    if (isManifest) manifestText = read.head.toString("utf8");
  }
  const manifest: ManifestRead =
    manifestText !== null
      ? parseWaybackManifest(manifestText, backup.id)
      : stored.has(WAYBACK_MANIFEST)
        ? { state: "invalid", reason: `it is larger than ${MAX_MANIFEST_BYTES} bytes` }
        : { state: "missing" };
  const findings = checkBackupFiles({ backupId: backup.id, prefix, catalog: target.catalog, manifest, stored });

  // With nothing stored there is nothing for pg_verifybackup to read: every file is already a finding.
  if (target.objects.length > 0) {
    const problem = await verifybackupProblem({ ...opts, serverMajor: Number.parseInt(backup.pgVersion ?? "", 10) });
    if (problem) findings.push({ scope: "backup", backupId: backup.id, path: prefix, kind: "verifybackup", message: problem });
  }
  const bytes = [...stored.values()].reduce((n, f) => n + f.size, 0);
  return { result: { scope: "backup", backupId: backup.id, files: stored.size, bytes, findings: findings.length }, findings };
}

/**
 * pg_verifybackup's verdict, or null when it passed. Whatever keeps it from passing is the finding
 * (a damaged archive, a missing pg_waldump): a backup that cannot be verified has not passed.
 */
async function verifybackupProblem(opts: {
  target: BackupToCheck;
  bins: PgBinaries;
  serverMajor: number;
  scratchPurpose: string;
  signal: AbortSignal;
}): Promise<string | null> {
  const { target, signal } = opts;
  if (!Number.isInteger(opts.serverMajor))
    return `the catalog does not say which PostgreSQL wrote this backup (version "${target.backup.pgVersion}")`;
  const scratch = await target.repo.stagingDir(opts.scratchPurpose);
  const stored = await target.repo.materialise(target.prefix, { signal });
  try {
    await verifyTarBackup({
      bins: opts.bins,
      serverMajor: opts.serverMajor,
      backupDir: stored.path,
      scratchDir: scratch.path,
      signal,
    });
    return null;
  } catch (err) {
    if (signal.aborted) throw err;
    return (err as Error).message;
  } finally {
    await stored.release();
    await scratch.discard();
  }
}
