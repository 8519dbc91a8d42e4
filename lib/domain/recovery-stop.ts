import { failureCause } from "@/lib/domain/failure-cause";

// wal-fetch's status when it cannot tell whether a file is archived (bin/wayback.ts).
const UNREADABLE = /could not restore file "([^"]+)" from archive: child process exited with exit code 255/;
const TARGET_NOT_REACHED = /recovery ended before configured recovery target was reached/;
const WAL_FETCH_SAYS = /^wayback: (.*)$/m;

/**
 * Whether a server's log shows it stopping recovery on purpose (the archive out of reach, the
 * target not reached) rather than failing for another reason.
 */
export function stoppedRecovery(logTail: string): boolean {
  return UNREADABLE.test(logTail) || TARGET_NOT_REACHED.test(logTail);
}

/**
 * The first line of a restore's error when its server stopped during recovery, from the server's
 * log tail: why it stopped, in words that say what to fix, and that the copy never promoted.
 */
export function recoveryStopReason(logTail: string): string {
  const unreadable = UNREADABLE.exec(logTail);
  if (unreadable) {
    const why = WAL_FETCH_SAYS.exec(logTail)?.[1];
    return (
      `PostgreSQL stopped recovery, not promoted: WAL file ${unreadable[1]} could not be read from the archive${why ? ` (${why})` : ""}. ` +
      "Check that the catalog and the repository are reachable from this host, then restore again."
    );
  }
  if (TARGET_NOT_REACHED.test(logTail)) {
    return "PostgreSQL stopped recovery, not promoted: the archived WAL ends before the recovery target. Choose a target inside a recoverable window.";
  }
  const cause = failureCause(logTail);
  return `PostgreSQL stopped during recovery${cause ? `: ${cause.replace(/^.*?\b(PANIC|FATAL|ERROR):\s+/, "")}` : ""}`;
}
