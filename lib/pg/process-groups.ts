// Every program runProcess()/spawnStream() start runs in a process group of its own (a new
// session: spawned detached), so the whole group can be signalled at once: pg_basebackup forks
// its WAL-streaming child, and ending only the parent left that child running, connected to the
// server, writing into a deleted file. A worker process also records each live group in a file
// (see recordProcessGroupsIn), so that when the worker dies without cleaning up (SIGKILL, OOM),
// its reaper, or the next worker's start-up sweep, can end what it left (lib/pg/reap-groups.ts).
// See docs/decisions/0010.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { processStat } from "@/lib/pg/proc-stat";

let registry: string | null = null;

/**
 * From now on every group this process starts is recorded as `<dir>/<pid>-<start time>/<group>`
 * (the start time tells a live process from a later one that got the same pid). Returns the
 * directory holding this process's records.
 */
export function recordProcessGroupsIn(dir: string): string {
  const self = processStat(process.pid);
  if (!self) throw new Error(`cannot read /proc/${process.pid}/stat: recording process groups needs Linux's /proc`);
  registry = path.join(dir, `${process.pid}-${self.startTime}`);
  fs.mkdirSync(registry, { recursive: true, mode: 0o700 });
  return registry;
}

/** spawn() in a new process group (and session), recorded while its leader runs. */
export function spawnInGroup(program: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(program, args, { ...options, detached: true });
  const pid = child.pid;
  if (pid === undefined) return child; // not started: the 'error' event says why
  const record = registry ? path.join(registry, String(pid)) : null;
  const stat = record ? processStat(pid) : null;
  // Written synchronously, before anything else can run: a worker killed a moment later must
  // not leave an unrecorded group.
  if (record && stat) {
    try {
      fs.writeFileSync(record, stat.startTime);
    } catch (err) {
      // An unrecorded program could outlive a killed worker: better not run it.
      signalProcessGroup(pid, "SIGKILL");
      throw new Error(
        `${path.basename(program)} was stopped: its process group could not be recorded in ${registry} (${(err as Error).message})`,
        { cause: err },
      );
    }
  }
  child.once("exit", () => {
    // The program is done; anything it left in its group (a forked helper) goes with it.
    signalProcessGroup(pid, "SIGKILL");
    if (record) fs.rmSync(record, { force: true });
  });
  return child;
}

/** Signals every process of the group led by `pid`; a group that is gone is not an error. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
  }
}

/** Time between SIGTERM and SIGKILL when a program is ended early (abort, timeout, stop). */
export const DEFAULT_KILL_GRACE_MS = 5_000;

/**
 * Ends the group `child` leads, as runProcess() and spawnStream() both do: SIGTERM now, SIGKILL
 * after `graceMs` for whatever ignored it. terminate() is false (and sends nothing) when the child
 * never started or has exited already; cancel() once the program is gone.
 */
export function groupTerminator(child: ChildProcess, graceMs = DEFAULT_KILL_GRACE_MS): { terminate(): boolean; cancel(): void } {
  let killTimer: NodeJS.Timeout | undefined;
  return {
    terminate() {
      const pid = child.pid;
      if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
      signalProcessGroup(pid, "SIGTERM");
      killTimer ??= setTimeout(() => signalProcessGroup(pid, "SIGKILL"), graceMs);
      killTimer.unref();
      return true;
    },
    cancel: () => clearTimeout(killTimer),
  };
}
