import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import path from "node:path";
import { logger } from "@/lib/log";
import { buildEnv } from "@/lib/pg/run-process";

/**
 * Starts worker/reaper.ts for this worker's process-group records in `ownerDir`. It runs in a
 * session of its own and outlives us; the pipe on its stdin closes when we exit, however we exit.
 */
export function startReaper(ownerDir: string): void {
  // The same node and loader flags (tsx) this worker runs with; like any child, none of our secrets.
  const reaper = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "reaper.ts"), ownerDir], {
    detached: true,
    env: buildEnv(undefined),
    stdio: ["pipe", "inherit", "inherit"],
  });
  reaper.on("exit", (code, signal) => {
    // Without it, a worker killed now leaves its programs running until the next worker starts.
    logger.warn({ code, signal }, "the reaper exited while the worker runs; programs of a killed worker will be ended by the next worker's start-up sweep");
  });
  // Neither the reaper nor its pipe keeps this process alive.
  reaper.unref();
  const pipe = reaper.stdin as Socket;
  pipe.on("error", () => {}); // the reaper gone: its exit is logged above
  pipe.unref();
}
