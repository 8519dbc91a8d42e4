/**
 * The storage interface every repository implements (posix.ts, s3.ts). Keys are '/'-separated
 * relative paths, identical on disk and on S3; callers build them with layout.ts.
 */

export interface StoredObject {
  key: string;
  size: number;
  sha256: string;
}

export interface PutOptions {
  /** Refuse to replace an existing object with different contents (WAL segments). */
  immutable?: boolean;
  signal?: AbortSignal;
  /**
   * The caller keeps its own digest of what it puts (an encrypted repository hashes the plaintext
   * it seals): the stored bytes are not hashed a second time, the result's sha256 is "" and, with
   * `immutable`, any existing object is reported as an ImmutableConflictError for the caller to compare.
   */
  unhashed?: boolean;
}

export interface StagingDir {
  /** Absolute path of a fresh, private directory the caller's tool writes into. */
  path: string;
  /** Stores every regular file under `path` as `prefix + <relative path>`, each visible only when complete. */
  commit(prefix: string): Promise<StoredObject[]>;
  /** Removes the directory and whatever is left in it; safe to call more than once. */
  discard(): Promise<void>;
}

export interface LocalCopy {
  /** Absolute path of the directory holding the objects, by their keys relative to the prefix. */
  path: string;
  release(): Promise<void>;
}

export interface Repository {
  /**
   * Streams `source` into `key`: visible only when complete, sha256 and size computed while
   * streaming. Overwrites unless `immutable`; with `immutable`, the same contents succeed with
   * `alreadyPresent: true` and different contents throw ImmutableConflictError.
   */
  put(key: string, source: NodeJS.ReadableStream | Buffer, opts?: PutOptions): Promise<StoredObject & { alreadyPresent: boolean }>;
  /**
   * Throws NotFoundError when absent. `start` reads from that byte on (resuming a transfer). Where
   * the backend recorded the object's sha256 when it was written, a whole read checks it at the end
   * and the stream fails with ChecksumMismatchError rather than end on damaged contents.
   */
  get(key: string, opts?: { start?: number; signal?: AbortSignal }): Promise<NodeJS.ReadableStream>;
  stat(key: string): Promise<{ key: string; size: number; mtime: Date } | null>;
  /**
   * Re-reads the object and returns its size and sha256 (for verification); ChecksumMismatchError
   * when the backend recorded a sha256 at write time and the contents no longer match it.
   */
  checksum(key: string, signal?: AbortSignal): Promise<StoredObject>;
  /** Every object whose key starts with `prefix` (S3 semantics), recursive, sorted by key. */
  list(prefix: string): AsyncIterable<{ key: string; size: number }>;
  /** No error when absent. */
  remove(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix`; the empty prefix is refused. */
  removePrefix(prefix: string): Promise<void>;
  /**
   * Local files for the objects under `prefix` (ending in '/'), for programs that read files
   * themselves (pg_waldump, pg_restore of a directory dump): a posix repository hands over its own
   * directory (nothing copied); an object store downloads them into a private scratch directory.
   * `release()` removes what was made (safe to call more than once); the files are read-only input.
   */
  materialise(prefix: string, opts?: { signal?: AbortSignal }): Promise<LocalCopy>;
  /**
   * A private local directory for tools that write files themselves (pg_basebackup -D); commit()
   * stores its files (posix renames them in, an object store uploads them from scratch space).
   */
  stagingDir(purpose: string): Promise<StagingDir>;
  /** Removes every staging directory made for `purpose` (left behind by a process that died). */
  discardStaging(purpose: string): Promise<void>;
  /** Free space where the repository writes; null when the backend has no such figure (S3): unknown, never a reason to refuse. */
  freeBytes(): Promise<number | null>;
  /** e.g. "posix:/var/lib/wayback/repo", "s3://bucket/prefix/ at minio.example:9000"; never a secret. */
  describe(): string;
}

export class NotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Object "${key}" does not exist in the repository.`);
    this.name = "NotFoundError";
  }
}

