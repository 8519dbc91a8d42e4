import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";

// pg_dumpall writes its tablespaces last, under this header, and only when there are any.
const TABLESPACES_HEADER = "\n--\n-- Tablespaces\n--\n";
const TRAILER = "\n--\n-- PostgreSQL database cluster dump complete\n--\n";

/**
 * globals.sql for a new instance on this host: without its tablespaces, whose LOCATIONs are the
 * source's directories (on the same host, CREATE TABLESPACE would write into production's).
 * Everything from the first header on goes: a role named like the header drops roles, never
 * keeps a tablespace.
 */
export function globalsWithoutTablespaces(sql: string): string {
  const at = sql.indexOf(TABLESPACES_HEADER);
  if (at < 0) return sql;
  return `${sql.slice(0, at)}${sql.includes(TRAILER, at) ? TRAILER : "\n"}`;
}

/**
 * pg_dumpall writes CREATE ROLE for every role, the new instance's own superuser too; that one
 * fails by design (the ALTER ROLE after it still applies) and is not the user's concern.
 */
export function withoutOwnSuperuserError(errors: RestoreErrors, superuser: string): RestoreErrors {
  const expected = `ERROR:  role "${superuser.replace(/"/g, '""')}" already exists`;
  const messages = errors.messages.filter((m) => !(m.split("\n")[0] ?? "").endsWith(expected));
  return { count: errors.count - (errors.messages.length - messages.length), messages };
}
