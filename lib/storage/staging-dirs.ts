/**
 * Staging directories, shared by every backend: a private local directory a tool writes into
 * (pg_basebackup -D), whose files the backend then stores under a prefix. Posix keeps them inside
 * the repository (so commit is a rename); an object store keeps them in its scratch directory.
 */
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { processStat } from "@/lib/pg/proc-stat";
import { validateKey, validatePrefix, type StagingDir, type StoredObject } from "./repository";

/**
 * The worker's scratch space under its spool directory (per host, never in a repository): files of
 * an object store downloaded for a tool, and the plaintext of an encrypted repository
 * (materialised copies and staging directories).
 */
export const scratchDirsOf = (spoolDir: string) => ({
  objects: path.join(spoolDir, "s3-scratch"),
  decrypted: path.join(spoolDir, "decrypted"),
});

/**
 * This process's own directory under a scratch base, `<base>/<pid>-<start time>` (mode 0700): the
 * name says whose it is, so that what a dead process left there (plaintext, for an encrypted
 * repository) can be removed by its reaper or the next start-up sweep (sweepScratchOfDeadProcesses).
 */
export async function ownScratchDir(base: string): Promise<string> {
  const self = processStat(process.pid);
  if (!self) throw new Error(`cannot read /proc/${process.pid}/stat: scratch directories are named by their process`);
  const dir = path.join(base, `${process.pid}-${self.startTime}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Removes the directories under `base` of processes that are gone; returns how many. */
export async function sweepScratchOfDeadProcesses(base: string): Promise<number> {
  let swept = 0;
  for (const name of await readdirOrNone(base)) {
    const owner = /^(\d+)-(\d+)$/.exec(name);
    if (!owner || processStat(Number(owner[1]))?.startTime === owner[2]) continue; // not a process's, or it still runs
    await rm(path.join(base, name), { recursive: true, force: true });
    swept++;
  }
  return swept;
}

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
  // mkdtemp appends six characters to "<purpose>-".
  const own = new RegExp(`^${purpose.replace(/[.]/g, "\\.")}-[A-Za-z0-9]{6}$`);
  const names = await readdirOrNone(base);
  await Promise.all(names.filter((n) => own.test(n)).map((n) => rm(path.join(base, n), { recursive: true, force: true })));
}

async function readdirOrNone(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
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
