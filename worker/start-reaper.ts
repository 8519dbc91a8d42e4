import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { renameSync } from "node:fs";
import type { Socket } from "node:net";
import path from "node:path";
import { buildSync } from "esbuild";
import { logger } from "@/lib/log";
import { buildEnv } from "@/lib/pg/run-process";
import { scratchDirsOf } from "@/lib/storage/staging-dirs";

/**
 * Starts worker/reaper.ts for this worker's process-group records in `ownerDir` and the scratch
 * directories under `bundleDir` (the spool). It runs in a session of its own and outlives us; the
 * pipe on its stdin closes when we exit, however we exit.
 * `bundleDir` (the spool, which is per host) receives the reaper bundled into one plain JavaScript
 * file, which node runs without the tsx loader the worker needs: about 45 MB resident instead of 82.
 */
export function startReaper(ownerDir: string, bundleDir: string): void {
  const script = bundleReaper(bundleDir);
  // The spool is where this worker's scratch lives too (lib/storage/open-repository.ts).
  const scratch = Object.values(scratchDirsOf(bundleDir));
  // Like any child, none of our secrets.
  const reaper = spawn(process.execPath, [script, ownerDir, ...scratch], {
    detached: true,
    env: buildEnv(undefined),
    stdio: ["pipe", "inherit", "inherit"],
  });
  reaper.on("exit", (code, signal) => {
    // Without it, a worker killed now leaves its programs running until the next worker starts.
    logger.warn(
      { code, signal },
      "the reaper exited while the worker runs; programs of a killed worker will be ended by the next worker's start-up sweep",
    );
  });
  // Neither the reaper nor its pipe keeps this process alive.
  reaper.unref();
  const pipe = reaper.stdin as Socket;
  pipe.on("error", () => {}); // the reaper gone: its exit is logged above
  pipe.unref();
}

/**
 * Bundles worker/reaper.ts into `<dir>/reaper.mjs` (a few ms: it is small). Every worker on the
 * host writes the same file, each through a name of its own and a rename, so a reaper starting
 * meanwhile reads a whole file, never a half-written one.
 */
function bundleReaper(dir: string): string {
  const script = path.join(dir, "reaper.mjs");
  const partial = `${script}.${randomUUID()}`;
  buildSync({
    entryPoints: [path.join(import.meta.dirname, "reaper.ts")],
    outfile: partial,
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    tsconfig: path.join(import.meta.dirname, "..", "tsconfig.json"),
    logLevel: "silent",
  });
  renameSync(partial, script);
  return script;
}
