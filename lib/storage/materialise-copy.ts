import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { LocalCopy, Repository } from "./repository";
import { ownScratchDir } from "./staging-dirs";

/**
 * materialise() for backends that cannot hand over their own files (an object store, an encrypted
 * repository): every object under `prefix` (ending in '/'), read through `repo.get`, written by its
 * key relative to the prefix into a fresh private directory in this process's part of `scratchDir`;
 * release() removes it, a failure half-way leaves nothing, and what a killed worker left is swept
 * by its reaper (sweepScratchOfDeadProcesses).
 */
export async function materialiseCopy(
  repo: Pick<Repository, "list" | "get">,
  prefix: string,
  scratchDir: string,
  signal?: AbortSignal,
): Promise<LocalCopy> {
  if (!prefix.endsWith("/")) throw new Error(`materialise() needs a directory prefix ending in '/', not "${prefix}".`);
  const dir = await mkdtemp(path.join(await ownScratchDir(scratchDir), "materialise-"));
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    for await (const { key } of repo.list(prefix)) {
      const target = path.join(dir, ...key.slice(prefix.length).split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await pipeline(await repo.get(key, { signal }), createWriteStream(target, { flags: "wx", mode: 0o600 }), { signal });
    }
  } catch (err) {
    await release();
    throw err;
  }
  return { path: dir, release };
}
