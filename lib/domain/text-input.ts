import { z } from "zod";

/**
 * Text that reaches a PostgreSQL tool, a connection string or a path must be one line of
 * printable characters: a newline or escape code inside a database name, a restore point name or a
 * directory is never what was meant, and it would be written into logs, .pgpass lines and file
 * names as it is. Refused: C0 controls (NUL, tab, newline, ESC…), DEL, C1 controls and the Unicode
 * line and paragraph separators.
 */
export function hasControlCharacter(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

export const noControlCharacters = (what: string) =>
  [(v: string) => !hasControlCharacter(v), `The ${what} cannot contain control characters.`] as const;

/**
 * A PostgreSQL object name (database, role, schema, table, restore point): PostgreSQL keeps at
 * most 63 bytes (NAMEDATALEN - 1, or MAXFNAMELEN - 1 for restore points) and would cut, not
 * refuse, a longer one.
 */
export function pgNameInput(what: string, messages: { empty: string; tooLong: string }) {
  return z
    .string({ error: messages.empty })
    .min(1, messages.empty)
    .refine((v) => new TextEncoder().encode(v).length <= 63, messages.tooLong)
    .refine(...noControlCharacters(what));
}
