import type pg from "pg";
import { qualifiedName } from "@/lib/domain/table-restore";

/**
 * What one database says about a table, the same questions asked of production and of the copy.
 * Tables are looked up with to_regclass on a quoted name, so a name is never a pattern or SQL.
 */
export interface TableName {
  schema: string;
  name: string;
}

/** The table's kind ("r" plain, "p" partitioned), or null when there is no such table. */
export async function tableKind(c: pg.Client, t: TableName): Promise<string | null> {
  const { rows } = await c.query<{ kind: string }>(
    "SELECT c.relkind::text AS kind FROM pg_class c WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')",
    [qualifiedName(t.schema, t.name)],
  );
  return rows[0]?.kind ?? null;
}

/** The primary key's columns in key order; null when the table has none. */
export async function primaryKey(c: pg.Client, t: TableName): Promise<string[] | null> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY k.ord`,
    [qualifiedName(t.schema, t.name)],
  );
  return rows.length ? rows.map((r) => r.name) : null;
}

/** Columns a row can be inserted with (generated ones are computed, not given). */
export async function insertableColumns(c: pg.Client, t: TableName): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [qualifiedName(t.schema, t.name)],
  );
  return rows.map((r) => r.name);
}

export async function exactRowCount(c: pg.Client, t: TableName): Promise<number> {
  const { rows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ONLY ${qualifiedName(t.schema, t.name)}`);
  return Number(rows[0]!.n);
}

export interface LiveTable extends TableName {
  hasPrimaryKey: boolean;
  /** The planner's estimate (reltuples): the list must not count every table. */
  estimatedRows: number | null;
}

/** The user tables of the database the login reaches, for the "Restore tables" form. */
export async function listUserTables(c: pg.Client): Promise<LiveTable[]> {
  const { rows } = await c.query<{ schema: string; name: string; pk: boolean; est: number }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS pk,
            c.reltuples::float8 AS est
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND n.nspname NOT LIKE 'wayback\\_restored\\_%'
      ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ schema: r.schema, name: r.name, hasPrimaryKey: r.pk, estimatedRows: r.est < 0 ? null : Math.round(r.est) }));
}
