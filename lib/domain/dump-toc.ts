/**
 * The table of contents of a pg_dump archive, as `pg_restore --list` prints it, and the entries a
 * selective restore keeps. List lines are `<dump id>; <catalog oid> <oid> <type> <schema> <name>
 * <owner>` with names printed raw (spaces and quotes included), so a line is read from both ends:
 * the type from a known set, the schema from the schemas the archive itself creates, the owner
 * after the last space, the name in between.
 */

// Type aliases, not interfaces: the catalog stores these as JSON (dumps.toc), and Prisma accepts
// an alias as a JSON value where an interface (open to more keys) needs a cast.
export type TocEntry = {
  id: number;
  type: string;
  /** null for objects outside a schema (the schema itself, extensions, the database). */
  schema: string | null;
  name: string;
  owner: string;
};

export type TableName = {
  schema: string;
  name: string;
};

/**
 * What the source database said, at dump time, hangs off each table: the list names indexes,
 * constraints and owned sequences by their own names only.
 */
export type TableRelations = TableName & {
  indexes: string[];
  constraints: string[];
  /** Columns with a default (their DEFAULT entries are named "<table> <column>"). */
  defaults: string[];
  triggers: string[];
  sequences: TableName[];
  foreignKeys: { name: string; references: TableName }[];
};

export interface RestoreSelection {
  schemas: string[];
  tables: TableName[];
}

// Longest first where one type begins another ("TABLE DATA" before "TABLE").
const TYPES = [
  "MATERIALIZED VIEW DATA",
  "PUBLICATION TABLES IN SCHEMA",
  "TEXT SEARCH CONFIGURATION",
  "TEXT SEARCH DICTIONARY",
  "TEXT SEARCH TEMPLATE",
  "TEXT SEARCH PARSER",
  "FOREIGN DATA WRAPPER",
  "PROCEDURAL LANGUAGE",
  "DATABASE PROPERTIES",
  "SEQUENCE OWNED BY",
  "MATERIALIZED VIEW",
  "PUBLICATION TABLE",
  "CHECK CONSTRAINT",
  "OPERATOR FAMILY",
  "OPERATOR CLASS",
  "EVENT TRIGGER",
  "FK CONSTRAINT",
  "ACCESS METHOD",
  "FOREIGN TABLE",
  "BLOB METADATA",
  "ROW SECURITY",
  "SEQUENCE SET",
  "USER MAPPING",
  "INDEX ATTACH",
  "TABLE ATTACH",
  "LARGE OBJECT",
  "SUBSCRIPTION",
  "DEFAULT ACL",
  "PUBLICATION",
  "STDSTRINGS",
  "SEARCHPATH",
  "TABLE DATA",
  "SHELL TYPE",
  "CONVERSION",
  "COLLATION",
  "CONSTRAINT",
  "STATISTICS",
  "EXTENSION",
  "PROCEDURE",
  "AGGREGATE",
  "TRANSFORM",
  "SEQUENCE",
  "FUNCTION",
  "ENCODING",
  "OPERATOR",
  "DATABASE",
  "TRIGGER",
  "DEFAULT",
  "COMMENT",
  "DOMAIN",
  "SCHEMA",
  "POLICY",
  "SERVER",
  "BLOBS",
  "INDEX",
  "TABLE",
  "VIEW",
  "TYPE",
  "RULE",
  "CAST",
  "BLOB",
  "ACL",
];

const LINE = /^(\d+); \d+ \d+ (.*)$/;

export function parseTocList(text: string): TocEntry[] {
  const raw: { id: number; type: string; rest: string }[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line.replace(/\r$/, ""));
    if (!m) continue;
    const body = m[2]!;
    const type = TYPES.find((t) => body.startsWith(`${t} `)) ?? body.split(" ")[0]!;
    raw.push({ id: Number(m[1]), type, rest: body.slice(type.length + 1) });
  }
  // The archive's own schemas, longest first, so "my schema" wins over "my".
  const schemas = new Set(["public", "pg_catalog"]);
  for (const r of raw) if (r.type === "SCHEMA" && r.rest.startsWith("- ")) schemas.add(splitOwner(r.rest.slice(2)).name);
  const known = [...schemas].sort((a, b) => b.length - a.length);
  return raw.map(({ id, type, rest }) => {
    let schema: string | null;
    let tail: string;
    if (rest.startsWith("- ")) {
      schema = null;
      tail = rest.slice(2);
    } else {
      schema = known.find((s) => rest.startsWith(`${s} `)) ?? rest.split(" ")[0]!;
      tail = rest.slice(schema.length + 1);
    }
    return { id, type, schema, ...splitOwner(tail) };
  });
}

