/**
 * Staging directories, shared by every backend: a private local directory a tool writes into
 * (pg_basebackup -D), whose files the backend then stores under a prefix. Posix keeps them inside
 * the repository (so commit is a rename); an object store keeps them in its scratch directory.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { validateKey, validatePrefix, type StagingDir, type StoredObject } from "./repository";

const PURPOSE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The files of a staging directory to store: `rel` under the directory, `key` in the repository. */
export type StagedFile = { rel: string; key: string };

/** A fresh directory `<base>/<purpose>-XXXXXX` (mode 0700); `base` must exist. */
export async function openStagingDir(
  base: string,
  purpose: string,
  store: (dir: string, files: StagedFile[]) => Promise<StoredObject[]>,
): Promise<StagingDir> {
  checkPurpose(purpose);
  const dir = await mkdtemp(path.join(base, `${purpose}-`));
  let state: "open" | "committed" | "discarded" = "open";
  return {
    path: dir,
    commit: async (prefix) => {
      if (state !== "open") throw new Error(`The staging directory ${dir} was already ${state}.`);
      const stored = await store(dir, await stagedKeys(dir, prefix));
      state = "committed";
      await rm(dir, { recursive: true, force: true });
      return stored;
    },
    discard: async () => {
      if (state === "open") state = "discarded";
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Removes every staging directory made under `base` for `purpose` (left behind by a process that died). */
export async function discardStagingDirs(base: string, purpose: string): Promise<void> {
  checkPurpose(purpose);
  let names: string[];
  try {
    names = await readdir(base);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  // mkdtemp appends six characters to "<purpose>-".
  const own = new RegExp(`^${purpose.replace(/[.]/g, "\\.")}-[A-Za-z0-9]{6}$`);
  await Promise.all(names.filter((n) => own.test(n)).map((n) => rm(path.join(base, n), { recursive: true, force: true })));
}

function checkPurpose(purpose: string): void {
  if (!PURPOSE.test(purpose)) {
    throw new Error(`Invalid staging purpose "${purpose}": use letters, digits, '.', '_' and '-' (at most 64).`);
  }
}

/** Every staged file with its key under `prefix`, all validated before anything is stored. */
async function stagedKeys(dir: string, prefix: string): Promise<StagedFile[]> {
  validatePrefix(prefix);
  if (prefix === "") throw new Error("commit() needs a non-empty prefix.");
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  return (await stagedFiles(dir, "")).map((rel) => ({ rel, key: validateKey(`${base}${rel}`) }));
}

/** Regular files under `dir`, as '/'-separated paths relative to it, sorted. */
async function stagedFiles(dir: string, rel: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, ...rel.split("/").filter(Boolean)), { withFileTypes: true })) {
    const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await stagedFiles(dir, child)));
    else if (entry.isFile()) out.push(child);
    else {
      throw new Error(
        `The staging directory ${dir} contains "${child}", which is neither a regular file nor a directory: ` +
          "only regular files can be stored in a repository.",
      );
    }
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
