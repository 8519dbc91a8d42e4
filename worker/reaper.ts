// The worker's reaper: a process of its own (its own session, so a signal for the worker's group
// or terminal does not reach it), started by worker/start-reaper.ts at boot with its stdin a pipe
// that only the worker holds open. The worker never writes to it: end of input means the worker is
// gone, however it died, and the reaper then ends every process group the worker recorded
// (pg_basebackup and its WAL streamer, pg_receivewal, pg_dump...) and exits. See docs/decisions/0010.
//
// It is bundled into plain JavaScript and run by node without tsx, so it imports nothing heavy:
// no logger (one JSON line in pino's shape on stderr is all it ever says), no catalog, no queue.
import { reapRecordedGroups } from "@/lib/pg/reap-groups";

const ownerDir = process.argv[2];
if (!ownerDir) throw new Error("usage: reaper.mjs <directory of the worker's process group records>");

/** pino's levels, so the line reads like the worker's own logs. */
function log(level: "warn" | "error", fields: Record<string, unknown>, msg: string): void {
  process.stderr.write(`${JSON.stringify({ level: level === "warn" ? 40 : 50, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

process.stdin.on("data", () => {}); // reading is what lets 'end' arrive
process.stdin.once("end", () => {
  reapRecordedGroups(ownerDir).then(
    (reaped) => {
      if (reaped > 0) log("warn", { reaped }, "the worker is gone: ended the programs it left running");
      process.exit(0);
    },
    (err: unknown) => {
      log("error", { err: String(err) }, "the worker is gone, and ending the programs it left running failed");
      process.exit(1);
    },
  );
});
