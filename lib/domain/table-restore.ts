/**
 * The pure parts of a table-level restore (docs/decisions/0023): the new schema's name, the SQL
 * that finds rows the live table lacks, and the statement that would put them back — shown to the
 * user, never run by Wayback.
 */

/** What a table restore records of each table. */
export interface TableRestoreResult {
  /** "schema.table" in production. */
  table: string;
  /** Where it was loaded: "schema.table" in the new schema, or in the new database. */
  restoredAs: string;
  /** Rows in the copy at the target. */
  rowsAtTarget: number;
  /** Rows in the loaded table: equal to rowsAtTarget unless the load lost some. */
  rowsRestored: number;
  /** Rows in the live table now; null when the live table no longer exists. */
  rowsLive: number | null;
  /** The difference view: rows of the restored table the live one lacks by primary key. */
  diff: TableDiff | null;
}

export type TableDiff = { ok: true; primaryKey: string[]; missing: number; putBack: string } | { ok: false; reason: string };

const pad = (n: number) => String(n).padStart(2, "0");

/** wayback_restored_20261202_1431: the UTC minute the restore was asked for. */
export function restoredName(at: Date): string {
  const d = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  return `wayback_restored_${d}_${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
}

/** A PostgreSQL identifier, always quoted (as pg's escapeIdentifier does). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** "schema.table" as recorded, split at its only dot (names with a dot are refused at the boundary). */
export function splitTable(table: string): { schema: string; name: string } {
  const dot = table.indexOf(".");
  return { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

interface Pair {
  restored: { schema: string; name: string };
  live: { schema: string; name: string };
  primaryKey: string[];
}

function lacking(p: Pair): string {
  const on = p.primaryKey.map((k) => `l.${quoteIdent(k)} = r.${quoteIdent(k)}`).join(" AND ");
  return `NOT EXISTS (SELECT 1 FROM ${qualifiedName(p.live.schema, p.live.name)} l WHERE ${on})`;
}

/** Rows of the restored table whose primary key the live table lacks, in key order. */
export function missingRowsQuery(p: Pair): string {
  const order = p.primaryKey.map((k) => `r.${quoteIdent(k)}`).join(", ");
  return `SELECT r.* FROM ${qualifiedName(p.restored.schema, p.restored.name)} r WHERE ${lacking(p)} ORDER BY ${order}`;
}

export function missingCountQuery(p: Pair): string {
  return `SELECT count(*)::bigint AS n FROM ${qualifiedName(p.restored.schema, p.restored.name)} r WHERE ${lacking(p)}`;
}

/**
 * The one statement that puts the lost rows back: columns named (the live table may have gained
 * or reordered some since), only rows whose key is absent, so running it twice adds nothing.
 */
export function putBackStatement(p: Pair & { columns: string[] }): string {
  const cols = p.columns.map(quoteIdent).join(", ");
  const picked = p.columns.map((c) => `r.${quoteIdent(c)}`).join(", ");
  return (
    `INSERT INTO ${qualifiedName(p.live.schema, p.live.name)} (${cols})\n` +
    `SELECT ${picked} FROM ${qualifiedName(p.restored.schema, p.restored.name)} r\n` +
    `WHERE ${lacking(p)};`
  );
}

/** What to run on production so the cluster's role may create the new schema (or database). */
export function grantToRun(destination: "schema" | "database", database: string, role: string): string {
  return destination === "schema"
    ? `GRANT CREATE ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)};`
    : `ALTER ROLE ${quoteIdent(role)} CREATEDB;`;
}
