/**
 * A repository on a local or mounted POSIX file system. Every write goes to a temporary file in
 * the target directory, is fsync'd, renamed into place and the directory fsync'd: an object is
 * either absent or complete, including after a crash. Temporary files start with TEMP_PREFIX and
 * are invisible to list(); a crash can leave one behind, and nothing else refers to it.
 */
import { createWriteStream } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Dirent } from "node:fs";
import { chmod, link, lstat, mkdir, open, readdir, rename, rm, stat, statfs, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { hashStream, sha256Tap, sizeTap } from "@/lib/storage/sha256-tap";
import { discardStagingDirs, openStagingDir, type StagedFile } from "@/lib/storage/staging-dirs";
import {
  ImmutableConflictError,
  NotFoundError,
  READ_CHUNK,
  RepositoryAccessError,
  RepositoryFullError,
  STAGING_DIR,
  TEMP_PREFIX,
  validateKey,
  validatePrefix,
  type LocalCopy,
  type PutOptions,
  type Repository,
  type StagingDir,
  type StoredObject,
} from "./repository";

// Backups hold the whole database: readable by the owner and its group only (as pgBackRest does).
// Set explicitly, whatever the umask (PostgreSQL's archiver runs archive_command under 0077).
const FILE_MODE = 0o640;
const DIR_MODE = 0o750;
const SETGID = 0o2000;
const GROUP_WRITE = 0o020;
/** link() failures that mean "this file system has no hard links", not "the target exists". */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EXDEV"]);

type Digest = { size: number; sha256: string };

export function createPosixRepository(root: string): Repository {
  if (!path.isAbsolute(root)) throw new Error(`A repository root must be an absolute path, not "${root}".`);
  return new PosixRepository(path.resolve(root));
}

class PosixRepository implements Repository {
  constructor(private readonly root: string) {}

  describe(): string {
    return `posix:${this.root}`;
  }

  async put(key: string, source: NodeJS.ReadableStream | Buffer, opts: PutOptions = {}) {
    validateKey(key);
    const { immutable = false, signal, unhashed = false } = opts;
    signal?.throwIfAborted();
    const target = this.pathOf(key);
    const dir = path.dirname(target);
    await this.ensureDir(dir);
    const tmp = path.join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    try {
      const written = await this.writeDurably(tmp, source, { signal, unhashed });
      signal?.throwIfAborted();
      if (immutable) {
        const existing = await placeWithoutOverwrite(tmp, target);
        if (existing) {
          const current = await hashFile(target);
          await unlink(tmp);
          if (current.sha256 !== written.sha256) throw new ImmutableConflictError(key, current.sha256, written.sha256);
          return { key, ...current, alreadyPresent: true };
        }
      } else {
        await rename(tmp, target);
      }
      await fsyncDir(dir);
      return { key, ...written, alreadyPresent: false };
    } catch (err) {
      // Best effort: the original error is the one worth reporting, and a leftover temporary
      // file is invisible to list() and overwritten by nothing.
      await rm(tmp, { force: true }).catch(() => undefined);
      throw this.writeError(err, dir);
    }
  }

  async get(key: string, opts: { start?: number } = {}): Promise<NodeJS.ReadableStream> {
    const fh = await this.openObject(key);
    return fh.createReadStream({ highWaterMark: READ_CHUNK, start: opts.start });
  }

  async stat(key: string) {
    validateKey(key);
    try {
      const st = await stat(this.pathOf(key));
      return st.isFile() ? { key, size: st.size, mtime: st.mtime } : null;
    } catch (err) {
      if (isAbsent(err)) return null;
      throw err;
    }
  }

  async checksum(key: string, signal?: AbortSignal): Promise<StoredObject> {
    const fh = await this.openObject(key);
    try {
      return { key, ...(await hashHandle(fh, signal)) };
    } finally {
      await fh.close();
    }
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    validatePrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    yield* this.walk(prefix.slice(0, slash + 1), prefix.slice(slash + 1));
  }

  async materialise(prefix: string): Promise<LocalCopy> {
    validatePrefix(prefix);
    if (!prefix.endsWith("/")) throw new Error(`materialise() needs a directory prefix ending in '/', not "${prefix}".`);
    return { path: this.pathOfDir(prefix), release: async () => undefined };
  }

  async remove(key: string): Promise<void> {
    validateKey(key);
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if (isAbsent(err)) return;
      if (errno(err) === "EISDIR") throw new Error(`"${key}" is a directory, not an object: use removePrefix("${key}/").`, { cause: err });
      throw this.writeError(err, path.dirname(this.pathOf(key)));
    }
  }

  async removePrefix(prefix: string): Promise<void> {
    validatePrefix(prefix);
    if (prefix === "") throw new Error("removePrefix() needs a non-empty prefix: refusing to empty the whole repository.");
    const slash = prefix.lastIndexOf("/");
    const dirKey = prefix.slice(0, slash + 1);
    const partial = prefix.slice(slash + 1);
    const dir = this.pathOfDir(dirKey);
    try {
      if (partial === "") {
        await rm(dir, { recursive: true, force: true });
        return;
      }
      for (const entry of await readdirIfPresent(dir)) {
        if (entry.name.startsWith(partial) && isKeyName(entry.name, dirKey)) {
          await rm(path.join(dir, entry.name), { recursive: true, force: true });
        }
      }
    } catch (err) {
      throw this.writeError(err, dir);
    }
  }

  async discardStaging(purpose: string): Promise<void> {
    await discardStagingDirs(path.join(this.root, STAGING_DIR), purpose);
  }

  async stagingDir(purpose: string): Promise<StagingDir> {
    const base = path.join(this.root, STAGING_DIR);
    await this.ensureDir(base);
    try {
      // Inside the repository, so that commit() is a rename on the same file system.
      return await openStagingDir(base, purpose, (dir, files) => this.commitStaged(dir, files));
    } catch (err) {
      throw this.writeError(err, base);
    }
  }

  freeBytes(): Promise<number> {
    return freeBytesAt(this.root);
  }

  // --- internals ---

  private pathOf(key: string): string {
    return path.join(this.root, ...key.split("/"));
  }

  /** `dirKey` is "" or ends with '/'. */
  private pathOfDir(dirKey: string): string {
    return dirKey === "" ? this.root : this.pathOf(dirKey.slice(0, -1));
  }

  /** Creates `dir` (see setDirMode) and fsyncs the parent of every directory it had to create. */
  private async ensureDir(dir: string): Promise<void> {
    try {
      const first = await mkdir(dir, { recursive: true, mode: DIR_MODE });
      if (first === undefined) return;
      const created: string[] = [];
      for (let d = dir; d.length >= first.length; d = path.dirname(d)) created.push(d);
      for (const d of created.reverse()) {
        await setDirMode(d);
        await fsyncDir(path.dirname(d));
      }
    } catch (err) {
      const code = errno(err);
      if (code === "ENOTDIR" || code === "EEXIST") {
        throw new RepositoryAccessError(
          `Wayback cannot write to ${dir}: part of that path is a file, not a directory (${messageOf(err)}).`,
          { cause: err },
        );
      }
      throw this.writeError(err, dir);
    }
  }

  /** Streams `source` into a new file at `tmp`, hashing on the way unless `unhashed` (sha256 "" then), and fsyncs it. */
  private async writeDurably(
    tmp: string,
    source: NodeJS.ReadableStream | Buffer,
    opts: { signal?: AbortSignal; unhashed: boolean },
  ): Promise<Digest> {
    const tap = opts.unhashed ? sizeTap() : sha256Tap();
    await pipeline(
      Buffer.isBuffer(source) ? Readable.from([source]) : source,
      tap.stage,
      // A stream that owns its descriptor: one made from a FileHandle keeps a reference that
      // makes FileHandle.close() wait forever unless the stream itself is closed. A 1 MiB buffer
      // lets the source make its next piece while the previous one is being written.
      createWriteStream(tmp, { flags: "wx", mode: FILE_MODE, highWaterMark: READ_CHUNK }),
      { signal: opts.signal },
    );
    // fsync applies to the file, whichever descriptor asks.
    const fh = await open(tmp, "r");
    try {
      await fh.chmod(FILE_MODE);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return tap.digest();
  }

  private async openObject(key: string): Promise<FileHandle> {
    validateKey(key);
    let fh: FileHandle;
    try {
      fh = await open(this.pathOf(key), "r");
    } catch (err) {
      if (isAbsent(err)) throw new NotFoundError(key);
      throw err;
    }
    if (!(await fh.stat()).isFile()) {
      await fh.close();
      throw new NotFoundError(key);
    }
    return fh;
  }

  /** Depth-first walk in key order: a directory sorts as "<name>/" so the output is globally sorted. */
  private async *walk(dirKey: string, partial: string): AsyncGenerator<{ key: string; size: number }> {
    const entries = (await readdirIfPresent(this.pathOfDir(dirKey)))
      .filter((e) => e.name.startsWith(partial) && isKeyName(e.name, dirKey) && (e.isFile() || e.isDirectory()))
      .map((e) => ({ name: e.name, isDir: e.isDirectory(), sortKey: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => compare(a.sortKey, b.sortKey));
    for (const entry of entries) {
      const key = `${dirKey}${entry.name}`;
      if (entry.isDir) {
        yield* this.walk(`${key}/`, "");
        continue;
      }
      try {
        const st = await lstat(this.pathOf(key));
        if (st.isFile()) yield { key, size: st.size };
      } catch (err) {
        if (!isAbsent(err)) throw err; // removed while listing
      }
    }
  }

  private async commitStaged(dir: string, files: StagedFile[]): Promise<StoredObject[]> {
    const stored: StoredObject[] = [];
    const targetDirs = new Set<string>();
    for (const { rel, key } of files) {
      const source = path.join(dir, ...rel.split("/"));
      const digest = await hashFile(source, { sync: true });
      const target = this.pathOf(key);
      await this.ensureDir(path.dirname(target));
      try {
        await rename(source, target);
      } catch (err) {
        throw this.writeError(err, path.dirname(target));
      }
      targetDirs.add(path.dirname(target));
      stored.push({ key, ...digest });
    }
    for (const d of targetDirs) await fsyncDir(d);
    return stored;
  }

  /** Turns "disk full" and "permission denied" into errors a user can act on. */
  private writeError(err: unknown, dir: string): unknown {
    const code = errno(err);
    if (code === "ENOSPC" || code === "EDQUOT") {
      return new RepositoryFullError(`The repository at ${this.root} is full: ${messageOf(err)}`, { cause: err });
    }
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      return new RepositoryAccessError(`Wayback cannot write to ${dir}: ${messageOf(err)}`, { cause: err });
    }
    return err;
  }
}

/** Free bytes for an unprivileged writer on the file system holding `dir` (or its nearest existing ancestor). */
export async function freeBytesAt(dir: string): Promise<number> {
  const st = await statfs(await nearestExisting(dir));
  return st.bavail * st.bsize;
}

/**
 * A new directory is 0750 and, like the setgid bit (and so the group) the kernel passes down, takes
 * its parent's group-write bit: a cluster's WAL area made group-writable for archive_command
 * (lib/wal/archive-area.ts) stays so below, whichever user makes the directories, and nothing
 * else becomes writable for the group.
 */
async function setDirMode(dir: string): Promise<void> {
  const [own, parent] = await Promise.all([stat(dir), stat(path.dirname(dir))]);
  await chmod(dir, (own.mode & SETGID) | (parent.mode & GROUP_WRITE) | DIR_MODE);
}

/**
 * Moves `tmp` to `target` unless `target` exists, atomically where the file system has hard
 * links; returns true when `target` already existed (and `tmp` is still there).
 */
async function placeWithoutOverwrite(tmp: string, target: string): Promise<boolean> {
  try {
    await link(tmp, target);
  } catch (err) {
    const code = errno(err);
    if (code === "EEXIST") return true;
    if (!code || !NO_HARD_LINKS.has(code)) throw err;
    // No hard links here (some network or FUSE file systems): check, then rename. Two writers
    // racing on the same key could both pass the check; WAL archiving has one writer per cluster.
    if (await exists(target)) return true;
    await rename(tmp, target);
    return false;
  }
  await unlink(tmp);
  return false;
}

async function hashFile(file: string, opts: { sync?: boolean } = {}): Promise<Digest> {
  const fh = await open(file, "r");
  try {
    const digest = await hashHandle(fh);
    if (opts.sync) await fh.sync();
    return digest;
  } finally {
    await fh.close();
  }
}

function hashHandle(fh: FileHandle, signal?: AbortSignal): Promise<Digest> {
  return hashStream(fh.createReadStream({ autoClose: false, start: 0, highWaterMark: READ_CHUNK }), signal);
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } catch (err) {
    if (errno(err) !== "EINVAL") throw err; // some file systems cannot fsync a directory
  } finally {
    await fh.close();
  }
}

async function readdirIfPresent(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isAbsent(err)) return [];
    throw err;
  }
}

/** False for in-progress writes and the staging area, which are not objects. */
function isKeyName(name: string, dirKey: string): boolean {
  return !name.startsWith(TEMP_PREFIX) && !(dirKey === "" && name === STAGING_DIR);
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (err) {
    if (isAbsent(err)) return false;
    throw err;
  }
}

async function nearestExisting(dir: string): Promise<string> {
  for (let d = dir; ; d = path.dirname(d)) {
    if (await exists(d)) return d;
    if (d === path.dirname(d)) return d;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function isAbsent(err: unknown): boolean {
  const code = errno(err);
  return code === "ENOENT" || code === "ENOTDIR";
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
