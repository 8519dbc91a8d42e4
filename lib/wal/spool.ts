import fs from "node:fs/promises";
import path from "node:path";
import { isHistoryFileName, isSegmentName } from "@/lib/domain/wal-segment";

/**
 * The receiver's local spool: pg_receivewal writes here, completed files move to the repository.
 * `.partial` files are the segment still being received and are never moved. Segments go in name
 * order so the archive grows without holes; each local file is removed only after it is stored.
 * Returns the names moved.
 */
export async function drainSpool(dir: string, push: (file: string) => Promise<void>): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => isSegmentName(n) || isHistoryFileName(n)).sort(historyFirst);
  for (const name of names) {
    const file = path.join(dir, name);
    await push(file);
    await fs.rm(file, { force: true });
  }
  return names;
}

// A history file names the timeline its segments belong to: store it before them.
function historyFirst(a: string, b: string): number {
  const ha = isHistoryFileName(a);
  const hb = isHistoryFileName(b);
  if (ha !== hb) return ha ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
