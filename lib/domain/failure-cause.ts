// What a failed PostgreSQL tool's output says went wrong, as one line to lead its error message
// with. pg_basebackup prints a progress line per second before the reason it stopped, and an
// alert or a job list that shows the first line of an error should show the reason, not "73918/
// 99701 kB (74%)". The server's own words win (PANIC, then FATAL, then ERROR: the first line of
// the most severe level, which is where a cascade of errors started); then the tool's own
// "<tool>: error: ..." line; else the last line that is not progress.

const SEVERITIES = ["PANIC", "FATAL", "ERROR"] as const;
const PROGRESS = /^\d+\/\d+ kB \(\d+%\)/;
const TOOL_ERROR = /^[\w.-]+: error: /;

/** The cause line of `output` (stderr, else stdout) without the "<tool>: error: " prefix, or null when it has none. */
export function failureCause(output: string): string | null {
  const lines = output
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  for (const severity of SEVERITIES) {
    const line = lines.find((l) => new RegExp(`\\b${severity}:\\s`).test(l));
    if (line) return withoutToolPrefix(line);
  }
  const toolError = lines.find((l) => TOOL_ERROR.test(l));
  if (toolError) return withoutToolPrefix(toolError);
  const last = lines.findLast((l) => !PROGRESS.test(l));
  return last ?? null;
}

function withoutToolPrefix(line: string): string {
  return line.replace(TOOL_ERROR, "");
}

/** The message of a failed program: the cause first, in one line, then the output's tail. */
export function describeProgramFailure(init: { program: string; status: string; cause: string | null; tail: string }): string {
  const first = `${init.program} failed: ${init.cause ?? init.status}`;
  const rest = [init.tail, init.cause ? `(${init.status})` : ""].filter((s) => s !== "");
  return [first, ...rest].join("\n");
}
