import path from "node:path";
import { connectionTarget } from "@/lib/clusters/connection-target";
import type { Config } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { RestoreErrors } from "@/lib/domain/dump-restore-errors";
import type { DumpRestoreInstance } from "@/lib/dumps/make-dump-restore-instance";
import type { PreparedDumpRestore } from "@/lib/dumps/prepare-dump-restore";
import { setUpDumpRestoreInstance } from "@/lib/dumps/set-up-dump-restore-instance";
import type { JobLog } from "@/lib/jobs/job-log";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";

/** Where a dump restore writes: a database of a registered cluster, or of a new instance made for it. */
export interface DumpRestoreDestination {
  /** How to connect: the registered cluster's login, or the new instance's superuser. */
  target: ConnectionTarget;
  /** The new instance; null for a registered cluster. */
  instance: DumpRestoreInstance | null;
  /** What globals.sql reported on the new instance, to be reported with the restore's errors. */
  globals: RestoreErrors;
}

/**
 * Phase 2 of a dump restore. A new instance: initdb and start of the dump's major on this host,
 * then globals.sql (roles) and the source's login with the password Wayback holds for it
 * (setUpDumpRestoreInstance, which removes the instance again if that fails). A registered
 * cluster: its login.
 */
export async function openDumpRestoreDestination(
  db: Db,
  opts: {
    prepared: PreparedDumpRestore;
    config: Pick<Config, "secretKey" | "restore">;
    bins: PgBinaries;
    signal: AbortSignal;
    log: JobLog;
  },
): Promise<DumpRestoreDestination> {
  const { row, repo, prefix, osUser } = opts.prepared;
  const { secretKey } = opts.config;
  if (row.target !== "new_instance")
    return { target: await connectionTarget(db, row.targetClusterId!, secretKey), instance: null, globals: { count: 0, messages: [] } };
  // globals.sql as a local file for psql.
  const stored = await repo.materialise(prefix, { signal: opts.signal });
  const { instance, globals } = await setUpDumpRestoreInstance(db, {
    dumpRestoreId: row.id,
    targetDatabase: row.targetDatabase,
    dump: row.dump,
    globalsFile: path.join(stored.path, "globals.sql"),
    source: await connectionTarget(db, row.dump.clusterId, secretKey),
    bins: opts.bins,
    osUser,
    restore: opts.config.restore,
    signal: opts.signal,
    log: opts.log,
  }).finally(() => stored.release());
  return { target: instance.superuser, instance, globals };
}
