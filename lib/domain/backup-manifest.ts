/**
 * PostgreSQL's backup_manifest (format version 1, PostgreSQL 13–16) and the checks
 * pg_verifybackup makes with it, without the file system: the manifest's own checksum, its
 * file list and WAL ranges, and the comparison of what the backup's tar files hold against it.
 * Rules follow src/bin/pg_verifybackup/{parse_manifest,pg_verifybackup}.c of PostgreSQL 15.
 *
 * Paths are compared as bytes: a manifest names a file by `Path` (UTF-8 text) or, when the name
 * is not valid UTF-8, by `Encoded-Path` (hex of the raw bytes), and a tar header holds raw bytes.
 * Both become a "path key", a string with one char (0–255) per byte; `displayPath` turns a key
 * back into text for messages.
 */
import { formatBytes } from "./byte-size";
import { formatLsn, parseLsn } from "./lsn";

export type ChecksumAlgorithm = "CRC32C" | "SHA224" | "SHA256" | "SHA384" | "SHA512";

export interface ManifestFile {
  /** Path key (one char per byte), relative to the data directory. */
  key: string;
  /** The path as text, for messages. */
  path: string;
  size: number;
  lastModified: string | null;
  /** null: no checksum recorded (algorithm NONE, or no Checksum field). */
  algorithm: ChecksumAlgorithm | null;
  /** Lowercase hex; CRC32C is the little-endian bytes of the CRC, as PostgreSQL writes it. */
  checksum: string | null;
}

export interface ManifestWalRange {
  timeline: number;
  startLsn: bigint;
  endLsn: bigint;
}

export interface BackupManifest {
  version: 1;
  /** By path key, in manifest order. */
  files: Map<string, ManifestFile>;
  walRanges: ManifestWalRange[];
  /** The Manifest-Checksum field (SHA-256, lowercase hex), verified. */
  manifestChecksum: string;
}

/** The manifest cannot be trusted; nothing else is checked (pg_verifybackup stops here too). */
export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ManifestError";
  }
}

const VERSION_FIELD = "PostgreSQL-Backup-Manifest-Version";
const TOP_LEVEL_FIELDS = new Set(["Files", "WAL-Ranges", "Manifest-Checksum"]);
const FILE_FIELDS = new Set(["Path", "Encoded-Path", "Size", "Last-Modified", "Checksum-Algorithm", "Checksum"]);
const WAL_RANGE_FIELDS = new Set(["Timeline", "Start-LSN", "End-LSN"]);
const ALGORITHMS = new Set<string>(["CRC32C", "SHA224", "SHA256", "SHA384", "SHA512"]);
const NEWLINE = 0x0a;

/**
 * The bytes Manifest-Checksum covers: everything up to and including the second-to-last newline,
 * i.e. all but the last line (parse_manifest.c, verify_manifest_checksum). The file must end
 * with a newline and have at least two lines.
 */
export function manifestChecksumCoverage(bytes: Uint8Array): number {
  let newlines = 0;
  let ultimate = -1;
  let penultimate = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== NEWLINE) continue;
    newlines++;
    penultimate = ultimate;
    ultimate = i;
  }
  if (newlines < 2) throw parseFailure("expected at least 2 lines");
  if (ultimate !== bytes.length - 1) throw parseFailure("last line not newline-terminated");
  return penultimate + 1;
}

/**
 * Parses and checks a backup_manifest. `sha256Hex` hashes bytes (the domain layer does no I/O and
 * brings no crypto of its own). Throws ManifestError with pg_verifybackup's wording.
 */
