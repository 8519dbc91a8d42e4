import type { ConnectionTarget } from "@/lib/pg/connect";
import { forEachDatabase } from "@/lib/pg/each-database";
import type { TableCount } from "@/lib/domain/row-counts";

export type { TableCount };

/**
 * Exact row counts of every user table in every database the login can reach: what the restore
 * page shows, and what a drill compares with production. Names are quoted as identifiers, never
 * spliced.
 */
export async function countRows(target: ConnectionTarget, signal?: AbortSignal): Promise<TableCount[]> {
  const perDatabase = await forEachDatabase(
    target,
    async (c, database) => {
      const { rows: tables } = await c.query<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1, 2`,
      );
      const out: TableCount[] = [];
      for (const t of tables) {
        signal?.throwIfAborted();
        const ident = `${c.escapeIdentifier(t.schema)}.${c.escapeIdentifier(t.name)}`;
        const { rows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ONLY ${ident}`);
        out.push({ database, table: `${t.schema}.${t.name}`, rows: Number(rows[0]!.n) });
      }
      return out;
    },
    signal,
  );
  return perDatabase.flat();
}
