/** What a drill stores about its outcome: the checks it ran (drills.checks) and the row counts compared (drills.row_counts). */
import { z } from "zod";
import { readJsonColumn } from "./json-column";
import { rowComparison, type RowComparison } from "./row-counts";

/** One check of a drill, as the report lists it. */
export const drillCheck = z.object({
  name: z.enum(["promoted", "reached end of archive", "pg_amcheck", "row counts", "data checksums"]),
  ok: z.boolean(),
  detail: z.string(),
});
export type DrillCheck = z.infer<typeof drillCheck>;

/** null while the drill has not reached its checks. */
export function readDrillChecks(row: { id: string; checks: unknown }): DrillCheck[] | null {
  return readJsonColumn(drillCheck.array().nullable(), row.checks, { table: "drills", id: row.id, column: "checks" });
}

export function readDrillRowCounts(row: { id: string; rowCounts: unknown }): RowComparison[] | null {
  return readJsonColumn(rowComparison.array().nullable(), row.rowCounts, { table: "drills", id: row.id, column: "row_counts" });
}
