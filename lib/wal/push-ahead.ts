/**
 * The background pusher of archived-ahead.ts: archives the segments PostgreSQL has marked ready,
 * two at a time, marking each once it is stored and cataloged, until none has been waiting for a
 * few seconds. One per server (the pid file archive_command wrote for it). The first failure stops it:
 * archive_command then archives that file itself and reports the failure to PostgreSQL.
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Repository } from "@/lib/storage/repository";
import { markArchivedAhead, MARKER_DIR, pusherPidPath, readyWalFiles } from "./archived-ahead";
import { pushWalFile } from "./push-wal-file";
import type { WalCatalog } from "./wal-catalog";

const PARALLEL = 2;
const IDLE_EXIT_MS = 3_000;
const POLL_MS = 50;

export async function pushAhead(opts: { catalog: WalCatalog; repo: Repository; clusterId: string; walDir: string }): Promise<void> {
  const { walDir } = opts;
  const markers = path.join(walDir, MARKER_DIR);
  await mkdir(markers, { recursive: true, mode: 0o700 });
  if (!(await isWanted(walDir))) return;
  // What this run archived: PostgreSQL may still list a file as ready for a moment after
  // archive_command took its marker.
  const pushed = new Set<string>();
  try {
    let idleSince = Date.now();
    while (Date.now() - idleSince < IDLE_EXIT_MS) {
      const marked = new Set(await readdir(markers));
      const todo = (await readyWalFiles(walDir)).filter((n) => !marked.has(n) && !pushed.has(n)).slice(0, PARALLEL);
      if (todo.length === 0) {
        await sleep(POLL_MS);
        continue;
      }
      await Promise.all(
        todo.map(async (name) => {
          const file = path.join(walDir, name);
          await pushWalFile({ catalog: opts.catalog, repo: opts.repo, clusterId: opts.clusterId, filePath: file, source: "push" });
          await markArchivedAhead(file, opts.clusterId);
          pushed.add(name);
        }),
      );
      idleSince = Date.now();
    }
    await dropOrphanMarkers(walDir, markers);
  } finally {
    await rm(pusherPidPath(walDir), { force: true });
  }
}

/** archive_command writes our pid just after starting us; anything else means we are not wanted. */
async function isWanted(walDir: string): Promise<boolean> {
  for (let waited = 0; waited < 2_000; waited += POLL_MS) {
    const pid = await readFile(pusherPidPath(walDir), "utf8").catch(() => "");
    if (pid === String(process.pid)) return true;
    if (pid !== "") return false;
    await sleep(POLL_MS);
  }
  return false;
}

/** Markers for files PostgreSQL no longer waits on (it archived them while this one was busy). */
async function dropOrphanMarkers(walDir: string, markers: string): Promise<void> {
  const ready = new Set(await readyWalFiles(walDir));
  const own = path.basename(pusherPidPath(walDir));
  for (const name of await readdir(markers)) {
    if (name !== own && !ready.has(name)) await rm(path.join(markers, name), { force: true });
  }
}