export class ImmutableConflictError extends Error {
  constructor(
    readonly key: string,
    readonly existingSha256: string,
    readonly newSha256: string,
  ) {
    super(
      `Refusing to overwrite "${key}": it already exists with different contents ` +
        `(existing sha256 ${existingSha256}, new sha256 ${newSha256}).`,
    );
    this.name = "ImmutableConflictError";
  }
}

export class InvalidKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Invalid repository key ${JSON.stringify(key)}: ${reason}.`);
    this.name = "InvalidKeyError";
  }
}

/** The repository ran out of space (ENOSPC, EDQUOT). */
export class RepositoryFullError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RepositoryFullError";
  }
}

/**
 * The repository refuses us: cannot be written (EACCES, EPERM, EROFS, a path component that is a
 * file), or an object store refused the credentials, the operation, or has no such bucket.
 * Retrying does not help; the message says what to fix.
 */
export class RepositoryAccessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RepositoryAccessError";
  }
}

/** The repository's server could not be reached (refused, reset, timed out): retrying may help. */
export class RepositoryUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RepositoryUnreachableError";
  }
}

/** An object's contents no longer match the sha256 recorded when it was written: truncated, damaged or replaced. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly repository: string,
    readonly key: string,
    readonly recordedSha256: string,
    readonly actual: { size: number; sha256: string },
  ) {
    super(
      `Object "${key}" in ${repository} is damaged or was replaced: it was written with sha256 ${recordedSha256}, ` +
        `but now reads as ${actual.size} bytes with sha256 ${actual.sha256}. Do not trust it; restore from another backup or copy.`,
    );
    this.name = "ChecksumMismatchError";
  }
}

/** Names that belong to the implementation, never to a key: in-progress writes and staging. */
export const TEMP_PREFIX = ".tmp-";
export const STAGING_DIR = ".wayback-staging";

const MAX_KEY_LENGTH = 1024; // S3's limit, in UTF-8 bytes
const MAX_SEGMENT_LENGTH = 255; // NAME_MAX on common file systems

/** Throws InvalidKeyError unless `key` is a safe relative '/'-separated path; returns it. */
export function validateKey(key: string): string {
  if (typeof key !== "string" || key === "") throw new InvalidKeyError(String(key), "a key must not be empty");
  if (key.includes("\0")) throw new InvalidKeyError(key, "a key must not contain NUL");
  if (key.includes("\\")) throw new InvalidKeyError(key, "a key must not contain backslashes");
  if (key.startsWith("/")) throw new InvalidKeyError(key, "a key must be relative, not absolute");
  if (Buffer.byteLength(key) > MAX_KEY_LENGTH) throw new InvalidKeyError(key, `a key must be at most ${MAX_KEY_LENGTH} bytes`);
  const segments = key.split("/");
  for (const [i, segment] of segments.entries()) {
    if (segment === "") throw new InvalidKeyError(key, "a key must not contain empty segments (leading, trailing or double '/')");
    if (segment === "." || segment === "..") throw new InvalidKeyError(key, `a key must not contain "${segment}" segments`);
    if (Buffer.byteLength(segment) > MAX_SEGMENT_LENGTH)
      throw new InvalidKeyError(key, `a path segment must be at most ${MAX_SEGMENT_LENGTH} bytes`);
    if (segment.startsWith(TEMP_PREFIX))
      throw new InvalidKeyError(key, `names starting with "${TEMP_PREFIX}" are reserved for in-progress writes`);
    if (i === 0 && segment === STAGING_DIR) throw new InvalidKeyError(key, `"${STAGING_DIR}" is reserved for staging directories`);
  }
  return key;
}

/**
 * A list/remove prefix: "" (everything) or a valid key, optionally with a trailing '/'. A prefix
 * without a trailing '/' matches by string, as on S3: "c1/backup/b1" also matches "c1/backup/b10/x".
 */
export function validatePrefix(prefix: string): string {
  if (prefix === "") return prefix;
  validateKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** Files are read in 1 MiB pieces: hashing or copying them in Node's default 64 KiB ones takes about twice as long (measured on WAL segments). */
export const READ_CHUNK = 1024 * 1024;