export function parseBackupManifest(bytes: Uint8Array, sha256Hex: (data: Uint8Array) => string): BackupManifest {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw parseFailure("parsing failed (not valid UTF-8)");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw parseFailure(`parsing failed (${(err as Error).message})`);
  }
  if (!isObject(doc)) throw parseFailure("unexpected scalar or array at top level");

  const keys = Object.keys(doc);
  if (keys[0] !== VERSION_FIELD) throw parseFailure("expected version indicator");
  const version = doc[VERSION_FIELD];
  if (String(version) !== "1") throw parseFailure(`unexpected manifest version ${JSON.stringify(version)} (this verifier reads version 1)`);
  for (const [i, key] of keys.entries()) {
    if (i === 0) continue;
    if (!TOP_LEVEL_FIELDS.has(key)) throw parseFailure(`unrecognized top-level field "${key}"`);
    if (key === "Manifest-Checksum" && i !== keys.length - 1) throw parseFailure("unexpected object field after the manifest checksum");
  }

  const files = new Map<string, ManifestFile>();
  for (const entry of arrayField(doc, "Files")) {
    const file = parseFileEntry(entry);
    if (files.has(file.key)) throw new ManifestError(`duplicate path name in backup manifest: "${file.path}"`);
    files.set(file.key, file);
  }
  const walRanges = arrayField(doc, "WAL-Ranges").map(parseWalRange);

  // Like pg_verifybackup: the structure first, then the checksum.
  const coverage = manifestChecksumCoverage(bytes);
  const expected = doc["Manifest-Checksum"];
  if (expected === undefined) throw new ManifestError("manifest has no checksum");
  if (typeof expected !== "string" || !/^[0-9a-fA-F]{64}$/.test(expected)) {
    throw new ManifestError(`invalid manifest checksum: ${JSON.stringify(expected)}`);
  }
  const actual = sha256Hex(bytes.subarray(0, coverage)).toLowerCase();
  if (actual !== expected.toLowerCase()) {
    throw new ManifestError(`manifest checksum mismatch (Manifest-Checksum ${expected.toLowerCase()}, SHA-256 of the manifest ${actual})`);
  }

  return { version: 1, files, walRanges, manifestChecksum: expected.toLowerCase() };
}

