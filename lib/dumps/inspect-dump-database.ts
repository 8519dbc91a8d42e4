import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Db } from "@/lib/db/client";
import type { PreparedDump } from "@/lib/dumps/prepare-dump";
import type { JobLog } from "@/lib/jobs/job-log";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { inspectDumpSource, type DumpSource } from "@/lib/pg/dump-source";

/** The database a dump reads, as Wayback connects to it and as it looked just before the dump. */
export interface InspectedDumpDatabase {
  target: ConnectionTarget;
  source: DumpSource;
}

/** How to reach the dump's database (the cluster's login) and what it is: version, size, what hangs off each table. */
export async function inspectDumpDatabase(
  db: Db,
  opts: { prepared: PreparedDump; secretKey: Buffer; signal: AbortSignal; log: JobLog },
): Promise<InspectedDumpDatabase> {
  const { row, repo } = opts.prepared;
  const target = await connectionTarget(db, row.clusterId, opts.secretKey);
  const source = await inspectDumpSource(target, row.database, opts.signal);
  await opts.log(
    `dumping database ${JSON.stringify(row.database)} (PostgreSQL ${source.serverVersion}, ${source.databaseSizeBytes} bytes) as ${row.format} into ${repo.describe()}`,
  );
  return { target, source };
}
