import { verifyStoredDump } from "@/lib/dumps/verify-stored-dump";
import type { Processor } from "@/worker/processor";

/** Re-reads a stored dump; the result lands on the dump, and a dump that fails fails the job with the same words. */
export const dumpVerify: Processor<"dump.verify"> = async ({ payload, deps, signal, log, progress }) => {
  // 1. verify — every file against the catalog's size and SHA-256, then the archive read whole
  await progress({ phase: "verify" });
  await verifyStoredDump(deps.db, { dumpId: payload.dumpId, bins: deps.pgBinaries, storage: deps.config, signal, log });
};
