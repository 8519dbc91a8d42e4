import { abandonDumpRestore } from "@/lib/dumps/abandon-dump-restore";
import { checkDumpBeforeRestore } from "@/lib/dumps/check-dump-before-restore";
import { finishDumpRestore } from "@/lib/dumps/finish-dump-restore";
import type { DumpRestoreInstance } from "@/lib/dumps/make-dump-restore-instance";
import { openDumpRestoreDestination } from "@/lib/dumps/open-dump-restore-destination";
import { prepareDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import { runDumpRestoreTool } from "@/lib/dumps/run-dump-restore-tool";
import { setUpTargetDatabase } from "@/lib/dumps/set-up-target-database";
import type { Processor } from "@/worker/processor";

/** A dump restored into a database of a registered cluster or of a new local instance. */
export const dumpRestore: Processor<"dump.restore"> = async ({ payload, deps, signal, log, progress }) => {
  const { db, config, pgBinaries: bins } = deps;
  const prepared = await prepareDumpRestore(db, { ...payload, bins, osUserName: config.pg.osUser, storage: config, log });
  // The new instance while a failure removes it: once the tools ran to their end it stays, with what they restored.
  let undoable: DumpRestoreInstance | null = null;
  try {
    // 1. check — the dump's files against their checksums: a damaged dump restores nothing
    await progress({ phase: "check" });
    await checkDumpBeforeRestore({ prepared, signal });
    // 2. instance — a new instance (initdb, start, globals.sql, the source's login), or the registered cluster's login
    if (prepared.row.target === "new_instance") await progress({ phase: "instance" });
    const destination = await openDumpRestoreDestination(db, { prepared, config, bins, signal, log });
    undoable = destination.instance;
    // 3. database — CREATE DATABASE (an existing one only when the user confirmed "clean")
    await progress({ phase: "database" });
    const database = await setUpTargetDatabase(db, { prepared, target: destination.target, signal, log });
    // 4. restore — pg_restore (whole, or the chosen entries, with -j) or psql for a plain script
    await progress({ phase: "restore" });
    const ran = await runDumpRestoreTool({ prepared, target: destination.target, database, bins, signal, log });
    undoable = null;
    // 5. record — complete, or failed with every error the tools printed
    await finishDumpRestore(db, { prepared, globals: destination.globals, ran, log });
  } catch (err) {
    await abandonDumpRestore(db, { dumpRestoreId: prepared.row.id, instance: undoable, error: (err as Error).message, log });
    throw err;
  }
};
