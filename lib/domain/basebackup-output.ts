/**
 * What pg_basebackup says on stderr with --progress --verbose, read line by line. Progress
 * lines look like "  12345/67890 kB (18%), 0/1 tablespace" (no carriage returns when stderr is
 * not a terminal); the WAL start and end points are on verbose lines.
 */
export type BaseBackupEvent =
  | { kind: "progress"; doneBytes: number; totalBytes: number }
  | { kind: "start"; lsn: string; timeline: number }
  | { kind: "end"; lsn: string };

const PROGRESS = /^\s*(\d+)\/(\d+) kB \(\d+%\)/;
const START = /write-ahead log start point: ([0-9A-F]+\/[0-9A-F]+) on timeline (\d+)/i;
const END = /write-ahead log end point: ([0-9A-F]+\/[0-9A-F]+)/i;

export function parseBaseBackupLine(line: string): BaseBackupEvent | null {
  const p = PROGRESS.exec(line);
  if (p) return { kind: "progress", doneBytes: Number(p[1]) * 1024, totalBytes: Number(p[2]) * 1024 };
  const s = START.exec(line);
  if (s) return { kind: "start", lsn: s[1]!.toUpperCase(), timeline: Number(s[2]) };
  const e = END.exec(line);
  if (e) return { kind: "end", lsn: e[1]!.toUpperCase() };
  return null;
}
