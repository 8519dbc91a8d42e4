/**
 * Which directories a user may choose as a repository root, and whether one is usable. Both
 * produce user-facing messages (they appear under the form field) as RepositoryRootError.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, realpathSync } from "node:fs";
import { mkdir, open, rm, stat, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freeBytesAt } from "@/lib/storage/posix";
import { TEMP_PREFIX } from "@/lib/storage/repository";

export class RepositoryRootError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RepositoryRootError";
  }
}

/**
 * Resolves `requested` (an absolute path, which need not exist yet) through the symbolic links of
 * its deepest existing ancestor and requires the result to be one of `allowedRoots` or inside one.
 * Returns the resolved path: the one that was checked, and the one to use.
 */
export function resolveRepositoryRoot(requested: string, allowedRoots: string[]): string {
  if (allowedRoots.length === 0) {
    throw new RepositoryRootError(
      "No repository locations are allowed on this server: an administrator must configure the allowed repository roots first.",
    );
  }
  const allowed = `Allowed locations: ${allowedRoots.join(", ")}.`;
  if (requested.includes("\0")) throw new RepositoryRootError(`The path must not contain NUL characters. ${allowed}`);
  if (!path.isAbsolute(requested)) throw new RepositoryRootError(`Enter an absolute path (starting with "/"). ${allowed}`);
  const resolved = resolveThroughLinks(requested);
  const roots = allowedRoots.map((root) => resolveThroughLinks(path.resolve(root)));
  if (!roots.some((root) => isInside(resolved, root))) {
    const shown = resolved === path.resolve(requested) ? requested : `${requested} (which resolves to ${resolved})`;
    throw new RepositoryRootError(`${shown} is outside the allowed repository locations. ${allowed}`);
  }
  return resolved;
}

/**
 * Creates `root` if needed, writes, fsyncs and removes a probe file, and returns the free bytes
 * there. Runs as the calling process's user: call it where the repository will be written from.
 */
export async function checkRepositoryWritable(root: string): Promise<number> {
  if (!path.isAbsolute(root)) throw new RepositoryRootError(`Enter an absolute path (starting with "/"), not "${root}".`);
  try {
    await mkdir(root, { recursive: true, mode: 0o750 });
  } catch (err) {
    throw await userError(err, root);
  }
  const probe = path.join(root, `${TEMP_PREFIX}probe-${randomBytes(8).toString("hex")}`);
  try {
    const fh = await open(probe, "wx", 0o600);
    try {
      await fh.writeFile("Wayback write probe\n");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await unlink(probe);
  } catch (err) {
    // The probe is all we created; the error being reported is the write failure.
    await rm(probe, { force: true }).catch(() => undefined);
    throw await userError(err, root);
  }
  return freeBytesAt(root);
}

/** realpath of the deepest existing ancestor, plus the segments that do not exist yet. */
function resolveThroughLinks(absolute: string): string {
  const missing: string[] = [];
  for (let current = path.resolve(absolute); ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync.native(current), ...missing.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EACCES") throw new RepositoryRootError(`Wayback cannot look inside ${current}: permission denied.`, { cause: err });
      if (code !== "ENOENT" && code !== "ENOTDIR") throw err;
      if (isDanglingLink(current)) {
        throw new RepositoryRootError(`${current} is a symbolic link to something that does not exist.`, { cause: err });
      }
      if (current === path.dirname(current)) throw err;
      missing.push(path.basename(current));
    }
  }
}

function isDanglingLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false; // nothing there at all
  }
}

function isInside(candidate: string, root: string): boolean {
  if (candidate === root) return true;
  return candidate.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

async function userError(err: unknown, root: string): Promise<RepositoryRootError> {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case "ENOTDIR":
    case "EEXIST": {
      const file = await firstNonDirectory(root);
      return new RepositoryRootError(`${root} cannot be used: ${file ?? "part of that path"} is a file, not a directory.`, { cause: err });
    }
    case "EACCES":
    case "EPERM":
      return new RepositoryRootError(`Wayback cannot write to ${root}: permission denied for the user it runs as (${currentUser()}).`, {
        cause: err,
      });
    case "EROFS":
      return new RepositoryRootError(`Wayback cannot write to ${root}: the file system is read-only.`, { cause: err });
    case "ENOSPC":
    case "EDQUOT":
      return new RepositoryRootError(`The file system holding ${root} is full.`, { cause: err });
    default:
      return new RepositoryRootError(`Wayback cannot use ${root}: ${detail}`, { cause: err });
  }
}

/** The path component of `p` that exists but is not a directory, if any. */
async function firstNonDirectory(p: string): Promise<string | null> {
  const parts = path.resolve(p).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = path.sep + parts.slice(0, i).join(path.sep);
    try {
      if (!(await stat(prefix)).isDirectory()) return prefix;
    } catch {
      return null; // the rest does not exist
    }
  }
  return null;
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? "unknown"}`;
  }
}
