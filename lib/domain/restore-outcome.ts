/** What a restore stores about the copy it made: the restored tables' row counts (restores.row_counts). */
import { readJsonColumn } from "./json-column";
import { tableCount, type TableCount } from "./row-counts";

/** null until the copy was verified. */
export function readRestoreRowCounts(row: { id: string; rowCounts: unknown }): TableCount[] | null {
  return readJsonColumn(tableCount.array().nullable(), row.rowCounts, { table: "restores", id: row.id, column: "row_counts" });
}