function parseFileEntry(entry: unknown): ManifestFile {
  if (!isObject(entry)) throw parseFailure("unexpected scalar or array in the list of files");
  for (const [key, value] of Object.entries(entry)) {
    if (!FILE_FIELDS.has(key)) throw parseFailure(`unexpected file field "${key}"`);
    if (!isScalar(value)) throw parseFailure(`unexpected object or array as file field "${key}"`);
  }
  const plain = entry["Path"];
  const encoded = entry["Encoded-Path"];
  if (plain === undefined && encoded === undefined) throw parseFailure("missing path name");
  if (plain !== undefined && encoded !== undefined) throw parseFailure("both path name and encoded path name");

  let key: string;
  if (plain !== undefined) {
    key = pathKeyFromText(String(plain));
  } else {
    const raw = decodeHex(String(encoded));
    if (!raw) throw parseFailure("could not decode file name");
    key = pathKeyFromBytes(raw);
  }
  const path = displayPath(key);

  if (entry["Size"] === undefined) throw parseFailure("missing size");
  const sizeText = String(entry["Size"]);
  if (!/^\d+$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw parseFailure("file size is not an integer");

  const algorithmText = entry["Checksum-Algorithm"];
  const checksumText = entry["Checksum"];
  if (algorithmText === undefined && checksumText !== undefined) throw parseFailure("checksum without algorithm");
  let algorithm: ChecksumAlgorithm | null = null;
  if (algorithmText !== undefined) {
    const upper = String(algorithmText).toUpperCase();
    if (upper !== "NONE" && !ALGORITHMS.has(upper)) throw new ManifestError(`unrecognized checksum algorithm: "${String(algorithmText)}"`);
    algorithm = upper === "NONE" ? null : (upper as ChecksumAlgorithm);
  }
  let checksum: string | null = null;
  if (checksumText !== undefined && String(checksumText) !== "") {
    const hex = String(checksumText);
    if (!decodeHex(hex)) throw new ManifestError(`invalid checksum for file "${path}": "${hex}"`);
    checksum = hex.toLowerCase();
  }

  const lastModified = entry["Last-Modified"];
  return {
    key,
    path,
    size: Number(sizeText),
    lastModified: lastModified === undefined ? null : String(lastModified),
    algorithm: checksum === null ? null : algorithm,
    checksum: algorithm === null ? null : checksum,
  };
}

function parseWalRange(entry: unknown): ManifestWalRange {
  if (!isObject(entry)) throw parseFailure("unexpected scalar or array in the list of WAL ranges");
  for (const [key, value] of Object.entries(entry)) {
    if (!WAL_RANGE_FIELDS.has(key)) throw parseFailure(`unexpected WAL range field "${key}"`);
    if (!isScalar(value)) throw parseFailure(`unexpected object or array as WAL range field "${key}"`);
  }
  if (entry["Timeline"] === undefined) throw parseFailure("missing timeline");
  if (entry["Start-LSN"] === undefined) throw parseFailure("missing start LSN");
  if (entry["End-LSN"] === undefined) throw parseFailure("missing end LSN");
  const timelineText = String(entry["Timeline"]);
  if (!/^\d+$/.test(timelineText) || Number(timelineText) > 0xffffffff) throw parseFailure("timeline is not an integer");
  return {
    timeline: Number(timelineText),
    startLsn: lsnField(entry["Start-LSN"], "could not parse start LSN"),
    endLsn: lsnField(entry["End-LSN"], "could not parse end LSN"),
  };
}

function lsnField(value: unknown, failure: string): bigint {
  try {
    return parseLsn(String(value));
  } catch {
    throw parseFailure(failure);
  }
}

function arrayField(doc: Record<string, unknown>, field: string): unknown[] {
  const value = doc[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw parseFailure(`"${field}" is not an array`);
  return value;
}

function parseFailure(msg: string): ManifestError {
  return new ManifestError(`could not parse backup manifest: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

function decodeHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

// --- path keys ---

/** A path key from raw bytes (a tar header's name read as latin1 is already one). */
export function pathKeyFromBytes(bytes: Uint8Array): string {
  let key = "";
  for (let i = 0; i < bytes.length; i += 8192) key += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return key;
}

export function pathKeyFromText(text: string): string {
  return pathKeyFromBytes(new TextEncoder().encode(text));
}

/** The key's bytes as UTF-8 text; bytes that are not UTF-8 show as U+FFFD. */
export function displayPath(key: string): string {
  const bytes = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i) & 0xff;
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * The path key of a tar member as the manifest names it: pg_basebackup writes names relative to
 * the data directory (sometimes with a leading "./"); a tablespace's `<oid>.tar` holds paths
 * relative to pg_tblspc/<oid>. `name` is the header's name read as latin1.
 */
export function memberKey(name: string, tablespaceOid: string | null): string {
  let key = name;
  while (key.startsWith("./")) key = key.slice(2);
  key = key.replace(/\/+$/, "");
  return tablespaceOid === null ? key : `pg_tblspc/${tablespaceOid}/${key}`;
}

// --- comparing a backup with its manifest ---

/**
 * Left out of the check on both sides, as pg_verifybackup does by default: backup_manifest is
 * not in itself; pg_wal's contents are checked by parsing WAL instead; postgresql.auto.conf,
 * recovery.signal and standby.signal may legitimately be written by the backup tool (-R).
 */
export const IGNORED_PATHS = ["backup_manifest", "pg_wal", "postgresql.auto.conf", "recovery.signal", "standby.signal"];

/** True when `key` is an ignored path or lies under one ("aa/bb" covers "aa/bb/cc", not "aa/bbb"). */
export function isIgnoredPath(key: string): boolean {
  return IGNORED_PATHS.some((p) => key === p || key.startsWith(`${p}/`));
}

/** What a tar member turned out to be. `checksum` is in the manifest's algorithm for that path. */
export interface TarMember {
  key: string;
  /** The tar file it came from, for messages. */
  archive: string;
  type: "file" | "directory" | "symlink" | "other";
  size: number;
  checksum?: string;
}

export type FindingKind = "manifest" | "archive" | "extra" | "not-a-file" | "duplicate" | "size" | "missing" | "checksum" | "wal";

export interface Finding {
  kind: FindingKind;
  /** The file concerned, as text, when there is one. */
  path?: string;
  message: string;
}

/** The checksum algorithm the streaming check must compute for a member; null: none needed. */
export function checksumToCompute(manifest: BackupManifest, key: string): ChecksumAlgorithm | null {
  if (isIgnoredPath(key)) return null;
  return manifest.files.get(key)?.algorithm ?? null;
}

/**
 * pg_verifybackup's comparison, over tar members instead of a directory: members first, in tar
 * order (not in the manifest, not a regular file, size differs), then manifest entries no tar
 * holds, then checksum mismatches of files whose size was right. Directories and symbolic links
 * are not checked.
 */
export function compareWithManifest(manifest: BackupManifest, members: TarMember[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, TarMember>();
  const badSize = new Set<string>();

  for (const m of members) {
    if (m.type === "directory" || m.type === "symlink" || isIgnoredPath(m.key)) continue;
    const path = displayPath(m.key);
    if (m.type === "other") {
      findings.push({ kind: "not-a-file", path, message: `"${path}" in ${m.archive} is not a file or directory` });
      continue;
    }
    const first = seen.get(m.key);
    if (first) {
      findings.push({ kind: "duplicate", path, message: `"${path}" appears more than once (${first.archive}, ${m.archive})` });
      continue;
    }
    seen.set(m.key, m);
    const expected = manifest.files.get(m.key);
    if (!expected) {
      findings.push({ kind: "extra", path, message: `"${path}" is present in ${m.archive} but not in the manifest` });
      continue;
    }
    if (expected.size !== m.size) {
      badSize.add(m.key);
      findings.push({
        kind: "size",
        path,
        message: `"${path}" has size ${m.size} in ${m.archive} but size ${expected.size} in the manifest`,
      });
    }
  }

  for (const f of manifest.files.values()) {
    if (!seen.has(f.key) && !isIgnoredPath(f.key)) {
      findings.push({ kind: "missing", path: f.path, message: `"${f.path}" is present in the manifest but missing from the backup` });
    }
  }

  for (const f of manifest.files.values()) {
    const m = seen.get(f.key);
    if (!m || badSize.has(f.key) || f.algorithm === null || f.checksum === null || isIgnoredPath(f.key)) continue;
    if (m.checksum === undefined) {
      findings.push({ kind: "checksum", path: f.path, message: `could not compute the ${f.algorithm} checksum of "${f.path}"` });
    } else if (m.checksum.toLowerCase() !== f.checksum) {
      findings.push({
        kind: "checksum",
        path: f.path,
        message: `checksum mismatch for file "${f.path}" (${f.algorithm} ${m.checksum} in ${m.archive}, ${f.checksum} in the manifest)`,
      });
    }
  }
  return findings;
}

export const MAX_LISTED_FINDINGS = 20;

/** The error message for a failed verification: a headline, then at most `limit` findings. */
export function formatFindings(findings: Finding[], limit = MAX_LISTED_FINDINGS): string {
  const n = findings.length;
  const lines = findings.slice(0, limit).map((f) => f.message);
  if (n > limit) lines.push(`… and ${n - limit} more`);
  return [`backup verification failed: ${n} problem${n === 1 ? "" : "s"}`, ...lines].join("\n");
}

/** One line, starting with pg_verifybackup's own "backup successfully verified". */
export function verifiedSummary(manifest: BackupManifest): string {
  let bytes = 0;
  let files = 0;
  for (const f of manifest.files.values()) {
    if (isIgnoredPath(f.key)) continue;
    files++;
    bytes += f.size;
  }
  const wal = manifest.walRanges.map((r) => `${formatLsn(r.startLsn)}–${formatLsn(r.endLsn)} on timeline ${r.timeline}`).join(", ");
  return `backup successfully verified: ${files} files, ${formatBytes(bytes)}${wal ? `, WAL ${wal}` : ""}`;
}
