/**
 * The background pusher of archived-ahead.ts: archives the segments PostgreSQL has marked ready,
 * two at a time, marking each once it is stored and cataloged, until none has been waiting for
 * LINGER_MS (or the server's pg_wal is gone). One per server (the pid file archive_command wrote
 * for it). The first failure stops it: archive_command then archives that file itself and reports
 * the failure to PostgreSQL.
 */
import { access, mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Repository } from "@/lib/repo/repository";
import { markArchivedAhead, MARKER_DIR, pusherPidPath, readyWalFiles } from "./archived-ahead";
import { pushWalFile } from "./push-wal-file";
import type { WalCatalog } from "./wal-catalog";

const PARALLEL = 2;
/**
 * Kept warm this long after the last file: a server that fills a segment more often than this
 * (archive_timeout is usually 60 s or less) has each one archived by a process that is already
 * running and connected, and archive_command answers from bin/wayback.sh without starting Node.
 */
const LINGER_MS = 120_000;
/** How soon a file PostgreSQL marks ready is seen; a readdir of archive_status each time. */
const POLL_MS = 10;
const REPUSH_AFTER_MS = 5_000;

export async function pushAhead(opts: { catalog: WalCatalog; repo: Repository; clusterId: string; walDir: string }): Promise<void> {
  const { walDir } = opts;
  const markers = path.join(walDir, MARKER_DIR);
  await mkdir(markers, { recursive: true, mode: 0o700 });
  if (!(await isWanted(walDir))) return;
  // When this run archived what: PostgreSQL may still list a file as ready for a moment after
  // archive_command took its marker. Past that moment a file ready again (a server restarted
  // before it recorded the file as done) is archived again: the repository and the catalog keep
  // the copy they have and a marker says so.
  const pushedAt = new Map<string, number>();
  const recentlyPushed = (name: string) => Date.now() - (pushedAt.get(name) ?? -Infinity) < REPUSH_AFTER_MS;
  try {
    let idleSince = Date.now();
    while (Date.now() - idleSince < LINGER_MS && (await exists(path.join(walDir, "archive_status")))) {
      const marked = new Set(await readdir(markers));
      const todo = (await readyWalFiles(walDir)).filter((n) => !marked.has(n) && !recentlyPushed(n)).slice(0, PARALLEL);
      if (todo.length === 0) {
        await sleep(POLL_MS);
        continue;
      }
      await Promise.all(
        todo.map(async (name) => {
          const file = path.join(walDir, name);
          await pushWalFile({ catalog: opts.catalog, repo: opts.repo, clusterId: opts.clusterId, filePath: file, source: "push" });
          await markArchivedAhead(file, opts.clusterId);
          pushedAt.set(name, Date.now());
        }),
      );
      idleSince = Date.now();
    }
    await dropOrphanMarkers(walDir, markers);
  } finally {
    await rm(pusherPidPath(walDir), { force: true });
  }
}

const exists = (p: string) => access(p).then(() => true, () => false);

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
