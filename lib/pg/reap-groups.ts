// Ends the process groups a worker recorded (lib/pg/process-groups.ts) when the worker is no
// longer there to end them: its reaper does it the moment the worker dies, and every worker's
// start-up sweep does it for a worker whose reaper died with it.
import fs from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { processStat, type ProcessStat } from "@/lib/pg/proc-stat";
import { signalProcessGroup } from "@/lib/pg/process-groups";

const DEFAULT_GRACE_MS = 5_000;
const POLL_MS = 100;

/**
 * Ends every group recorded in `ownerDir` (one worker's records): SIGTERM, and SIGKILL to what is
 * left after `graceMs`; then removes the records. Returns how many groups still had processes.
 */
export async function reapRecordedGroups(ownerDir: string, graceMs = DEFAULT_GRACE_MS): Promise<number> {
  const names = await fs.readdir(ownerDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  const live: number[] = [];
  for (const name of names) {
    const pgid = Number(name);
    const startTime = (await fs.readFile(path.join(ownerDir, name), "utf8").catch(() => "")).trim();
    if (Number.isInteger(pgid) && pgid > 1 && startTime && (await groupMembers(pgid, startTime)).length > 0) live.push(pgid);
  }
  for (const pgid of live) signalProcessGroup(pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  let left = live;
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    left = (await Promise.all(left.map(async (pgid) => ((await anyMember(pgid)) ? pgid : null)))).filter((p) => p !== null);
  }
  for (const pgid of left) signalProcessGroup(pgid, "SIGKILL");
  await fs.rm(ownerDir, { recursive: true, force: true });
  return live.length;
}

/** The start-up sweep: reaps the records of every worker that is gone (`<pid>-<start time>` no longer running). */
export async function reapGroupsOfDeadWorkers(registryDir: string, graceMs = DEFAULT_GRACE_MS): Promise<number> {
  let reaped = 0;
  for (const owner of await fs.readdir(registryDir).catch(() => [])) {
    const [pid, startTime] = owner.split("-");
    if (processStat(Number(pid))?.startTime === startTime) continue; // that worker still runs
    reaped += await reapRecordedGroups(path.join(registryDir, owner), graceMs);
  }
  return reaped;
}

/**
 * Processes in group `pgid` that started no earlier than its recorded leader: the group's own.
 * A pid is never handed out while a group of that id has members, so a later, unrelated group
 * with the same id can only exist once the recorded one is empty, and then its leader has a
 * different start time.
 */
async function groupMembers(pgid: number, leaderStart: string): Promise<number[]> {
  const leader = processStat(pgid);
  if (leader && leader.startTime !== leaderStart) return []; // the pid was reused
  return (await membersOf(pgid)).filter(([, stat]) => BigInt(stat.startTime) >= BigInt(leaderStart)).map(([pid]) => pid);
}

async function anyMember(pgid: number): Promise<boolean> {
  return (await membersOf(pgid)).length > 0;
}

async function membersOf(pgid: number): Promise<[number, ProcessStat][]> {
  const out: [number, ProcessStat][] = [];
  for (const name of await fs.readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = processStat(Number(name));
    // A zombie keeps its group until its parent reaps it, but it is already dead.
    if (stat?.pgid === pgid && !stat.zombie) out.push([Number(name), stat]);
  }
  return out;
}
