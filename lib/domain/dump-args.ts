/**
 * Arguments for pg_dump and pg_restore built from what the user chose. Names are data: a database
 * name goes in a conninfo string (a bare --dbname containing "=" would be read as one), and schema
 * and table names go in double quotes, which turns every pattern character (*, ?, .) literal.
 */
import type { TableName } from "@/lib/domain/dump-toc";

export type DumpFormat = "custom" | "directory" | "plain";

export interface DumpSelection {
  includeSchemas: string[];
  excludeSchemas: string[];
  includeTables: TableName[];
  excludeTables: TableName[];
}

export interface DumpChoice {
  format: DumpFormat;
  /** pg_dump -j: directory format only. */
  jobs: number;
  /** pg_dump -Z (0–9); null: pg_dump's default. */
  compressLevel: number | null;
  selection: DumpSelection;
}

/** A conninfo value: single-quoted, with backslash and quote escaped (libpq's rules). */
export function conninfoValue(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** `dbname='…'`: for --dbname, so the name is never parsed as a connection string or URI. */
export function dbnameArg(database: string): string {
  return `--dbname=dbname=${conninfoValue(database)}`;
}

/** A name as a psql/pg_dump pattern matching exactly that name. */
export function exactPattern(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tablePattern(t: TableName): string {
  return `${exactPattern(t.schema)}.${exactPattern(t.name)}`;
}

/** Where the archive is stored, under the dump's prefix (a directory archive is a folder of files). */
export function dumpFileName(format: DumpFormat): string {
  switch (format) {
    case "custom":
      return "database.dump";
    case "directory":
      return "database";
    case "plain":
      return "database.sql";
  }
}

/** Selection and format options (connection options are added by the caller). */
export function pgDumpArgs(choice: DumpChoice): string[] {
  const args = [`--format=${choice.format}`, "--verbose"];
  if (choice.format === "directory" && choice.jobs > 1) args.push(`--jobs=${choice.jobs}`);
  if (choice.compressLevel !== null && choice.format !== "plain") args.push(`--compress=${choice.compressLevel}`);
  const s = choice.selection;
  for (const n of s.includeSchemas) args.push(`--schema=${exactPattern(n)}`);
  for (const n of s.excludeSchemas) args.push(`--exclude-schema=${exactPattern(n)}`);
  for (const t of s.includeTables) args.push(`--table=${tablePattern(t)}`);
  for (const t of s.excludeTables) args.push(`--exclude-table=${tablePattern(t)}`);
  return args;
}

/** pg_dump --verbose says this once per table whose rows it writes. */
export function isTableDumpedLine(line: string): boolean {
  return /^pg_dump: dumping contents of table /.test(line);
}

export type TableListParse = { ok: true; tables: TableName[] } | { ok: false; message: string };

/**
 * Tables typed one per line as `schema.table`. A part in double quotes is taken literally (`""`
 * is a quote), so names with dots, spaces or quotes can be typed; an unquoted part is taken as
 * typed (no case folding: names are data).
 */
export function parseTableList(text: string): TableListParse {
  const tables: TableName[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const schema = readPart(line, 0);
    if (!schema || line[schema.end] !== ".")
      return { ok: false, message: `Line ${i + 1}: write schema.table (quote a name that contains a dot: "my.schema".table).` };
    const name = readPart(line, schema.end + 1);
    if (!name || name.end !== line.length)
      return { ok: false, message: `Line ${i + 1}: write schema.table (quote a name that contains a dot: schema."my.table").` };
    tables.push({ schema: schema.value, name: name.value });
  }
  return { ok: true, tables };
}

function readPart(line: string, start: number): { value: string; end: number } | null {
  if (line[start] !== '"') {
    const dot = line.indexOf(".", start);
    const end = dot < 0 ? line.length : dot;
    return end > start ? { value: line.slice(start, end), end } : null;
  }
  let value = "";
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] !== '"') value += line[i];
    else if (line[i + 1] === '"') {
      value += '"';
      i++;
    } else return value ? { value, end: i + 1 } : null;
  }
  return null;
}

/** Schema names typed one per line. */
export function parseNameList(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
