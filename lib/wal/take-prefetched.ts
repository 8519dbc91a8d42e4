import { copyFile, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { isHistoryFileName, isSegmentName } from "@/lib/domain/wal-segment";

/**
 * restore_command's fast path: moves a file the restore job already fetched and verified (see
 * prefetch-wal.ts) to where PostgreSQL wants it. False when it is not there (not fetched yet, or
 * not a file the job expected): the caller fetches it from the repository as usual.
 */
export async function takePrefetched(dir: string, name: string, destPath: string): Promise<boolean> {
  // Only a WAL file's name: "..", "." or a path would move a directory, or a file from elsewhere, into pg_wal.
  if (!isWalFileName(name)) return false;
  const from = path.join(dir, name);
  const dest = path.resolve(destPath);
  try {
    await rename(from, dest);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return false;
    if (code !== "EXDEV") throw err;
  }
  // The directory is on another file system than pg_wal: copy beside the destination, then rename.
  const tmp = `${dest}.wayback-prefetched`;
  await copyFile(from, tmp);
  await rename(tmp, dest);
  await rm(from, { force: true });
  return true;
}

/** The file names of the exchange in a served directory (see startWalPrefetch's `serve`). */
export const served = {
  want: (name: string) => `${name}.want`,
  absent: (name: string) => `${name}.absent`,
  failed: ".failed",
  heartbeat: ".serving",
};

/** How long the serving job may fall silent before restore_command gives up on it. */
const HEARTBEAT_STALE_MS = 60_000;
const POLL_MS = 20;

/** The answer "not in the archive": wal-fetch exits 1 for it, as for a file the repository lacks. */
export class ServedFileAbsentError extends Error {
  constructor(name: string) {
    super(`WAL file ${name} is not in the archive.`);
    this.name = "WalFileNotFoundError";
  }
}

/**
 * restore_command for a repository the CLI cannot read (an encrypted one: it holds no key). The
 * restore job serves WAL in `dir`: a file fetched ahead is taken at once; any other is asked for
 * (`<name>.want`) and waited for, until the job puts it there or answers `<name>.absent` (not in
 * the archive). The job's failure (`.failed`), or its silence (a stale `.serving`), fails.
 */
export async function takeServed(dir: string, name: string, destPath: string): Promise<void> {
  if (!isWalFileName(name)) throw new ServedFileAbsentError(name);
  for (;;) {
    if (await takePrefetched(dir, name, destPath)) return;
    if (await removed(path.join(dir, served.absent(name)))) throw new ServedFileAbsentError(name);
    const failure = await readFile(path.join(dir, served.failed), "utf8").catch(() => null);
    if (failure !== null) throw new Error(`the restore job could not serve WAL file ${name}: ${failure}`);
    const beat = await stat(path.join(dir, served.heartbeat)).catch(() => null);
    if (!beat || Date.now() - beat.mtimeMs > HEARTBEAT_STALE_MS)
      throw new Error(`no restore job is serving WAL in ${dir} (it stopped or its worker died): cannot fetch ${name}`);
    // Asked again whenever no question is pending: the job may have answered between our looks.
    await writeFile(path.join(dir, served.want(name)), "", { flag: "wx" }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    await sleep(POLL_MS);
  }
}

/** Removes `file`; false when it was not there. */
const removed = (file: string) =>
  rm(file).then(
    () => true,
    () => false,
  );

function isWalFileName(name: string): boolean {
  return isSegmentName(name) || isHistoryFileName(name);
}
