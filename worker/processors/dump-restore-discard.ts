import { removeDumpRestoreInstance } from "@/lib/dumps/remove-dump-restore-instance";
import type { Processor } from "@/worker/processor";

/** Discards a dump restore's new instance: the server stopped, its files removed. */
export const dumpRestoreDiscard: Processor<"dump.restore.discard"> = async ({ payload, deps, log }) => {
  // 1. remove — stop the instance, remove its data directory, socket directory and log
  await removeDumpRestoreInstance(deps.db, {
    dumpRestoreId: payload.dumpRestoreId,
    bins: deps.pgBinaries,
    osUserName: deps.config.pg.osUser,
    log,
  });
};
