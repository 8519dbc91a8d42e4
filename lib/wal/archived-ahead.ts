/**
 * Archiving ahead of archive_command. PostgreSQL's archiver runs archive_command once per segment,
 * one after the other, and waits for each; a process start, a catalog round trip, SHA-256 and an
 * fsync per segment add up to more than the copy. When several segments are waiting (`.ready` in
 * pg_wal/archive_status), `wayback wal-push` starts one background pusher that archives them, two
 * at a time, through one catalog connection; for each one fully archived (stored, checksummed,
 * cataloged) it leaves a marker in pg_wal/wayback-archived/. archive_command then only has to find
 * the marker for its file — and check that it describes this very file (inode, size, mtime) — to
 * answer at once: bin/wayback.sh does that without starting Node; this module when it cannot.
 *
 * The markers live inside pg_wal on purpose: they belong to this server's WAL, pg_basebackup never
 * copies pg_wal's contents, and a re-initialised server starts without stale ones.
 *
 * This module is on archive_command's fast path: node builtins only.
 */
import { spawn } from "node:child_process";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processAlive } from "@/lib/pg/os-user";

export const MARKER_DIR = "wayback-archived";
const PUSHER_PID = "pusher.pid";

const markerPath = (walDir: string, name: string) => path.join(walDir, MARKER_DIR, name);
export const pusherPidPath = (walDir: string) => path.join(walDir, MARKER_DIR, PUSHER_PID);

/**
 * A marker names the cluster and the file as `stat -c '%i %s %.9Y'` prints it (inode, size,
 * modification time in seconds with nanoseconds), so bin/wayback.sh can check it without Node.
 */
async function markerLine(walFile: string, clusterId: string): Promise<string | null> {
  const s = await stat(walFile, { bigint: true }).catch(() => null);
  if (s === null) return null;
  const ns = s.mtimeNs % 1_000_000_000n;
  return `${clusterId} ${s.ino} ${s.size} ${s.mtimeNs / 1_000_000_000n}.${ns.toString().padStart(9, "0")}`;
}

/** Records that `walFile` (as it is now) is archived for `clusterId`. Written whole or not at all. */
export async function markArchivedAhead(walFile: string, clusterId: string): Promise<void> {
  const line = await markerLine(walFile, clusterId);
  if (line === null) throw new Error(`${walFile} disappeared while it was being archived.`);
  const dest = markerPath(path.dirname(walFile), path.basename(walFile));
  await writeFile(`${dest}.tmp`, line, { mode: 0o600 });
  await rename(`${dest}.tmp`, dest);
}

/**
 * True when the pusher archived exactly this file for this cluster; the marker is used up. A marker
 * that does not match (another cluster id, a file rewritten since) is removed and says nothing.
 */
export async function takeArchivedAhead(walFile: string, clusterId: string): Promise<boolean> {
  const file = markerPath(path.dirname(walFile), path.basename(walFile));
  const marker = await readFile(file, "utf8").catch(() => null);
  if (marker === null) return false;
  await rm(file, { force: true });
  return marker === (await markerLine(walFile, clusterId));
}

/** The files PostgreSQL is waiting to archive, in the order its archiver takes them: timeline history files first, then by name. */
export async function readyWalFiles(walDir: string): Promise<string[]> {
  const names = await readdir(path.join(walDir, "archive_status")).catch(() => [] as string[]);
  const ready = names.filter((n) => n.endsWith(".ready")).map((n) => n.slice(0, -".ready".length));
  const history = (n: string) => (n.endsWith(".history") ? 0 : 1);
  return ready.sort((a, b) => history(a) - history(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Starts the background pusher when it helps: this file is one of several PostgreSQL is waiting
 * to archive. True when one is running for this server afterwards (started now, or already).
 * The pid file is written here, before the pusher has even loaded, so that this and the next
 * archive_command wait for it instead of archiving the same files beside it.
 */
export async function startPusherIfUseful(walFile: string, argv: { script: string; args: string[] }): Promise<boolean> {
  const walDir = path.dirname(path.resolve(walFile));
  const ready = await readyWalFiles(walDir);
  if (!ready.includes(path.basename(walFile))) return false;
  if ((await pusherPid(walDir)) !== null) return true;
  if (ready.length < 2) return false;
  await mkdir(path.join(walDir, MARKER_DIR), { recursive: true, mode: 0o700 });
  // Not runProcess(): the pusher is this CLI's own code, meant to outlive this archive_command,
  // and it needs wal-push's environment (its configuration) to reach the catalog.
  const child = spawn(process.execPath, [argv.script, ...argv.args, walDir], { detached: true, stdio: "ignore" });
  child.unref();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(pusherPidPath(walDir), String(child.pid), { flag: "wx", mode: 0o600 });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      if ((await pusherPid(walDir)) !== null) break;
      await rm(pusherPidPath(walDir), { force: true }); // its pusher died without removing it
    }
  }
  child.kill();
  return (await pusherPid(walDir)) !== null;
}

/** The running pusher's pid, or null. */
export async function pusherPid(walDir: string): Promise<number | null> {
  const pid = Number(await readFile(pusherPidPath(walDir), "utf8").catch(() => "NaN"));
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
}

/**
 * While a pusher runs, waits for it to archive `walFile`. False when it stopped (finished, or
 * failed: the caller then archives the file itself and reports why it cannot) or took too long.
 */
export async function waitForArchivedAhead(walFile: string, clusterId: string, timeoutMs = 120_000): Promise<boolean> {
  const walDir = path.dirname(walFile);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await takeArchivedAhead(walFile, clusterId)) return true;
    if ((await pusherPid(walDir)) === null) return takeArchivedAhead(walFile, clusterId);
    await sleep(10);
  }
  return false;
}
