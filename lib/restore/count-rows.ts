import pg from "pg";
import type { LocalLogin } from "@/lib/restore/watch-recovery";

export interface TableCount {
  database: string;
  table: string;
  rows: number;
}

/**
 * Exact row counts of every user table in every database the login can reach: what the job page
 * shows, and what a drill compares with production. Names are quoted as identifiers, never spliced.
 */
export async function countRows(opts: { port: number; login: LocalLogin; signal?: AbortSignal }): Promise<TableCount[]> {
  const connect = async (database: string) => {
    const c = new pg.Client({ host: "127.0.0.1", port: opts.port, user: opts.login.user, password: opts.login.password ?? undefined, database });
    await c.connect();
    return c;
  };
  const first = await connect(opts.login.database);
  let databases: string[];
  try {
    const { rows } = await first.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT') ORDER BY datname",
    );
    databases = rows.map((r) => r.datname);
  } finally {
    await first.end();
  }
  const out: TableCount[] = [];
  for (const database of databases) {
    opts.signal?.throwIfAborted();
    const c = await connect(database);
    try {
      const { rows: tables } = await c.query<{ schema: string; name: string }>(
        `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1, 2`,
      );
      for (const t of tables) {
        const ident = `${c.escapeIdentifier(t.schema)}.${c.escapeIdentifier(t.name)}`;
        const { rows } = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM ONLY ${ident}`);
        out.push({ database, table: `${t.schema}.${t.name}`, rows: Number(rows[0]!.n) });
      }
    } finally {
      await c.end();
    }
  }
  return out;
}
