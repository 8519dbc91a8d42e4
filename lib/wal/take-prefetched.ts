import { copyFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { isSegmentName } from "@/lib/domain/wal-segment";

/**
 * restore_command's fast path: moves a segment the restore job already fetched and verified (see
 * prefetch-wal.ts) to where PostgreSQL wants it. False when it is not there (not fetched yet, or
 * not a segment the job expected): the caller fetches it from the repository as usual.
 */
export async function takePrefetched(dir: string, name: string, destPath: string): Promise<boolean> {
  // Only a segment name: "..", "." or a path would move a directory, or a file from elsewhere, into pg_wal.
  if (!isSegmentName(name)) return false;
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
