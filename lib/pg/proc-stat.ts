// The two fields of /proc/<pid>/stat that identify a process and its group over time.
import fs from "node:fs";

export interface ProcessStat {
  /** Process group id (field 5). */
  pgid: number;
  /** Clock ticks after boot when the process started (field 22): with the pid, unique over time. */
  startTime: string;
  /** State Z: exited, waiting for its parent to collect it. */
  zombie: boolean;
}

/** Parses the text of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function parseProcessStat(text: string): ProcessStat | null {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state).
  const pgid = Number(fields[2]);
  const startTime = fields[19];
  if (!Number.isInteger(pgid) || !startTime || !/^\d+$/.test(startTime)) return null;
  return { pgid, startTime, zombie: fields[0] === "Z" };
}

/** null when the process does not exist (any more). */
export function processStat(pid: number): ProcessStat | null {
  try {
    return parseProcessStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}
