/** The restore form filled for "just before this transaction": recovery_target_xid, inclusive off (decision 0022). */
export function restoreBeforeHref(clusterId: string, xid: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/restore?${new URLSearchParams({ xid, inclusive: "false" })}`;
}

interface NamedTable {
  database: string;
  schema: string;
  name: string;
}

/**
 * The "Restore tables" form filled for "bring tables back to just before this transaction": the
 * xid exclusive, the database it wrote in and each table it touched (a TRUNCATE's old and new file
 * name one table once). A transaction writes in one database; unnamed files are left for the user
 * to choose, as the inspector never guesses a name.
 */
export function bringTablesBackHref(clusterId: string, xid: string, relations: readonly { table: NamedTable | null }[]): string {
  const tables = relations.flatMap((r) => (r.table ? [r.table] : []));
  const params = new URLSearchParams({ targetKind: "xid", target: xid, inclusive: "false" });
  const database = tables[0]?.database;
  if (database) params.set("database", database);
  for (const t of new Set(tables.filter((t) => t.database === database).map((t) => `${t.schema}.${t.name}`))) params.append("table", t);
  return `/clusters/${encodeURIComponent(clusterId)}/restore/tables?${params}`;
}