function splitOwner(tail: string): { name: string; owner: string } {
  const at = tail.lastIndexOf(" ");
  return at < 0 ? { name: tail, owner: "" } : { name: tail.slice(0, at), owner: tail.slice(at + 1) };
}

/** Entries per type, for the dump's summary ("TABLE": 12, "INDEX": 30, ...). */
export function summarizeToc(entries: TocEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}

/** The tables (and their schemas) a restore can choose from, in name order. */
export function tocTables(entries: TocEntry[]): TableName[] {
  return entries
    .filter((e) => e.type === "TABLE" && e.schema !== null)
    .map((e) => ({ schema: e.schema!, name: e.name }))
    .sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
}

export function tocSchemas(entries: TocEntry[]): string[] {
  return [...new Set(entries.filter((e) => e.schema !== null && e.type !== "TABLE DATA").map((e) => e.schema!))].sort();
}

const key = (t: TableName) => JSON.stringify([t.schema, t.name]);

/**
 * The entries (in archive order, which pg_restore -L follows) that restore the chosen schemas
 * whole and the chosen tables with their data, indexes, constraints, defaults, triggers, owned
 * sequences, comments and privileges. A foreign key comes along only when the table it
 * references is restored too (it could not be created otherwise). `createSchemas` adds the
 * CREATE SCHEMA of each chosen table's schema (not for an existing database: its schemas exist).
 */
export function selectEntries(
  entries: TocEntry[],
  relations: TableRelations[],
  selection: RestoreSelection,
  opts: { createSchemas: boolean },
): TocEntry[] {
  const wholeSchemas = new Set(selection.schemas);
  const chosen = new Set(selection.tables.map(key));
  const restored = (t: TableName) => wholeSchemas.has(t.schema) || chosen.has(key(t));
  const wanted = new Set<string>();
  const add = (schema: string, type: string, name: string) => wanted.add(JSON.stringify([schema, type, name]));
  for (const t of selection.tables) {
    const rel = relations.find((r) => r.schema === t.schema && r.name === t.name);
    for (const type of ["TABLE", "TABLE DATA"]) add(t.schema, type, t.name);
    for (const type of ["COMMENT", "ACL"]) add(t.schema, type, `TABLE ${t.name}`);
    if (!rel) continue;
    for (const i of rel.indexes) add(t.schema, "INDEX", i);
    for (const c of rel.constraints) add(t.schema, "CONSTRAINT", `${t.name} ${c}`);
    for (const c of rel.constraints) add(t.schema, "CHECK CONSTRAINT", `${t.name} ${c}`);
    for (const d of rel.defaults) add(t.schema, "DEFAULT", `${t.name} ${d}`);
    for (const g of rel.triggers) add(t.schema, "TRIGGER", `${t.name} ${g}`);
    for (const s of rel.sequences) for (const type of ["SEQUENCE", "SEQUENCE OWNED BY", "SEQUENCE SET"]) add(s.schema, type, s.name);
    for (const fk of rel.foreignKeys) if (restored(fk.references)) add(t.schema, "FK CONSTRAINT", `${t.name} ${fk.name}`);
  }
  const schemasToCreate = new Set(opts.createSchemas ? selection.tables.map((t) => t.schema) : []);
  return entries.filter((e) => {
    if (e.schema === null) return e.type === "SCHEMA" && (wholeSchemas.has(e.name) || schemasToCreate.has(e.name));
    if (wholeSchemas.has(e.schema)) return true;
    return wanted.has(JSON.stringify([e.schema, e.type, e.name]));
  });
}

/** A pg_restore -L file: one dump id a line is all it reads. */
export function restoreListFile(entries: TocEntry[]): string {
  return entries.map((e) => `${e.id};\n`).join("");
}
