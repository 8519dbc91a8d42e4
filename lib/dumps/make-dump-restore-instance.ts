import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { recordDumpRestoreDiscarded, recordDumpRestoreInstance } from "@/lib/dumps/dump-restore-record";
import type { PgBinaries } from "@/lib/pg/binaries";
import type { ConnectionTarget } from "@/lib/pg/connect";
import { initInstance, instanceSocketDir, type InstanceSpec } from "@/lib/pg/instance";
import { startInstanceWithPortFallback } from "@/lib/pg/start-instance-with-port-fallback";
import type { OsUser } from "@/lib/pg/os-user";
import { destinationFor, type Destination } from "@/lib/restores/destination";
import { instancePortFallback, pickInstancePort, withInstancePlaceLock } from "@/lib/restores/instance-port";

/** The new instance's bootstrap superuser: pg_dumpall's globals usually name it too. */
export const INSTANCE_SUPERUSER = "postgres";

export interface DumpRestoreInstance {
  spec: InstanceSpec;
  /** The superuser over the instance's private socket (no password). */
  superuser: ConnectionTarget;
  /** Stops and removes what this call made (never a directory it refused as not empty). */
  undo: Destination["undo"];
}

/**
 * A new PostgreSQL instance of the dump's major for a dump restore, as a restore's new instance
 * is made: a directory under the first restore root and a port of the restore range, chosen
 * under the lock restores take to choose theirs (and skipping ports drills and other dump
 * restores hold), recorded on the row before anything is made; then initdb and start (on the next
 * free port, recorded too, if something took that one meanwhile). The
 * superuser is trusted only over the unix socket, whose directory only the server's OS user
 * (and root) can enter; TCP logins need a password (the superuser's is random and never kept).
 * A failure removes what was made (and frees the port on the row) before it is thrown.
 */
export async function makeDumpRestoreInstance(
  db: Db,
  opts: {
    dumpRestoreId: string;
    major: number;
    bins: PgBinaries;
    osUser: OsUser | undefined;
    restore: { roots: string[]; ports: { from: number; to: number } };
  },
): Promise<DumpRestoreInstance> {
  // Before anything is placed: a server of the dump's major must be installed on this host.
  await opts.bins.path("initdb", { major: opts.major });
  const { dataDir, port } = await withInstancePlaceLock(db, async (tx) => {
    const place = {
      dataDir: path.join(opts.restore.roots[0]!, `dump-restore-${opts.dumpRestoreId.slice(0, 8)}-${randomBytes(3).toString("hex")}`),
      port: await pickInstancePort(tx, opts.restore.ports),
    };
    await recordDumpRestoreInstance(tx, opts.dumpRestoreId, place);
    return place;
  });
  const spec: InstanceSpec = { dataDir, port, major: opts.major, bins: opts.bins, osUser: opts.osUser };
  const destination = destinationFor("new_instance", spec);
  try {
    await destination.prepare();
    await initInstance(spec, {
      superuser: INSTANCE_SUPERUSER,
      superuserPassword: randomBytes(24).toString("base64url"),
      hba: "trust-local",
      replication: false,
    });
    await startInstanceWithPortFallback(
      spec,
      instancePortFallback(db, {
        ports: opts.restore.ports,
        record: (tx, port) => recordDumpRestoreInstance(tx, opts.dumpRestoreId, { dataDir, port }),
      }),
    );
  } catch (err) {
    await destination.undo();
    await recordDumpRestoreDiscarded(db, opts.dumpRestoreId);
    throw err;
  }
  return {
    spec,
    superuser: {
      host: instanceSocketDir(spec),
      port: spec.port,
      database: "postgres",
      username: INSTANCE_SUPERUSER,
      password: null,
      sslmode: "disable",
    },
    undo: () => destination.undo(),
  };
}
