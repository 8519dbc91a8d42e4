/**
 * What went wrong in a restore, from the restoring tool's output: pg_restore prints each failure
 * as "pg_restore: error: …" followed by the detail and the command that failed, and a total
 * ("errors ignored on restore: N"); psql prints "psql:<file>:<line>: ERROR:  …".
 */
export interface RestoreErrors {
  count: number;
  /** Each failure with its detail lines, as the tool printed it. */
  messages: string[];
}

export function parsePgRestoreErrors(output: string): RestoreErrors {
  const messages: string[] = [];
  let current: string[] | null = null;
  let total: number | null = null;
  for (const line of output.split("\n")) {
    const ignored = /^pg_restore: warning: errors ignored on restore: (\d+)/.exec(line);
    if (ignored) total = Number(ignored[1]);
    if (line.startsWith("pg_restore: ")) {
      if (current) messages.push(current.join("\n").trim());
      current = line.startsWith("pg_restore: error: ") ? [line.slice("pg_restore: error: ".length)] : null;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) messages.push(current.join("\n").trim());
  return { count: total ?? messages.length, messages };
}

export function parsePsqlErrors(output: string): RestoreErrors {
  const messages: string[] = [];
  let current: string[] | null = null;
  for (const line of output.split("\n")) {
    if (/^psql:.*?: (ERROR|FATAL): /.test(line)) {
      if (current) messages.push(current.join("\n").trim());
      current = [line.replace(/^psql:/, "")];
    } else if (current && /^(DETAIL|HINT|CONTEXT|LINE \d+):|^\s/.test(line)) {
      current.push(line);
    } else if (current) {
      messages.push(current.join("\n").trim());
      current = null;
    }
  }
  if (current) messages.push(current.join("\n").trim());
  return { count: messages.length, messages };
}
