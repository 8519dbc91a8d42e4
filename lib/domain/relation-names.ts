/**
 * Naming a relation file (database OID, relfilenode) at the time of a WAL event, from the history
 * of relfilenode → database.schema.table maps Wayback recorded (at backups and monitor passes).
 *
 * The naming seen last at or before the event is the name then. When the file was only seen after
 * the event, that naming is used too: a relfilenode is not handed out again while its file exists,
 * and the event (a row change, a truncate, a drop) happened to an existing file. A file never seen
 * has no name: it is "unknown relfilenode N in database D", never a guess.
 */
import type { RelFile } from "./waldump-output";

export interface RelationNaming {
  databaseOid: number;
  relfilenode: number;
  relationOid: number;
  databaseName: string;
  schemaName: string;
  tableName: string;
  relkind: string;
  firstSeenAt: Date;
}

export interface RelationLabel extends RelFile {
  /** "db.schema.table", or "unknown relfilenode N in database D" */
  label: string;
  known: boolean;
  /** Tables and materialized views are what users name; TOAST tables and indexes are parts of them. */
  isTable: boolean;
  relationOid: number | null;
  /** The name's parts when known, for choosing the table elsewhere (a table restore). */
  table: { database: string; schema: string; name: string } | null;
}

export type NamingIndex = Map<string, RelationNaming[]>;

const key = (database: number, relfilenode: number) => `${database}/${relfilenode}`;

export function indexNamings(history: RelationNaming[]): NamingIndex {
  const index: NamingIndex = new Map();
  for (const n of history) {
    const k = key(n.databaseOid, n.relfilenode);
    const list = index.get(k) ?? [];
    list.push(n);
    index.set(k, list);
  }
  for (const list of index.values()) list.sort((a, b) => a.firstSeenAt.getTime() - b.firstSeenAt.getTime());
  return index;
}

export function nameAt(index: NamingIndex, rel: RelFile, at: Date): RelationLabel {
  const list = index.get(key(rel.database, rel.relfilenode)) ?? [];
  const before = list.filter((n) => n.firstSeenAt.getTime() <= at.getTime()).at(-1);
  const n = before ?? list[0];
  if (!n) {
    const db = databaseName(index, rel.database);
    return {
      ...rel,
      label: `unknown relfilenode ${rel.relfilenode} in database ${db ?? rel.database}`,
      known: false,
      isTable: true,
      relationOid: null,
      table: null,
    };
  }
  return {
    ...rel,
    label: `${n.databaseName}.${n.schemaName}.${n.tableName}`,
    known: true,
    isTable: n.relkind === "r" || n.relkind === "m",
    relationOid: n.relationOid,
    table: { database: n.databaseName, schema: n.schemaName, name: n.tableName },
  };
}

function databaseName(index: NamingIndex, databaseOid: number): string | null {
  for (const list of index.values()) {
    const n = list.find((x) => x.databaseOid === databaseOid);
    if (n) return n.databaseName;
  }
  return null;
}

/** Every relation file a table name (db.schema.table, schema.table or table) was ever given. */
export function filesNamed(history: RelationNaming[], table: string): RelFile[] {
  const parts = table.split(".");
  const matches = history.filter((n) => {
    const full = [n.databaseName, n.schemaName, n.tableName];
    return parts.every((p, i) => p === full[full.length - parts.length + i]);
  });
  const seen = new Map(matches.map((n) => [key(n.databaseOid, n.relfilenode), { database: n.databaseOid, relfilenode: n.relfilenode }]));
  return [...seen.values()];
}
