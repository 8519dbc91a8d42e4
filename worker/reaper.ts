// The worker's reaper: a process of its own (its own session, so a signal for the worker's group
// or terminal does not reach it), started by worker/start-reaper.ts at boot with its stdin a pipe
// that only the worker holds open. The worker never writes to it: end of input means the worker is
// gone, however it died, and the reaper then ends every process group the worker recorded
// (pg_basebackup and its WAL streamer, pg_receivewal, pg_dump...) and exits. See docs/decisions/0010.
//
// Then it removes the worker's scratch directories (plaintext of encrypted repositories among
// them), and when it starts it removes those of every worker on this host that is gone (one whose
// reaper died with it): the start-up sweep, run here so that the worker need not wait for it.
//
// It is bundled into plain JavaScript and run by node without tsx, so it imports nothing heavy:
// no logger (one JSON line in pino's shape on stderr is all it ever says), no catalog, no queue.
import { reapRecordedGroups } from "@/lib/pg/reap-groups";
import { sweepScratchOfDeadProcesses } from "@/lib/storage/staging-dirs";

const [ownerDir, ...scratchBases] = process.argv.slice(2);
if (!ownerDir) throw new Error("usage: reaper.mjs <directory of the worker's process group records> [<scratch directory>...]");

/** Scratch of workers that are gone, in every base; after the programs that might write there have ended. */
async function sweepScratch(): Promise<number> {
  let swept = 0;
  for (const base of scratchBases) swept += await sweepScratchOfDeadProcesses(base);
  return swept;
}

/** pino's levels, so the line reads like the worker's own logs. */
function log(level: "warn" | "error", fields: Record<string, unknown>, msg: string): void {
  process.stderr.write(`${JSON.stringify({ level: level === "warn" ? 40 : 50, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

sweepScratch().then(
  (swept) => {
    if (swept > 0) log("warn", { swept }, "removed the scratch directories of workers that are gone");
  },
  (err: unknown) => log("error", { err: String(err) }, "removing the scratch directories of workers that are gone failed"),
);

process.stdin.on("data", () => {}); // reading is what lets 'end' arrive
process.stdin.once("end", () => {
  reapRecordedGroups(ownerDir).then(
    async (reaped) => {
      if (reaped > 0) log("warn", { reaped }, "the worker is gone: ended the programs it left running");
      const swept = await sweepScratch();
      if (swept > 0) log("warn", { swept }, "the worker is gone: removed its scratch directories");
      process.exit(0);
    },
    (err: unknown) => {
      log("error", { err: String(err) }, "the worker is gone, and ending the programs it left running failed");
      process.exit(1);
    },
  );
});
