import { readFileSync } from "node:fs";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { markWorkerStopped, recordHeartbeat, type WorkerBeat } from "@/lib/workers/record-heartbeat";

/** This checkout's version, as package.json says: what the Workers page shows per worker. */
export const WORKER_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/**
 * Records this worker's heartbeat now and every `intervalMs` (what it runs is read at each beat).
 * A beat that fails is logged and the next one tries again: a worker that cannot reach the catalog
 * shows as gone, which is what it is to everyone else.
 */
export function startHeartbeat(db: Db, beat: () => WorkerBeat, intervalMs: number): { stop(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  const once = () => {
    last = recordHeartbeat(db, beat()).catch((err: unknown) => logger.error({ err }, "could not record the worker's heartbeat"));
  };
  once();
  const timer = setInterval(once, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await last;
      await markWorkerStopped(db, beat().id).catch((err: unknown) => logger.error({ err }, "could not record that the worker stopped"));
    },
  };
}
