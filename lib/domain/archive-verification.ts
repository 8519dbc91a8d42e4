/**
 * What a verification of a cluster's repository reports: findings, each naming one file by its
 * repository key and saying what is wrong with it. The checks themselves are in
 * archive-verification-backup.ts (a backup's files), archive-verification-wal.ts (the WAL archive's
 * files) and archive-verification-chain.ts (continuity of WAL from each backup onwards).
 */

export type VerificationScope = "backup" | "wal";

export const FINDING_KINDS = [
  /** A file the catalog or a backup's manifest records is not in the repository. */
  "missing",
  /** The file has no bytes. */
  "empty",
  /** Fewer bytes than recorded, or than a WAL segment has. */
  "short",
  /** More bytes than recorded, or than a WAL segment has. */
  "size",
  /** Re-read, its SHA-256 is not the one recorded. */
  "checksum",
  /** In the repository, but the catalog does not know it. */
  "unknown",
  /** A backup's wayback.manifest.json is missing, unreadable, or disagrees with the catalog. */
  "manifest",
  /** pg_verifybackup's checks failed: the tar contents against backup_manifest, or the backup's WAL. */
  "verifybackup",
  /** A WAL file whose first page header does not fit its name. */
  "header",
  /** WAL written by another database system. */
  "foreign",
  /** Another stored copy of the same WAL segment, with different contents. */
  "duplicate",
  /** WAL missing from the chain a backup needs to be rolled forward. */
  "gap",
  /** A timeline history file that cannot be read, or is missing for a timeline that has WAL. */
  "history",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface VerificationFinding {
  scope: VerificationScope;
  /** The backup the finding belongs to; null for the WAL archive. */
  backupId: string | null;
  /** Repository key of the file concerned (a key ending in '/' names a whole backup). */
  path: string;
  kind: FindingKind;
  message: string;
}

/** A file's size and SHA-256: as re-read from the repository, or as recorded when it was stored. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/** The finding for a file of `actual` bytes that should have `expected`; null when they agree. */
export function sizeProblem(actual: number, expected: number): { kind: "empty" | "short" | "size"; message: string } | null {
  if (actual === expected) return null;
  const kind = actual === 0 ? "empty" : actual < expected ? "short" : "size";
  return { kind, message: `size ${actual}, expected ${expected}` };
}

/** One line for a job's outcome: how many problems, where, and the first one. */
export function findingsSummary(findings: readonly VerificationFinding[]): string {
  if (findings.length === 0) return "no problems found";
  const inBackups = findings.filter((f) => f.scope === "backup").length;
  const inWal = findings.length - inBackups;
  const where = [inBackups > 0 ? `${inBackups} in backups` : null, inWal > 0 ? `${inWal} in the WAL archive` : null]
    .filter(Boolean)
    .join(", ");
  const first = findings[0]!;
  return `${findings.length} ${findings.length === 1 ? "problem" : "problems"} found (${where}); first: ${first.path}: ${first.message}`;
}
