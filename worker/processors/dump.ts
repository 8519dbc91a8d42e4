import { abandonDump } from "@/lib/dumps/abandon-dump";
import { completeDump } from "@/lib/dumps/complete-dump";
import { dumpDatabase } from "@/lib/dumps/dump-database";
import { inspectDumpDatabase } from "@/lib/dumps/inspect-dump-database";
import { prepareDump } from "@/lib/dumps/prepare-dump";
import { readBackDump } from "@/lib/dumps/read-back-dump";
import { writeDumpManifest } from "@/lib/dumps/write-dump-manifest";
import type { Processor } from "@/worker/processor";

/** A logical dump of one database. Any failure removes what was written and leaves the row failed with the reason. */
export const dump: Processor<"dump"> = async ({ payload, deps, signal, log, progress }) => {
  const { db, config, pgBinaries: bins } = deps;
  // 1. prepare — the dump as requested, its repository; leftovers of interrupted dumps removed
  await progress({ phase: "prepare" });
  const prepared = await prepareDump(db, { jobId: payload.jobId, storage: config, log });
  try {
    const database = await inspectDumpDatabase(db, { prepared, secretKey: config.secretKey, signal, log });
    // 2. dump — pg_dumpall --globals-only and pg_dump into the repository, progress into the catalog
    await progress({ phase: "dump", bytesDone: 0 });
    const onBytes = (bytes: number) => progress({ bytesDone: bytes });
    const written = await dumpDatabase(db, { prepared, database, bins, signal, onBytes, log });
    // 3. verify — pg_restore reads the archive whole (a plain script must end as pg_dump ends it)
    await progress({ phase: "verify" });
    const readBack = await readBackDump({ prepared, bins, signal, log });
    // 4. store — Wayback's manifest (every file's size and SHA-256), written last
    await progress({ phase: "store" });
    await writeDumpManifest({ prepared, source: database.source, files: written.files, signal });
    // 5. record — the row turns complete, with the table of contents
    await completeDump(db, { prepared, source: database.source, written, readBack, log });
  } catch (err) {
    await abandonDump(db, { prepared, error: (err as Error).message, log });
    throw err;
  }
};
