/** What a dump restore stores about what to restore: the schemas and tables chosen (dump_restores.selection). */
import type { RestoreSelection } from "./dump-toc";
import { restoreSelection } from "./dump-input";
import { readJsonColumn } from "./json-column";

/** null: the whole dump. */
export function readDumpRestoreSelection(row: { id: string; selection: unknown }): RestoreSelection | null {
  return readJsonColumn(restoreSelection.nullable(), row.selection, { table: "dump_restores", id: row.id, column: "selection" });
}
