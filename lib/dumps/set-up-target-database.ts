import type { Db } from "@/lib/db/client";
import { recordRestoreDatabase } from "@/lib/dumps/dump-restore-record";
import type { PreparedDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import type { JobLog } from "@/lib/jobs/job-log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { prepareRestoreDatabase } from "@/lib/pg/pg-restore-database";

/** The database a dump restore writes into, and the major of the server that holds it. */
export interface TargetDatabase {
  /** false: it existed and the user confirmed restoring over it ("clean"). */
  created: boolean;
  serverMajor: number;
}

/** Phase 3 of a dump restore: CREATE DATABASE, or an existing one only when the user confirmed "clean"; recorded on the row. */
export async function setUpTargetDatabase(
  db: Db,
  opts: { prepared: PreparedDumpRestore; target: ConnectionTarget; signal: AbortSignal; log: JobLog },
): Promise<TargetDatabase> {
  const { row } = opts.prepared;
  const database = await prepareRestoreDatabase(opts.target, row.targetDatabase, { overwrite: row.clean, signal: opts.signal });
  await recordRestoreDatabase(db, row.id, database.created);
  await opts.log(`${database.created ? "created" : "restoring over existing"} database ${JSON.stringify(row.targetDatabase)}`);
  return database;
}
