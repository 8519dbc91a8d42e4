import { withClient } from "@/lib/pg/with-connection";
import { beginTableRestore } from "@/lib/table-restores/begin-table-restore";
import { checkProduction } from "@/lib/table-restores/check-production";
import { cleanUpTableRestore, failTableRestoreRun } from "@/lib/table-restores/clean-up-table-restore";
import { compareTables } from "@/lib/table-restores/compare-tables";
import { loadTables } from "@/lib/table-restores/load-tables";
import { recoverTableCopy } from "@/lib/table-restores/recover-table-copy";
import { finishTableRestore } from "@/lib/table-restores/table-restore-record";
import { splitTable } from "@/lib/domain/table-restore";
import type { Processor } from "@/worker/processor";

/**
 * Bring tables back as they were at a target: a throwaway copy is recovered, the tables are loaded
 * into production under a new schema (or database) beside the live ones, rows counted on both
 * sides, optionally compared by primary key; the copy is removed whatever happened.
 */
export const tableRestore: Processor<"table.restore"> = async ({ payload, deps, signal, log, progress }) => {
  const { db, config } = deps;
  // 1. prepare — running; a directory and a port for the copy; production still allows the new schema
  const run = await beginTableRestore(db, { jobId: payload.jobId, config, bins: deps.pgBinaries, log, progress });
  const t = run.tableRestore;
  try {
    await withClient(run.production, (c) =>
      checkProduction(c, {
        destination: t.destination,
        destinationName: t.destinationName,
        tables: t.tables.map(splitTable),
        diff: t.diff,
      }),
    );
    // 2–4. restore base, configure, replay — the copy, to the target
    await recoverTableCopy(db, run, { cli: config.cli, storage: config, ports: config.restore.ports, signal, progress });
    // 5. load — dumped from the copy, loaded into production, counted on both sides
    await progress({ phase: "load" });
    const loadStart = Date.now();
    const loaded = await loadTables(run, { bins: deps.pgBinaries, signal });
    const loadMs = Date.now() - loadStart;
    // 6. compare — the rows the live tables lack, by primary key
    const results = t.diff
      ? (await progress({ phase: "compare" }), await compareTables(run.production, loaded, signal))
      : loaded.map((l) => ({ ...l, diff: null }));
    await finishTableRestore(db, t.id, { results, loadMs });
    await log(results.map((r) => `${r.table} → ${r.restoredAs}: ${r.rowsRestored} rows (live now: ${r.rowsLive ?? "gone"})`).join("\n"));
  } catch (err) {
    await failTableRestoreRun(db, run, err);
    throw err;
  } finally {
    // 7. clean up — the copy and its files removed whatever happened
    await progress({ phase: "clean up" });
    await cleanUpTableRestore(db, run);
  }
};
