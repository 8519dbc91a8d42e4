import { missingCountQuery, putBackStatement, splitTable, type TableDiff, type TableRestoreResult } from "@/lib/domain/table-restore";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { withClient } from "@/lib/pg/with-connection";
import { insertableColumns, primaryKey, tableKind } from "@/lib/table-restores/table-catalog";

/**
 * The difference view, beside the live tables in production: per table, the rows of the restored
 * table whose primary key the live one lacks, and the INSERT … SELECT that would put exactly those
 * back (shown, never run). A table without a primary key, or no longer live, gets the reason instead.
 */
export async function compareTables(
  production: ConnectionTarget,
  loaded: Omit<TableRestoreResult, "diff">[],
  signal?: AbortSignal,
): Promise<TableRestoreResult[]> {
  return withClient(
    production,
    async (c) => {
      const out: TableRestoreResult[] = [];
      for (const l of loaded) {
        const live = splitTable(l.table);
        const restored = splitTable(l.restoredAs);
        let diff: TableDiff;
        const key = await primaryKey(c, restored);
        if ((await tableKind(c, live)) === null)
          diff = { ok: false, reason: `${l.table} no longer exists: all ${l.rowsRestored} restored rows are missing from it.` };
        else if (key === null)
          diff = { ok: false, reason: `${l.table} had no primary key at the target: rows cannot be matched without one.` };
        else {
          const liveColumns = new Set(await insertableColumns(c, live));
          const columns = (await insertableColumns(c, restored)).filter((col) => liveColumns.has(col));
          const pair = { restored, live, primaryKey: key };
          const { rows } = await c.query<{ n: string }>(missingCountQuery(pair));
          diff = { ok: true, primaryKey: key, missing: Number(rows[0]!.n), putBack: putBackStatement({ ...pair, columns }) };
        }
        out.push({ ...l, diff });
      }
      return out;
    },
    signal,
  );
}
