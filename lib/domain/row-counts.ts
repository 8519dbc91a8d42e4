/**
 * A drill's comparison of row counts, table by table, between production and the restored copy.
 * Exact equality is expected of a table production has not written since the drill's target; a
 * table written since may differ within a tolerance (a share of production's count; 0 demands
 * equality everywhere). "Written since" comes from PostgreSQL's per-table modification counters
 * read at the target and again at comparison time.
 */
import { z } from "zod";

/** One table's row count (a restore stores the restored copy's, in restores.row_counts). */
export const tableCount = z.object({ database: z.string(), table: z.string(), rows: z.number() });
export type TableCount = z.infer<typeof tableCount>;

export type TableKey = string;
export const tableKey = (database: string, table: string): TableKey => `${database}\u0000${table}`;

/** One table compared (a drill stores them in drills.row_counts). */
export const rowComparison = z.object({
  database: z.string(),
  table: z.string(),
  production: z.number().nullable(),
  restored: z.number().nullable(),
  difference: z.number().nullable(),
  expectation: z.enum(["exact", "tolerance"]),
  ok: z.boolean(),
  note: z.string().nullable(),
});
export type RowComparison = z.infer<typeof rowComparison>;

export function compareRowCounts(input: {
  production: readonly TableCount[];
  restored: readonly TableCount[];
  /** Modification counters per table when the target was taken, and now. */
  activityAtTarget: ReadonlyMap<TableKey, number>;
  activityNow: ReadonlyMap<TableKey, number>;
  tolerancePct: number;
}): { rows: RowComparison[]; ok: boolean } {
  if (!(input.tolerancePct >= 0 && input.tolerancePct <= 100))
    throw new Error(`A row count tolerance is a percentage from 0 to 100, got ${input.tolerancePct}.`);
  const prod = new Map(input.production.map((t) => [tableKey(t.database, t.table), t]));
  const rest = new Map(input.restored.map((t) => [tableKey(t.database, t.table), t]));
  const keys = [...new Set([...prod.keys(), ...rest.keys()])].sort();
  const rows = keys.map((key): RowComparison => {
    const p = prod.get(key);
    const r = rest.get(key);
    const { database, table } = (p ?? r)!;
    const before = input.activityAtTarget.get(key);
    const now = input.activityNow.get(key);
    const writtenSince = before === undefined || now === undefined || before !== now;
    const expectation = writtenSince ? "tolerance" : "exact";
    if (!r) {
      const createdSince = before === undefined;
      return {
        database,
        table,
        production: p!.rows,
        restored: null,
        difference: null,
        expectation,
        ok: createdSince,
        note: createdSince ? "created on production after the target" : "missing from the restored copy",
      };
    }
    if (!p) {
      const droppedSince = before !== undefined && now === undefined;
      return {
        database,
        table,
        production: null,
        restored: r.rows,
        difference: null,
        expectation,
        ok: droppedSince,
        note: droppedSince ? "dropped on production after the target" : "not on production",
      };
    }
    const difference = r.rows - p.rows;
    const allowed = writtenSince ? Math.floor((p.rows * input.tolerancePct) / 100) : 0;
    const ok = Math.abs(difference) <= allowed;
    const note = ok
      ? null
      : writtenSince
        ? `differs by more than ${input.tolerancePct}% (written on production since the target)`
        : "differs, and production has not written this table since the target";
    return { database, table, production: p.rows, restored: r.rows, difference, expectation, ok, note };
  });
  return { rows, ok: rows.every((r) => r.ok) };
}
